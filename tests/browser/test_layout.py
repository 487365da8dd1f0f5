"""Details of layout a person notices: a date broken over two lines on a wide screen, and two
buttons side by side in a task that are not the same size on a phone."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplans.plans.models import Action, ActionPlan
from actionplans.submission.services import produce_board_report
from demo.data import DEMO_PASSWORD
from demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "lead@southampton.example"
LINES = """(selector) => [...document.querySelectorAll(selector)].map((cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return [cell.textContent.trim(), tops.size];
})"""
SIZES = """(names) => names.map((name) => {
  const target = [...document.querySelectorAll("main .govuk-button")].find(
    (b) => b.textContent.trim().startsWith(name)
  );
  const box = target.getBoundingClientRect();
  return [Math.round(box.width), Math.round(box.height)];
})"""


def test_the_board_reports_dates_stay_on_one_line_at_a_laptops_width(visitor):
    load_demo()
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    lead = get_user_model().objects.get(email=LEAD)
    today = timezone.localdate()
    produce_board_report(plan=plan, since=today - dt.timedelta(days=30), by=lead, today=today)
    visitor.page.set_viewport_size({"width": 1280, "height": 900})
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(f"/plans/{plan.pk}/board-reports/")
    cells = visitor.page.evaluate(
        LINES, "td[data-label='Report date'], td[data-label='Changes since']"
    )
    assert cells, "no report listed"
    assert [text for text, lines in cells if lines > 1] == []


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_off_and_send_back_are_the_same_size(visitor, width):
    load_demo()
    action = Action.objects.filter(status=Action.Status.AWAITING_SIGN_OFF).first()
    assert action is not None
    visitor.page.set_viewport_size({"width": width, "height": 900})
    visitor.sign_in(LEAD, DEMO_PASSWORD)
    visitor.goto(action.get_absolute_url())
    sign_off, send_back = visitor.page.evaluate(SIZES, ["Sign off", "Send back"])
    assert sign_off[1] == send_back[1]
    if width == 390:
        # Stacked on a phone, each as wide as the other.
        assert sign_off[0] == send_back[0]
