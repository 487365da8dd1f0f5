"""What reminder emails say, in their plain-text and HTML parts."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from actionplans.reminders.delivery import send_due_reminders_now
from agencies.models import Membership
from outbox.services import SUBJECT_MAX, short_subject
from tests.actionplans.factories import ActionFactory
from tests.agencies.factories import AgencyFactory, MembershipFactory
from tests.support.reminders import at, plan_with_people, reminder_ids

pytestmark = pytest.mark.django_db
SITE = "https://plans.example.org"
FRIDAY = dt.date(2025, 10, 10)  # 14 days before the plan's deadline, 24 October 2025


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def parts(message) -> tuple[str, str]:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def to(user):
    messages = [m for m in mail.outbox if m.to == [user.email]]
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def test_a_persons_reminders_of_one_sweep_come_in_one_email():
    action, _, owner = plan_with_people(due_date=FRIDAY + dt.timedelta(days=7))
    ActionFactory(
        plan=action.plan,
        owner_agency=action.owner_agency,
        reference="1.9",
        title="Repeat the audit of referral timeliness",
        due_date=FRIDAY - dt.timedelta(days=1),
    )
    with time_machine.travel(at(FRIDAY), tick=False):
        send_due_reminders_now()
    message = to(owner)
    assert len(reminder_ids(message)) >= 2
    text, html = parts(message)
    for part in (text, html):
        assert f"Action {action.reference} is due in 7 days" in part
        assert "Action 1.9 is 1 day overdue" in part
        # The most pressing first.
        assert part.index("Action 1.9 is 1 day overdue") < part.index("is due in 7 days")
    assert "1 overdue, 1 due soon" in message.subject


def test_the_lead_reads_the_plans_readiness_gaps_with_links_to_fix_them():
    action, lead, _ = plan_with_people(due_date=dt.date(2028, 3, 31), success_measure="")
    with time_machine.travel(at(FRIDAY), tick=False):
        send_due_reminders_now()
    text, html = parts(to(lead))
    gap = f"Action {action.reference} has no success measure"
    # The link lands on the field, and saving it comes back to the checklist.
    fix = f"{SITE}/actions/{action.pk}/edit/?next=%2Fplans%2F{action.plan.pk}%2Freadiness%2F"
    assert f"- {gap}: {fix}#id_success_measure" in text
    assert f'<a href="{fix}#id_success_measure">{gap}</a>' in html
    assert f"Check and submit the plan: {SITE}/plans/{action.plan.pk}/readiness/" in text
    assert "must reach the inspectorate by 24 October 2025 (14 days from today)" in text


def test_an_owner_reads_only_what_their_agency_owes_the_submission():
    # Theirs: one action lacking a named lead; one due in 2028 lacking nothing. Another agency's
    # action lacking a success measure. All started lately: no nudge about a missing update.
    started = FRIDAY - dt.timedelta(days=3)
    lacking, lead, owner = plan_with_people(
        due_date=dt.date(2026, 3, 31), lead_name="", start_date=started
    )
    later = ActionFactory(
        start_date=started,
        plan=lacking.plan,
        owner_agency=lacking.owner_agency,
        reference="1.8",
        title="Embed the new referral standard in every team",
        due_date=dt.date(2028, 6, 30),
    )
    other_agency = AgencyFactory()
    MembershipFactory(
        partnership=lacking.plan.inspection.partnership,
        role=Membership.Role.OWNER,
        agency=other_agency,
    )
    theirs = ActionFactory(
        plan=lacking.plan, owner_agency=other_agency, reference="3.1", success_measure=""
    )
    with time_machine.travel(at(FRIDAY), tick=False):
        send_due_reminders_now()
    text, html = parts(to(owner))
    for part in (text, html):
        assert "Your agency's actions still need this for the submission" in part
        assert f"Action {lacking.reference} has no named lead person" in part
        assert later.title not in part
        assert "Action 1.8" not in part
        assert f"Action {theirs.reference}" not in part
    # The lead reads every gap, the other agency's too.
    lead_text, _ = parts(to(lead))
    assert f"Action {theirs.reference} has no success measure" in lead_text


def test_reminders_never_say_statutory_and_say_why_they_cannot_be_switched_off():
    plan_with_people(due_date=FRIDAY, success_measure="")
    with time_machine.travel(at(FRIDAY), tick=False):
        send_due_reminders_now()
    assert mail.outbox
    for message in mail.outbox:
        text, html = parts(message)
        for part in (message.subject, text, html):
            assert "statutory" not in part.lower()
        assert "these cannot be switched off because they are about deadlines" in text
        assert "these cannot be switched off because they are about deadlines" in html


def test_every_link_uses_the_site_address():
    plan_with_people(due_date=FRIDAY, success_measure="")
    with time_machine.travel(at(FRIDAY), tick=False):
        send_due_reminders_now()
    for message in mail.outbox:
        text, html = parts(message)
        links = re.findall(r"https?://[^\s\"<>]+", text + html)
        assert links
        assert all(link.startswith(f"{SITE}/") for link in links), links


def test_a_long_subject_is_cut_at_a_word_with_an_ellipsis():
    title = (
        "Agree with every partner how written records of strategy meetings and the outcomes of "
        "child protection enquiries are shared"
    )
    monday = dt.date(2025, 10, 13)
    action, _, owner = plan_with_people(due_date=monday, title=title, start_date=monday)
    with time_machine.travel(at(monday, 6), tick=False):  # before the digest hour
        send_due_reminders_now()
    subject = to(owner).subject
    assert subject.startswith(f"Due today: action {action.reference} (JTAI 2025) Agree with every")
    assert len(subject) <= SUBJECT_MAX
    assert subject.endswith("…")
    words = subject.removesuffix("…").split()
    assert title.split()[len(words) - 7] == words[-1]  # a whole word of the title, not a part


def test_a_subject_that_fits_is_left_whole():
    assert short_subject("Due today:  action 1.1\n Audit") == "Due today: action 1.1 Audit"
    cut = short_subject("word " * 30)
    assert cut == ("word " * 15).strip() + "…"
