import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from actionplans.plans.models import ActionPlan, Evidence
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory, ProgressUpdateFactory
from tests.agencies.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def file_evidence(action: Any, author: Any, *, added_at: dt.datetime | None = None) -> Evidence:
    evidence = Evidence(
        action=action,
        kind=Evidence.Kind.FILE,
        description="Audit report",
        original_name="audit.pdf",
        content_type="application/pdf",
        size=8,
        added_by=author,
    )
    evidence.file.save("upload", ContentFile(b"%PDF-1.4"), save=False)
    evidence.save()
    if added_at is not None:
        Evidence.objects.filter(pk=evidence.pk).update(added_at=added_at)
    return evidence


@pytest.fixture
def world() -> dict[str, Any]:
    """A submitted plan with one action, an update and one evidence file, and its lead."""
    action: Any = ActionFactory()
    plan = action.plan
    partnership = plan.inspection.partnership
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    owner = MembershipFactory(
        partnership=partnership, role=Membership.Role.OWNER, agency=action.owner_agency
    ).user
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now()
    )
    plan.refresh_from_db()
    update = ProgressUpdateFactory(action=action, author=owner)
    evidence = file_evidence(action, owner)
    return {
        "plan": plan,
        "action": action,
        "partnership": partnership,
        "lead": lead,
        "owner": owner,
        "update": update,
        "evidence": evidence,
    }
