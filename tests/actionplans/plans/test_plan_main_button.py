"""The plan page's main button: Check and submit before submission, then the submitted plan."""

from typing import Any

import pytest
from django.urls import reverse

from actionplans.submission.services import submit_plan
from agencies.models import Membership
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import MembershipFactory
from tests.support.approvals import approve_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_after_submission_the_main_button_shows_the_submitted_plan(client):
    # Factories are typed as themselves, not as the rows they make.
    action: Any = ActionFactory()
    plan = action.plan
    lead: Any = MembershipFactory(
        partnership=plan.inspection.partnership, role=Membership.Role.LEAD
    ).user
    client.force_login(lead)
    before = client.get(plan.get_absolute_url()).content.decode()
    assert ">Check and submit</a>" in before
    assert "View the submitted plan" not in before

    approve_plan(plan, by=lead)
    frozen = submit_plan(plan=plan, by=lead, gaps=[])

    after = client.get(plan.get_absolute_url()).content.decode()
    assert "Check and submit" not in after
    assert (
        f'<a class="govuk-button" href="{frozen.get_absolute_url()}">View the submitted plan</a>'
        in after
    )
    assert reverse("actionplans:plan-readiness", args=[plan.pk]) not in after
