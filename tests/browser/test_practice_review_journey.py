"""A practice review from the lead's first form to its submitted copy, in Chromium: the review
shares an action with the JTAI's plan, each safeguarding partner approves it in their own
session, and the lead cannot submit it until the last of them has.

axe-core checks the pages the journey adds: linking an action, Approvers, and the approval.
"""

import datetime as dt

import pytest
from django.utils import timezone

from actionplans.approvals.models import Approver
from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.models import SubmittedPlan
from agencies.models import Membership, User
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

from .test_journeys import fill_date

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"
# The order they approve in: the police last, so that the lead is refused while they have not.
APPROVERS = [
    "childrens-services@southampton.example",
    "health@southampton.example",
    "police@southampton.example",
]
TITLE = "Local child safeguarding practice review: Child T"
SHORT = "Child T review"


def sign_out(visitor) -> None:
    visitor.page.get_by_role("button", name="Sign out").click()
    visitor.page.get_by_role("button", name="Sign in").wait_for()


def no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} px"


def approve_as(visitor, email: str, *, phone: bool = False) -> None:
    """The approver opens the request from their notifications and approves."""
    page = visitor.page
    visitor.sign_in(email, DEMO_PASSWORD)
    visitor.goto("/notifications/")
    page.get_by_role("link", name=f"approve the action plan for {SHORT}").first.click()
    page.get_by_role("heading", name="Approve the action plan").wait_for()
    visitor.assert_accessible()
    if phone:
        page.set_viewport_size({"width": 390, "height": 800})
        no_sideways_scroll(page, 390)
        visitor.assert_accessible()
    page.get_by_label("Yes, I approve it").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("You approved the plan. The lead is told.").wait_for()
    page.get_by_text("You have approved the plan as it reads now.").wait_for()
    if phone:
        no_sideways_scroll(page, 390)
        page.set_viewport_size({"width": 1280, "height": 800})
    sign_out(visitor)


def test_a_practice_review_is_approved_by_each_partner_then_submitted(visitor):
    load_demo()
    page = visitor.page
    today = timezone.localdate()
    visitor.sign_in(LEAD, DEMO_PASSWORD)

    # The review: counted by the regime's rule from the serious incident becoming known.
    page.get_by_role("link", name="Add an inspection").click()
    page.get_by_label("Title of the letter").fill(TITLE)
    page.get_by_label("Short title (optional)").fill(SHORT)
    kind = page.get_by_label("Kind of inspection or review")
    option = kind.locator("option", has_text="Child safeguarding practice review")
    kind.select_option(option.get_attribute("value"))
    page.get_by_label("Theme").fill("Children under five known to police but not to health")
    page.get_by_label("Ofsted").check()
    page.get_by_label("Legal basis").fill("Sections 16C and 16F of the Children Act 2004")
    fill_date(page, "Fieldwork start date", today - dt.timedelta(days=3))
    fill_date(page, "Fieldwork end date", today - dt.timedelta(days=2))
    fill_date(page, "Date the rule counts from, when not the letter", today - dt.timedelta(days=2))
    page.get_by_label("It does not: use the rule for this kind of inspection").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name=f"Action plan: {TITLE}").wait_for()
    plan = ActionPlan.objects.get(inspection__title=TITLE)
    assert plan.inspection.regime.code == "practice-review"
    assert plan.inspection.rule_starts_on == today - dt.timedelta(days=2)

    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Area for improvement").check()
    page.get_by_label("Reference").fill("F1")
    page.get_by_label("Text from the letter").fill(
        "No agency checked with health visiting after the police notification."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Make a recommendation from F1").click()
    page.get_by_label("Reference").fill("1")
    page.get_by_label("Lead agency").select_option(
        label="Southampton City Council Children's Services"
    )
    page.get_by_role("button", name="Save", exact=True).click()

    # The JTAI's action on late referrals also answers the review's recommendation.
    shared = Action.objects.get(reference="1.5", plan__inspection__regime__code="jtai")
    page.get_by_role("link", name="Link an existing action to recommendation 1").click()
    page.get_by_role("heading", name="Link an existing action").wait_for()
    visitor.assert_accessible()
    page.get_by_label(f"{shared.reference} {shared.title}").check()
    page.get_by_role("button", name="Link the action").click()
    page.get_by_role("heading", name=f"Action plan: {TITLE}").wait_for()
    recommendation = plan.inspection.findings.get().recommendations.get()
    assert shared.also_answers.filter(pk=recommendation.pk).exists()

    # Approvers: one per statutory partner, each the demo's owner for that agency.
    page.get_by_role("link", name="Approvers", exact=True).click()
    page.get_by_role("heading", name="Approvers", exact=True).wait_for()
    visitor.assert_accessible()
    people = {u.email: u for u in User.objects.filter(email__in=APPROVERS)}
    agency_of = {
        m.user.email: m.agency
        for m in Membership.objects.filter(
            user__email__in=APPROVERS, partnership=plan.inspection.partnership
        ).select_related("user", "agency")
    }
    assert {a.agency for a in Approver.objects.filter(plan=plan)} == set(agency_of.values())
    for email in APPROVERS:
        approver = Approver.objects.get(plan=plan, agency=agency_of[email])
        if approver.person_id != people[email].pk:
            page.get_by_role("link", name=f"Change the approver for {approver.agency}").click()
            page.get_by_label(f"Person who approves for {approver.agency}").select_option(
                label=f"{people[email]} ({email})"
            )
            page.get_by_role("button", name="Save the approver").click()
            page.get_by_text(f"{people[email]} now approves for {approver.agency}.").wait_for()
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("The plan is sent for approval: each approver is told by email.").wait_for()
    visitor.assert_accessible()
    sign_out(visitor)

    approve_as(visitor, APPROVERS[0], phone=True)
    approve_as(visitor, APPROVERS[1])

    # The police have not approved yet: the lead is told so, by name, and nothing is frozen.
    police = people[APPROVERS[2]]
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Check and submit").first.click()
    page.get_by_role("link", name="Mark as submitted").click()
    accept = page.get_by_label("I understand what is still missing and want to submit the plan now")
    if accept.count():
        accept.check()
    page.get_by_role("button", name="Yes, mark it as submitted").click()
    summary = page.get_by_role(
        "heading",
        name="The plan cannot be submitted until every approver has approved it as it reads now",
    )
    summary.wait_for()
    page.get_by_role(
        "link", name=f"{police} ({agency_of[police.email]}) has not approved"
    ).wait_for()
    assert not SubmittedPlan.objects.filter(plan=plan).exists()
    sign_out(visitor)

    approve_as(visitor, APPROVERS[2])

    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Check and submit").first.click()
    page.get_by_role("link", name="Mark as submitted").click()
    page.get_by_text("Every approver has approved the plan as it reads now.").wait_for()
    accept = page.get_by_label("I understand what is still missing and want to submit the plan now")
    if accept.count():
        accept.check()
    page.get_by_role("button", name="Yes, mark it as submitted").click()
    page.get_by_text("The plan is marked as submitted. Its frozen copy is below.").wait_for()
    visitor.assert_accessible()

    approved = page.get_by_role("table", name="Approved by")
    for email in APPROVERS:
        row = approved.get_by_role("row").filter(has_text=str(agency_of[email]))
        row.get_by_text(str(people[email])).wait_for()
    frozen = SubmittedPlan.objects.get(plan=plan)
    assert sorted(a["person"] for a in frozen.data["approved_by"]) == sorted(
        str(people[email]) for email in APPROVERS
    )
    assert visitor.errors == []
