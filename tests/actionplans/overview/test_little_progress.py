"""Areas with little progress: slipped, overdue and not complete, or red in the last two
progress updates in a row; on the page and in the Excel file for the yearly report."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.overview.selectors import little_progress, partnership_plans
from actionplans.plans.models import Action, Rag
from tests.actionplans.factories import ActionFactory, ProgressUpdateFactory
from tests.actionplans.overview.conftest import TODAY
from tests.actionplans.overview.test_plans import other_plan
from tests.support import dashboard_page as page

S = Action.Status
LATER = TODAY + dt.timedelta(days=60)


def act(partners, **kw) -> Action:
    defaults = {
        "plan": partners.jtai,
        "owner_agency": partners.police,
        "status": S.IN_PROGRESS,
        "due_date": LATER,
    }
    action: Action = ActionFactory(**(defaults | kw))
    return action


def listed(partners) -> dict[int, list[str]]:
    found = little_progress(partnership_plans(partners.partnership), TODAY)
    return {item.action.pk: item.reasons for item in found}


def updates(action: Action, *rags: Rag, first=dt.date(2026, 3, 3), every=35) -> None:
    for n, rag in enumerate(rags):
        ProgressUpdateFactory(action=action, rag=rag, date=first + dt.timedelta(days=n * every))


def test_a_slipped_action_says_from_when_to_when(partners):
    action = act(
        partners,
        due_date=dt.date(2026, 4, 30),
        revised_due_date=dt.date(2026, 7, 31),
        revised_reason="Waiting for the new system",
    )
    assert listed(partners) == {action.pk: ["Due date moved from 30 April 2026 to 31 July 2026"]}


def test_an_overdue_open_action_is_listed_but_not_a_complete_one(partners):
    late = act(partners, due_date=TODAY - dt.timedelta(days=1))
    act(
        partners,
        due_date=TODAY - dt.timedelta(days=10),
        status=S.COMPLETE,
        rag=Rag.BLUE,
        signed_off_at=timezone.now(),
    )
    assert listed(partners) == {late.pk: ["Overdue: due 11 May 2026 and not complete"]}


def test_an_action_on_time_and_on_track_is_not_listed(partners):
    action = act(partners)
    updates(action, Rag.RED, Rag.GREEN)
    # A date moved earlier is not a slip.
    act(partners, due_date=LATER, revised_due_date=LATER - dt.timedelta(days=7), revised_reason="x")
    assert listed(partners) == {}


def test_red_twice_in_a_row_is_listed_with_both_dates(partners):
    action = act(partners)
    updates(action, Rag.GREEN, Rag.RED, Rag.RED, first=dt.date(2026, 1, 27))
    assert listed(partners) == {
        action.pk: ["Red in the last two updates (3 March 2026 and 7 April 2026)"]
    }


def test_red_then_green_is_not_listed(partners):
    action = act(partners)
    updates(action, Rag.RED, Rag.RED, Rag.GREEN)
    assert listed(partners) == {}


def test_one_red_update_is_not_twice(partners):
    action = act(partners)
    updates(action, Rag.RED)
    assert listed(partners) == {}


def test_an_internal_note_does_not_count_towards_the_yearly_report(partners):
    action = act(partners)
    updates(action, Rag.RED)
    ProgressUpdateFactory(action=action, rag=Rag.RED, date=dt.date(2026, 4, 7), internal=True)
    assert listed(partners) == {}


def test_an_action_listed_for_several_reasons_gives_them_all(partners):
    action = act(
        partners,
        due_date=dt.date(2026, 3, 31),
        revised_due_date=dt.date(2026, 4, 30),
        revised_reason="Staff shortage",
    )
    updates(action, Rag.RED, Rag.RED)
    assert listed(partners) == {
        action.pk: [
            "Due date moved from 31 March 2026 to 30 April 2026",
            "Overdue: due 30 April 2026 and not complete",
            "Red in the last two updates (3 March 2026 and 7 April 2026)",
        ]
    }


def test_the_page_lists_plan_recommendation_action_owner_and_why(client, partners):
    action = act(partners, due_date=TODAY - dt.timedelta(days=1), title="Audit late referrals")
    client.force_login(partners.manager)
    url = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    html = client.get(url).content.decode()
    rows = page.keyed_rows(page.section(html, "little-progress"))
    assert list(rows) == [str(action.pk)]
    row = rows[str(action.pk)]
    for shown in (
        "JTAI 2025",
        action.recommendation.reference,
        f"{action.reference} Audit late referrals",
        "Hampshire and Isle of Wight Constabulary",
        "Overdue: due 11 May 2026 and not complete",
    ):
        assert shown in row
    assert "yearly report" in html
    assert "Working Together to Safeguard Children 2023" in html


def test_the_page_says_when_nothing_is_slow(client, partners):
    client.force_login(partners.lead)
    url = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    html = client.get(url).content.decode()
    assert "No action has slipped, is overdue or has been red twice in a row" in html
    assert "Download this list" not in html


def test_the_filters_narrow_the_list_too(client, partners):
    act(partners, due_date=TODAY - dt.timedelta(days=1))
    review = other_plan(partners)
    theirs = act(partners, plan=review, due_date=TODAY - dt.timedelta(days=2))
    client.force_login(partners.lead)
    url = reverse("actionplans:partnership-overview", args=[partners.partnership.pk])
    html = client.get(url, {"regime": "other"}).content.decode()
    assert list(page.keyed_rows(page.section(html, "little-progress"))) == [str(theirs.pk)]
    assert "little-progress.xlsx?regime=other" in html


def test_the_excel_file_holds_the_list(client, partners):
    slipped = act(
        partners,
        due_date=dt.date(2026, 4, 30),
        revised_due_date=dt.date(2026, 7, 31),
        revised_reason="Waiting for the new system",
        title="=Train the MASH staff",
    )
    client.force_login(partners.lead)
    url = reverse(
        "actionplans:partnership-little-progress-download", args=[partners.partnership.pk]
    )
    response = client.get(url)
    assert response["Content-Disposition"] == (
        'attachment; filename="little-progress-southampton-2026-05-12.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == (
        "Southampton Safeguarding Children Partnership: areas with little progress, "
        "produced 12 May 2026"
    )
    assert values[1] == [
        "Plan",
        "Recommendation reference",
        "Action reference",
        "Action",
        "Owner agency",
        "Status",
        "Now due",
        "Why it is listed",
    ]
    assert values[2] == [
        "JTAI 2025",
        slipped.recommendation.reference,
        slipped.reference,
        "'=Train the MASH staff",  # never run as a formula
        "Hampshire and Isle of Wight Constabulary",
        "In progress",
        dt.datetime(2026, 7, 31),
        "Due date moved from 30 April 2026 to 31 July 2026",
    ]
    assert len(values) == 3
