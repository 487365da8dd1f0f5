"""The two core journeys, done in Chromium as a person would: by labels, roles and the keyboard.

axe-core checks every page visited.
"""

import datetime as dt

import pytest
from django.utils import timezone

from actionplans.plans.models import Action, Evidence, ProgressUpdate
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo
from inspections.models import Inspection

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def test_lead_turns_a_letter_into_an_action_plan(visitor):
    load_demo()
    page = visitor.page
    deadline = timezone.localdate() + dt.timedelta(days=60)
    visitor.sign_in("lead@southampton.example", DEMO_PASSWORD)
    visitor.assert_accessible()

    page.get_by_role("link", name="Add an inspection").click()
    visitor.assert_accessible()
    page.get_by_label("Title of the letter").fill("Joint inspection of the response to neglect")
    page.get_by_label("Theme").fill("The multi-agency response to children living with neglect")
    page.get_by_label("Ofsted").check()
    page.get_by_label("Care Quality Commission (CQC)").check()
    page.get_by_label("HMICFRS").check()
    page.get_by_label("Legal basis").fill("Section 20 of the Children Act 2004")
    fill_date(page, "Fieldwork start date", deadline - dt.timedelta(days=120))
    fill_date(page, "Fieldwork end date", deadline - dt.timedelta(days=116))
    fill_date(page, "Date the letter was published", deadline - dt.timedelta(days=90))
    page.get_by_label("As a date").check()
    fill_date(page, "Submission deadline", deadline)
    page.get_by_role("button", name="Save", exact=True).click()

    page.get_by_role(
        # A JTAI's plan is named as the regime names it.
        "heading",
        name="Written statement of proposed action: Joint inspection of the response to neglect",
    ).wait_for()
    visitor.assert_accessible()
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Area for improvement").check()
    page.get_by_label("Reference").fill("AFI 1")
    page.get_by_label("Text from the letter").fill(
        "The quality of assessments of children living with neglect."
    )
    visitor.assert_accessible()
    page.get_by_role("button", name="Save", exact=True).click()

    page.get_by_role("link", name="Make a recommendation from AFI 1").click()
    visitor.assert_accessible()
    page.get_by_label("Reference").fill("1")
    page.get_by_label("Lead agency").select_option(
        label="Southampton City Council Children's Services"
    )
    page.get_by_role("button", name="Save", exact=True).click()

    page.get_by_role("link", name="Add an action to recommendation 1").click()
    visitor.assert_accessible()
    page.get_by_label("Reference").fill("1.1")
    page.get_by_label("What will be done?").fill("Audit 30 neglect assessments with partners")
    page.get_by_label("Owner agency").select_option(
        label="Southampton City Council Children's Services"
    )
    page.get_by_label("Named lead person").fill("Head of service, Children's Resource Service")
    fill_date(page, "Start date", deadline - dt.timedelta(days=30))
    fill_date(page, "Due date", deadline + dt.timedelta(days=60))
    page.get_by_label("Success measure").fill("90% of assessments judged good")
    page.get_by_role("button", name="Save", exact=True).click()

    page.get_by_role("link", name="1.1 Audit 30 neglect assessments with partners").wait_for()
    visitor.assert_accessible()
    inspection = Inspection.objects.get(title="Joint inspection of the response to neglect")
    action = Action.objects.get(plan__inspection=inspection)
    assert inspection.submission_deadline == deadline
    assert action.recommendation.finding.reference == "AFI 1"
    assert visitor.errors == []


def test_police_owner_adds_progress_and_evidence(visitor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    page = visitor.page
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    page.get_by_role("link", name="My actions").click()
    visitor.assert_accessible()

    page.get_by_role("link", name="Add update to 1.5").click()
    visitor.assert_accessible()
    page.get_by_label("What has happened since the last update?").fill(
        "Escalation route signed off; two late referrals flagged and acted on."
    )
    page.get_by_label("Green").check()
    page.get_by_label("Awaiting sign-off").check()
    page.get_by_role("button", name="Add update").click()
    page.get_by_text("Progress update added to 1.5.").wait_for()
    visitor.assert_accessible()

    page.get_by_role("link", name="1.5 Agree how partners flag late referrals").click()
    page.get_by_role("link", name="Add evidence").click()
    visitor.assert_accessible()
    page.get_by_label("What does it show?").fill("Signed-off escalation route")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "escalation-route.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_text("uploaded as escalation-route.pdf").wait_for()
    visitor.assert_accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Signed-off escalation route (").click()
    today = timezone.localdate()
    assert download.value.suggested_filename == f"action-1.5-evidence-{today:%Y-%m-%d}.pdf"

    action = Action.objects.get(reference="1.5")
    assert action.status == Action.Status.AWAITING_SIGN_OFF
    assert Evidence.objects.get(action=action, kind="file").content_type == "application/pdf"
    assert visitor.errors == []


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError(f"{locator} cannot be reached with the keyboard")


def test_an_owner_can_sign_in_and_update_with_the_keyboard_alone(visitor):
    load_demo()
    page = visitor.page
    visitor.goto("/sign-in/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type("health@southampton.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sign out").wait_for()

    tab_to(page, page.get_by_role("link", name="My actions"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Add update to 2.3"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("What has happened since the last update?"))
    page.keyboard.type("Monthly reporting started in November.")
    # A radio group is one Tab stop, at its checked option; the arrow keys choose another.
    tab_to(page, page.get_by_label("Amber"))
    page.keyboard.press("ArrowRight")
    tab_to(page, page.get_by_role("button", name="Add update"))
    page.keyboard.press("Enter")
    page.get_by_text("Progress update added to 2.3.").wait_for()

    update = ProgressUpdate.objects.get(text="Monthly reporting started in November.")
    assert (update.action.reference, update.rag) == ("2.3", "green")


def test_an_owner_writes_an_internal_note_that_the_exported_plan_leaves_out(visitor):
    load_demo()
    page = visitor.page
    visitor.sign_in("police@southampton.example", DEMO_PASSWORD)
    page.get_by_role("link", name="My actions").click()
    page.get_by_role("link", name="Add update to 1.5").click()
    note = "Two CRS staff are off sick until November: the audit may slip."
    page.get_by_label("What has happened since the last update?").fill(note)
    page.get_by_label(
        "Internal note: only people in this partnership see it, never in documents sent outside"
    ).check()
    page.get_by_label("Amber").check()
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Add update").click()
    page.get_by_text("Progress update added to 1.5.").wait_for()

    page.get_by_role("link", name="1.5 Agree how partners flag late referrals").click()
    card = page.locator(".govuk-summary-card", has_text=note)
    card.get_by_text("Internal", exact=True).wait_for()
    visitor.assert_accessible()
    assert ProgressUpdate.objects.get(text=note).internal
    assert visitor.errors == []
