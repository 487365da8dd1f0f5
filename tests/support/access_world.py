"""The little world both access-control matrices run in.

Partnership P has two agencies, A and B, each leading one recommendation with one action and one
progress update. Partnership Q is another area with its own lead and plan. The people are the
roles of the access matrix, each signed in as themselves.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tokens import create_token
from actionplans.approvals.models import ApprovalRequest, Approver
from actionplans.contributions.models import Contributor
from actionplans.contributions.services import send_update_request, submit_contribution
from actionplans.notifications.models import Notification
from actionplans.plans.models import Evidence
from actionplans.records.models import LegalHold, RetentionRun
from actionplans.reminders.services import regenerate_calendar_token
from actionplans.rounds.models import UpdateRound
from actionplans.submission.models import BoardReport, PlanImport, SubmittedPlan
from agencies.models import Membership
from agencies.people.services import invite_person
from outbox.models import Email
from tests.actionplans.factories import (
    ActionFactory,
    ActionPlanFactory,
    MeasureFactory,
    MeasureReadingFactory,
    ProgressUpdateFactory,
)
from tests.agencies.factories import (
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)
from tests.inspections.factories import FindingFactory, InspectionFactory, RecommendationFactory

# The columns of both matrices, in this order.
ROLES = (
    "anonymous",
    "lead",  # partnership lead of P
    "lead_other",  # partnership lead of Q, another partnership
    "owner_a",  # agency owner of agency A in P
    "owner_b",  # agency owner of agency B in P
    "manager",  # manager in P
    "deactivated",  # was a lead of P; account deactivated
    "staff",  # is_staff, no membership
    "superuser",  # is_superuser, no membership: rules give superusers nothing extra
)


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    world = World()
    p = PartnershipFactory()
    q = PartnershipFactory()
    agency_a = AgencyFactory(partnerships=[p, q])
    agency_b = AgencyFactory(partnerships=[p])

    inspection = InspectionFactory(partnership=p)
    finding = FindingFactory(inspection=inspection)
    recommendation_a = RecommendationFactory(
        inspection=inspection, finding=finding, lead_agency=agency_a
    )
    recommendation_b = RecommendationFactory(inspection=inspection, lead_agency=agency_b)
    plan = ActionPlanFactory(inspection=inspection)
    action_a = ActionFactory(plan=plan, recommendation=recommendation_a)
    action_b = ActionFactory(plan=plan, recommendation=recommendation_b)

    inspection_q = InspectionFactory(partnership=q)
    finding_q = FindingFactory(inspection=inspection_q)
    recommendation_q = RecommendationFactory(inspection=inspection_q, lead_agency=agency_a)
    plan_q = ActionPlanFactory(inspection=inspection_q)
    action_q = ActionFactory(plan=plan_q, recommendation=recommendation_q)

    lead = MembershipFactory(partnership=p, role=Membership.Role.LEAD).user
    world.users = {
        "anonymous": AnonymousUser(),
        "lead": lead,
        "lead_other": MembershipFactory(partnership=q, role=Membership.Role.LEAD).user,
        "owner_a": MembershipFactory(
            partnership=p, role=Membership.Role.OWNER, agency=agency_a
        ).user,
        "owner_b": MembershipFactory(
            partnership=p, role=Membership.Role.OWNER, agency=agency_b
        ).user,
        "manager": MembershipFactory(partnership=p, role=Membership.Role.MANAGER).user,
        "deactivated": MembershipFactory(
            partnership=p, role=Membership.Role.LEAD, user__is_active=False
        ).user,
        "staff": UserFactory(is_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    world.objects = {
        "partnership": p,
        "inspection": inspection,
        "finding": finding,
        "recommendation_a": recommendation_a,
        "recommendation_b": recommendation_b,
        "plan": plan,
        "action_a": action_a,
        "action_b": action_b,
        "progress_a": ProgressUpdateFactory(action=action_a, author=lead),
        "progress_b": ProgressUpdateFactory(action=action_b, author=lead),
        # Q's counterparts: P's people must get nothing of them.
        "partnership_other": q,
        "inspection_other": inspection_q,
        "finding_other": finding_q,
        "recommendation_other": recommendation_q,
        "plan_other": plan_q,
        "action_other": action_q,
        "progress_other": ProgressUpdateFactory(action=action_q),
    }
    world.objects["measure_a"] = MeasureFactory(
        plan=plan, recommendation=recommendation_a, owner_agency=agency_a
    )
    world.objects["measure_other"] = MeasureFactory(
        plan=plan_q, recommendation=recommendation_q, owner_agency=agency_a
    )
    world.objects["reading_a"] = MeasureReadingFactory(measure=world.objects["measure_a"])
    world.objects["reading_other"] = MeasureReadingFactory(measure=world.objects["measure_other"])
    world.objects["api_token_lead"] = create_token(
        user=world.users["lead"],
        name="Power BI",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    ).token
    world.objects["notification_a"] = Notification.objects.create(
        recipient=world.users["owner_a"],
        kind=Notification.Kind.SENT_BACK,
        partnership=p,
        action=action_a,
        text="Sent back.",
    )
    world.objects["calendar_token_a"] = regenerate_calendar_token(user=world.users["owner_a"])
    world.objects["evidence_a"] = _file_evidence(action_a, lead)
    world.objects["evidence_other"] = _file_evidence(action_q, world.users["lead_other"])
    world.objects["submission"] = SubmittedPlan.objects.create(
        plan=plan,
        submitted_at=timezone.now(),
        submitted_by=lead,
        data={"partnership": p.name, "sections": []},
        word_document=ContentFile(b"PK-word", name="plan.docx"),
        pdf_document=ContentFile(b"%PDF-1.4", name="plan.pdf"),
    )
    world.objects["board_report"] = BoardReport.objects.create(
        plan=plan,
        since=timezone.localdate(),
        report_date=timezone.localdate(),
        produced_by=world.users["manager"],
        word_document=ContentFile(b"PK-word", name="board.docx"),
        pdf_document=ContentFile(b"%PDF-1.4", name="board.pdf"),
    )
    world.objects["plan_import"] = PlanImport.objects.create(
        plan=plan, uploaded_by=lead, filename="plan.csv", headers=["Action"], rows=[["x"]]
    )
    # Agency A's owner approves the plan, which the lead has sent for approval.
    world.objects["approver_a"] = Approver.objects.create(
        plan=plan, agency=agency_a, person=world.users["owner_a"]
    )
    ApprovalRequest.objects.create(plan=plan, digest="0" * 64, sent_by=lead)
    world.objects["membership_a"] = Membership.objects.get(user=world.users["owner_a"])
    sent = invite_person(
        partnership=world.objects["partnership"],
        email="invited@example.org",
        role=Membership.Role.MANAGER,
        agency=None,
        by=world.users["lead"],
    )
    world.objects["invitation"] = sent.invitation
    world.objects["invitation_token"] = sent.token
    _add_contributions(world, "a", action_a, world.users["owner_a"])
    _add_contributions(world, "other", action_q, world.users["lead_other"])
    world.objects["hold_a"] = LegalHold.objects.create(plan=plan, reason="Inquiry", placed_by=lead)
    world.objects["hold_other"] = LegalHold.objects.create(
        plan=plan_q, reason="Inquiry", placed_by=world.users["lead_other"]
    )
    world.objects["retention_run"] = RetentionRun.objects.create(partnership=p)
    world.objects["retention_run_other"] = RetentionRun.objects.create(partnership=q)
    # Open update rounds, made as rows: opening one through its service would email people.
    world.objects["round_a"] = UpdateRound.objects.create(
        plan=plan, name="November board", closes_on=timezone.localdate(), opened_by=lead
    )
    world.objects["round_other"] = UpdateRound.objects.create(
        plan=plan_q,
        name="November board",
        closes_on=timezone.localdate(),
        opened_by=world.users["lead_other"],
    )
    return world


def _add_contributions(world: World, suffix: str, action: Any, by: Any) -> None:
    """An update request for the action, its link's token, and a pending contribution."""
    contributor = Contributor.objects.create(
        partnership=action.plan.inspection.partnership,
        name="Jo Bloggs",
        email=f"jo.{suffix}@school.example",
    )
    request = send_update_request(actions=[action], contributor=contributor, message="", by=by)
    body = Email.objects.filter(to=contributor.email).latest("pk").body
    token = re.search(r"/contribute/([A-Za-z0-9_-]+)/", body)
    assert token is not None
    world.objects[f"update_request_{suffix}"] = request
    world.objects[f"contribute_token_{suffix}"] = token.group(1)
    world.objects[f"contribution_{suffix}"] = submit_contribution(
        update_request=request,
        action=action,
        text="Half done",
        suggested_rag="green",
        form_token=uuid.uuid4(),
        from_ip=None,
    )


def _file_evidence(action: Any, author: Any) -> Evidence:
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
    return evidence
