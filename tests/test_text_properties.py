"""Property-based: whatever text a person types or pastes (any Unicode: control characters,
right-to-left scripts, emoji, up to 10,000 characters), every form that takes text answers with
the next page or with a message saying what to fix, never an error; and every document the plan
goes out in (the four exports, a board report, the submission pack) still renders.

Each example runs in a savepoint rolled back at its end, so examples start from the same world.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from actionplans.plans.models import Action
from agencies.models import Membership, User
from tests.actionplans.factories import ActionFactory, ActionPlanFactory, MeasureFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.inspections.factories import FindingFactory, InspectionFactory, RecommendationFactory
from tests.support import documents
from tests.support.browsing import form_values

pytestmark = pytest.mark.django_db

# What people paste that plain generation rarely draws: controls, bidirectional marks, scripts
# written right to left, emoji with joiners and modifiers, the characters XML cannot hold.
AWKWARD = [
    *(chr(c) for c in range(0x20)),
    "\x7f", "\x85", "\x9b", "\ufffe", "\uffff", "\u200b", "\u200d", "\u202e", "\u2066", "\u2069",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U0001f469\u200d\u2695\ufe0f",
    "\U0001f44d\U0001f3fd", "\U0001f1ec\U0001f1e7", "=HYPERLINK(\"http://x\")", "<script>",
    "{{ secret }}", "%s", "\U0010fffd",
]  # fmt: skip
PIECE = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=10_000),
    st.sampled_from(AWKWARD),
)
# Surrogates cannot travel in a UTF-8 form post; `ui.text` is tested on them directly.
TEXT = st.lists(PIECE, max_size=12).map(lambda pieces: "".join(pieces)[:10_000])


@dataclass
class FormUse:
    role: str  # who fills it in
    url: str
    button: str
    text_fields: tuple[str, ...]
    extra: dict[str, str]


def dated(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def world(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC), tick=False)
    partnership = PartnershipFactory()
    police = AgencyFactory(partnerships=[partnership])
    inspection = InspectionFactory(partnership=partnership)
    finding = FindingFactory(inspection=inspection)
    recommendation = RecommendationFactory(
        inspection=inspection, finding=finding, lead_agency=police
    )
    plan = ActionPlanFactory(inspection=inspection)
    action = ActionFactory(plan=plan, recommendation=recommendation, due_date=dt.date(2025, 12, 19))
    measure = MeasureFactory(plan=plan, recommendation=recommendation, owner_agency=police)
    MembershipFactory(partnership=partnership, role=Membership.Role.LEAD)
    MembershipFactory(partnership=partnership, role=Membership.Role.OWNER, agency=police)
    clients = {}
    for role, kind in (("lead", Membership.Role.LEAD), ("owner", Membership.Role.OWNER)):
        clients[role] = Client()
        clients[role].force_login(
            User.objects.get(memberships__partnership=partnership, memberships__role=kind)
        )
    uses = [
        # The lead's send-back comes first: the owner's update then takes the action back.
        FormUse("lead", reverse("actionplans:action-send-back", args=[action.pk]), "Send back",
                ("reason",), {}),
        FormUse("owner", reverse("actionplans:progress-create", args=[action.pk]), "Add update",
                ("text",), {"rag": "amber", "status": "in_progress"}),
        FormUse("owner", reverse("actionplans:action-revise-due-date", args=[action.pk]),
                "Revise the due date", ("revised_reason",),
                dated("revised_due_date", dt.date(2026, 3, 31))),
        FormUse("owner", reverse("actionplans:evidence-create", args=[action.pk]), "Add evidence",
                ("description",), {"url": "https://intranet.example/audit"}),
        FormUse("owner", reverse("actionplans:reading-create", args=[measure.pk]), "Add reading",
                ("comment",), {"date": "2025-09-30", "value": "64"}),
        FormUse("lead", reverse("actionplans:action-update", args=[action.pk]), "Save",
                ("title", "description", "lead_name", "success_measure"), {}),
        FormUse("lead", reverse("actionplans:action-create", args=[plan.pk]), "Save",
                ("reference", "title", "description", "lead_name", "success_measure"),
                {"recommendation": str(recommendation.pk), "owner_agency": str(police.pk),
                 **dated("start_date", dt.date(2025, 10, 1)),
                 **dated("due_date", dt.date(2026, 1, 30))}),
        FormUse("lead", reverse("inspections:finding-create", args=[inspection.pk]), "Save",
                ("reference", "text"), {"kind": finding.kind}),
        FormUse("lead", reverse("inspections:finding-update", args=[inspection.pk, finding.pk]),
                "Save", ("reference", "text"), {}),
        FormUse("lead", reverse("inspections:recommendation-create", args=[inspection.pk]),
                "Save", ("reference", "title", "text"),
                {"source": "letter", "lead_agency": str(police.pk)}),
        FormUse("lead", reverse("inspections:recommendation-update",
                                args=[inspection.pk, recommendation.pk]), "Save",
                ("title", "text"), {}),
        FormUse("lead", reverse("inspections:inspection-update", args=[inspection.pk]), "Save",
                ("title", "theme"), {}),
        FormUse("lead", reverse("actionplans:measure-create", args=[plan.pk]), "Save measure",
                ("name",), {"owner_agency": str(police.pk), "baseline": "40", "target": "90"}),
        FormUse("lead", reverse("accounts:access-tokens"), "Create token", ("name",), {}),
    ]  # fmt: skip
    return plan, action, clients, uses


def fill_in(client: Client, use: FormUse, text: str) -> int:
    page = client.get(use.url)
    assert page.status_code == 200, use.url
    data = form_values(page.content.decode(), use.button)
    data.update({name: [value] for name, value in use.extra.items()})
    data.update({name: [text] for name in use.text_fields})
    response = client.post(use.url, data)
    assert response.status_code < 500, (use.url, response.status_code)
    assert response.status_code in (200, 302, 400), (use.url, response.status_code)
    body = response.content.decode()
    if response.status_code == 400 or (response.status_code == 200 and "token" not in use.url):
        # Shown again, with a summary of what to fix.
        assert "govuk-error-summary" in body, use.url
    return response.status_code


@given(text=TEXT)
def test_any_text_in_any_form_answers_with_a_page_and_every_document_still_renders(world, text):
    plan, action, clients, uses = world
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(status=Action.Status.AWAITING_SIGN_OFF)
        for use in uses:
            fill_in(clients[use.role], use, text)
        for page in (action.get_absolute_url(), plan.get_absolute_url()):
            assert clients["lead"].get(page).status_code == 200
        documents.exports(clients["lead"], plan)
        documents.board_report(clients["lead"], plan)
        documents.submission(clients["lead"], plan)
        transaction.set_rollback(True)


def test_the_forms_are_filled_in_as_they_would_be_saved(world):
    """Plain text goes through every form above: the property is not met by error pages alone."""
    _, action, clients, uses = world
    Action.objects.filter(pk=action.pk).update(status=Action.Status.AWAITING_SIGN_OFF)
    # A reference of its own for each form: two findings may not share one.
    answers = {
        use.url: fill_in(clients[use.role], use, f"Ref {number}: audit")
        for number, use in enumerate(uses)
    }
    token_page = reverse("accounts:access-tokens")
    assert answers == {use.url: 200 if use.url == token_page else 302 for use in uses}
