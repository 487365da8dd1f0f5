"""The progress dashboard: its figures equal counts made here from the rows, plan by plan."""

import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from actionplans.plans.page_cache import bump_plan
from actionplans.plans.selectors import plan_actions
from agencies.models import Agency, Membership, User
from demo.loader import load_demo
from tests.actionplans.factories import (
    ActionPlanFactory,
    MeasureFactory,
    MeasureReadingFactory,
    ProgressUpdateFactory,
)
from tests.actionplans.measures.test_charts import points_of
from tests.agencies.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory
from tests.support import dashboard_page as page

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)
S = Action.Status


@pytest.fixture(autouse=True)
def _today():
    # The clock ticks on from noon, so that each save has a later `updated_at`, as in life.
    noon = dt.datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def due(action: Action) -> dt.date:
    return action.revised_due_date or action.due_date


def is_open(action: Action) -> bool:
    return action.status != S.COMPLETE


def assert_figures_match(html: str, actions: list[Action], plan: ActionPlan | None = None) -> None:
    """Every delivery figure on the page, against plain Python over the rows. On one `plan`'s
    dashboard an action of another plan is counted under each of this plan's recommendations
    it also answers."""
    delivery = page.section(html, "delivery", "measures")
    complete = sum(a.status == S.COMPLETE for a in actions)
    overdue = sorted(
        (a for a in actions if is_open(a) and due(a) < TODAY),
        key=lambda a: (due(a), a.reference, a.pk),
    )
    soon = sorted(
        (a for a in actions if is_open(a) and TODAY <= due(a) <= TODAY + dt.timedelta(days=14)),
        key=lambda a: (due(a), a.reference, a.pk),
    )
    assert page.figure(delivery, "total") == str(len(actions))
    percent = round(100 * complete / len(actions)) if actions else 0
    assert page.figure(delivery, "percent-complete") == f"{percent}%"
    assert page.figure(delivery, "overdue") == str(len(overdue))
    assert page.figure(delivery, "due-soon") == str(len(soon))
    assert page.counts(page.table(delivery, "by-status"), "status") == Counter(
        a.status for a in actions
    )
    assert page.counts(page.table(delivery, "by-rag"), "rag") == Counter(a.rag for a in actions)

    def keys(a: Action, attribute: str) -> set[int]:
        if attribute == "recommendation_id" and plan is not None and a.plan_id != plan.pk:
            return {r.pk for r in a.also_answers.all() if r.inspection_id == plan.inspection_id}
        return {getattr(a, attribute)}

    tables = [("by-agency", "owner_agency_id"), ("by-recommendation", "recommendation_id")]
    for table_id, attribute in tables:
        rows = page.keyed_rows(page.table(delivery, table_id))
        expected = {
            str(key): Counter(a.rag for a in actions if key in keys(a, attribute))
            for key in set().union(*(keys(a, attribute) for a in actions))
        }
        assert set(rows) == set(expected)
        for key, row in rows.items():
            assert page.counts(row, "rag") == expected[key]
            assert page.figure(row, "total") == str(expected[key].total())
    assert page.linked_actions(page.table(delivery, "overdue-list") if overdue else "") == [
        a.get_absolute_url() for a in overdue[:25]
    ]
    assert page.linked_actions(page.table(delivery, "due-soon-list") if soon else "") == [
        a.get_absolute_url() for a in soon[:25]
    ]


def plan_dashboard(plan: ActionPlan) -> str:
    return reverse("actionplans:plan-dashboard", args=[plan.pk])


# The demo ---------------------------------------------------------------------------------------


@pytest.fixture
def demo(client):
    load_demo(today=TODAY)
    client.force_login(User.objects.get(email="manager@southampton.example"))
    return ActionPlan.objects.get(inspection__regime__code="jtai")


def test_a_manager_signing_in_sees_the_southampton_dashboard_on_their_home(client):
    load_demo(today=TODAY)
    response = client.post(
        reverse("login"),
        {"username": "manager@southampton.example", "password": "demo-password-2025"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("actionplans:home")
    # The newest plan first: the practice review's, now that the JTAI's is in monitoring.
    assert response.context["manager"]["chosen"] == ActionPlan.objects.get(
        inspection__regime__code="practice-review"
    )
    assert "Progress dashboard" in response.content.decode()
    assert "Southampton" in response.content.decode()


def test_a_lead_still_lands_on_the_list_of_plans(client):
    load_demo(today=TODAY)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    assert client.get(reverse("actionplans:home")).status_code == 200


def test_demo_figures_equal_the_rows(client, demo):
    html = client.get(plan_dashboard(demo)).content.decode()
    assert_figures_match(html, list(plan_actions(demo)), demo)


def test_demo_shows_the_measures_with_their_impact_beside_delivery(client, demo):
    html = client.get(plan_dashboard(demo)).content.decode()
    police = page.section(html, f"measure-{Measure.objects.get(name__startswith='% of high').pk}")
    assert page.figure(police, "latest").startswith("97% on 18 September 2026, target 95%")
    assert page.figure(police, "impact") == "Green"
    ethnicity = Measure.objects.get(name__contains="ethnicity")
    block = page.section(html, f"measure-{ethnicity.pk}")
    assert page.figure(block, "movement") == "Not moving"
    assert page.figure(block, "impact") == "Red"
    assert page.figure(block, "delivery") == "Blue (complete)"
    assert "The actions are on track or done, but this measure is not improving" in block


def test_each_measure_chart_matches_its_table(client, demo):
    html = client.get(plan_dashboard(demo)).content.decode()
    charts = page.svgs(html)
    for measure in Measure.objects.all():
        chart = charts[f"measure-{measure.pk}"]
        rows = re.findall(
            r'<td class="govuk-table__cell">([^<]+)</td>'
            r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>',
            page.table_by_attribute(html, f'data-chart="measure-{measure.pk}"'),
        )
        drawn = points_of(chart)
        readings = list(measure.readings.order_by("date"))
        assert len(rows) == len(drawn) == len(readings) > 0
        for (date_text, value_text), (_, value, label, month), reading in zip(
            rows, drawn, readings, strict=True
        ):
            assert date_text == f"{reading.date.day} {reading.date:%B %Y}"
            assert label == value_text == f"{reading.value.normalize():f}%"
            assert round(value) == round(float(reading.value))
            assert month == f"{reading.date:%b %Y}"


def test_the_agency_chart_matches_its_table(client, demo):
    html = client.get(plan_dashboard(demo)).content.decode()
    chart = page.svgs(html)["rag-by-agency"]
    drawn: Counter[tuple[str, str]] = Counter()
    for rect in chart.iter("{http://www.w3.org/2000/svg}rect"):
        title = rect.find("{http://www.w3.org/2000/svg}title")
        if title is not None:
            agency, rest = title.text.rsplit(": ", 1)
            count, word = rest.split(" ", 1)
            drawn[(agency, word)] = int(count)
    expected: Counter[tuple[str, str]] = Counter()
    for action in plan_actions(demo).select_related("owner_agency"):
        expected[(action.owner_agency.short_name, action.get_rag_display())] += 1
    assert drawn == expected


def test_changes_since_a_chosen_date(client, demo):
    since = dt.date(2026, 9, 1)
    html = client.get(
        plan_dashboard(demo), {"since_0": "1", "since_1": "9", "since_2": "2026"}
    ).content.decode()
    changes = page.section(html, "changes")
    actions = list(Action.objects.filter(plan=demo))
    assert page.figure(changes, "new-updates") == str(
        ProgressUpdate.objects.filter(date__gte=since).count()
    )
    completed = [a for a in actions if a.signed_off_at and a.signed_off_at.date() >= since]
    assert page.figure(changes, "completed") == str(len(completed))
    slipped = [a for a in actions if is_open(a) and since <= due(a) < TODAY]
    assert page.figure(changes, "slipped") == str(len(slipped)) == "2"
    assert page.linked_actions(page.table(changes, "slipped-list")) == [
        a.get_absolute_url() for a in sorted(slipped, key=due)
    ]


def test_filters_are_kept_in_the_address_and_narrow_the_figures(client, demo):
    police = Agency.objects.get(short_name="Police")
    response = client.get(plan_dashboard(demo), {"agency": police.pk, "rag": "amber"})
    html = response.content.decode()
    expected = list(Action.objects.filter(plan=demo, owner_agency=police, rag=Rag.AMBER))
    assert expected
    assert_figures_match(html, expected)
    assert f'<option value="{police.pk}" selected>' in html
    assert '<option value="amber" selected>' in html
    # Measures of other agencies are left out too.
    assert "health navigator" not in page.section(html, "measures", "changes")


def test_a_bad_filter_is_ignored_not_an_error(client, demo):
    response = client.get(plan_dashboard(demo), {"rag": "purple", "since_0": "yesterday"})
    assert response.status_code == 200
    assert_figures_match(response.content.decode(), list(plan_actions(demo)), demo)


def test_countdown_before_the_deadline(client):
    load_demo(today=TODAY, deadline_in=21)
    client.force_login(User.objects.get(email="manager@southampton.example"))
    html = client.get(
        plan_dashboard(ActionPlan.objects.get(inspection__regime__code="jtai"))
    ).content.decode()
    countdown = page.section(html, "deadline", "readiness")
    deadline = TODAY + dt.timedelta(days=21)
    assert "<strong>21 days</strong> to the submission deadline" in countdown
    assert f"{deadline.day} {deadline:%B %Y}" in countdown


# A random data set over two partnerships -----------------------------------------------------


def random_plan(rng: random.Random, partnership, agencies, actions: int, secret: str):
    plan = ActionPlanFactory(inspection=InspectionFactory(partnership=partnership))
    recommendations = [
        RecommendationFactory(inspection=plan.inspection, lead_agency=rng.choice(agencies))
        for _ in range(3)
    ]
    author = UserFactory()
    for n in range(actions):
        status = rng.choice(list(S))
        start = TODAY - dt.timedelta(days=rng.randint(30, 300))
        due_date = TODAY + dt.timedelta(days=rng.randint(-40, 40))
        due_date = max(due_date, start)
        revised = due_date + dt.timedelta(days=rng.randint(1, 30)) if rng.random() < 0.2 else None
        action = Action.objects.create(
            plan=plan,
            recommendation=rng.choice(recommendations),
            reference=f"{n + 1}",
            title=f"{secret} action {n}",
            owner_agency=rng.choice(agencies),
            lead_name="Lead",
            start_date=start,
            due_date=due_date,
            revised_due_date=revised,
            revised_reason="Slipped" if revised else "",
            status=status,
            rag=Rag.BLUE if status == S.COMPLETE else rng.choice([Rag.RED, Rag.AMBER, Rag.GREEN]),
            signed_off_at=timezone.now() if status == S.COMPLETE else None,
        )
        for _ in range(rng.randint(0, 2)):
            ProgressUpdateFactory(action=action, author=author, text=f"{secret} update")
    measure = MeasureFactory(plan=plan, recommendation=recommendations[0], name=f"{secret} measure")
    MeasureReadingFactory(measure=measure, value=Decimal(rng.randint(0, 100)))
    return plan


@pytest.fixture
def two_partnerships():
    rng = random.Random(6)
    ours, theirs = MembershipFactory().partnership, MembershipFactory().partnership
    shared_police = AgencyFactory(name="Shared police force", partnerships=[ours, theirs])
    our_agencies = [shared_police, *AgencyFactory.create_batch(2, partnerships=[ours])]
    their_agencies = [shared_police, AgencyFactory(name="Their only agency", partnerships=[theirs])]
    ours_plan = random_plan(rng, ours, our_agencies, 40, "Ours")
    theirs_plan = random_plan(rng, theirs, their_agencies, 40, "Theirs")
    manager = MembershipFactory(partnership=ours, role=Membership.Role.MANAGER).user
    return ours_plan, theirs_plan, manager


def test_random_figures_equal_the_rows(client, two_partnerships):
    ours, _, manager = two_partnerships
    client.force_login(manager)
    html = client.get(plan_dashboard(ours)).content.decode()
    assert_figures_match(html, list(Action.objects.filter(plan=ours)))


def test_no_row_of_another_partnership_appears(client, two_partnerships):
    ours, theirs, manager = two_partnerships
    client.force_login(manager)
    for url in (plan_dashboard(ours), reverse("actionplans:dashboard")):
        html = client.get(url, {"since_0": "1", "since_1": "1", "since_2": "2000"}).content.decode()
        assert "Ours action" in html or "Ours measure" in html
        assert "Theirs" not in html
        assert "Their only agency" not in html
        for action in Action.objects.filter(plan=theirs):
            assert action.get_absolute_url() not in html
    assert client.get(plan_dashboard(theirs)).status_code == 404


def test_dashboard_across_partnerships_adds_up_each_plan(client, two_partnerships):
    ours, theirs, _ = two_partnerships
    both = UserFactory()
    MembershipFactory(user=both, partnership=ours.inspection.partnership)
    MembershipFactory(
        user=both, partnership=theirs.inspection.partnership, role=Membership.Role.MANAGER
    )
    client.force_login(both)
    html = client.get(reverse("actionplans:dashboard")).content.decode()
    rows = page.keyed_rows(page.table(html, "plans"))
    assert set(rows) == {str(ours.pk), str(theirs.pk)}
    for plan in (ours, theirs):
        actions = list(Action.objects.filter(plan=plan))
        row = rows[str(plan.pk)]
        assert page.figure(row, "total") == str(len(actions))
        overdue = [a for a in actions if is_open(a) and due(a) < TODAY]
        assert page.figure(row, "overdue") == str(len(overdue))
        assert page.figure(row, "red") == str(sum(a.rag == Rag.RED for a in actions))
    assert_figures_match(html, list(Action.objects.filter(plan__in=[ours, theirs])))


def test_a_manager_of_several_plans_can_switch_between_their_dashboards(client, two_partnerships):
    ours, theirs, manager = two_partnerships
    MembershipFactory(
        user=manager, partnership=theirs.inspection.partnership, role=Membership.Role.MANAGER
    )
    client.force_login(manager)
    response = client.get(reverse("actionplans:home"))
    assert set(response.context["manager"]["plans"]) == {ours, theirs}
    assert "Show the dashboard of" in response.content.decode()
    other = theirs if response.context["manager"]["chosen"] == ours else ours
    switched = client.get(reverse("actionplans:home"), {"plan": other.pk})
    assert switched.context["manager"]["chosen"] == other
    assert other.inspection.title in switched.content.decode()


# Freshness: the cache never shows figures older than the rows -----------------------------------


def test_a_saved_change_shows_at_once(client, demo):
    url = plan_dashboard(demo)
    client.get(url)
    action = Action.objects.get(reference="3.2")
    action.rag = Rag.GREEN
    action.save()
    html = client.get(url).content.decode()
    assert_figures_match(html, list(plan_actions(demo)), demo)


def test_a_saved_action_shows_at_once(client, demo):
    url = plan_dashboard(demo)
    client.get(url)
    action = Action.objects.get(reference="PCC 2.2")
    action.status, action.rag = S.IN_PROGRESS, Rag.AMBER
    action.save()
    html = client.get(url).content.decode()
    assert_figures_match(html, list(plan_actions(demo)), demo)


def test_an_update_without_signals_shows_at_once_when_it_bumps_the_plan(client, demo):
    url = plan_dashboard(demo)
    client.get(url)
    Action.objects.filter(reference="PCC 2.2").update(
        status=S.IN_PROGRESS, rag=Rag.AMBER, version=F("version") + 1
    )
    bump_plan(demo.pk)
    html = client.get(url).content.decode()
    assert_figures_match(html, list(plan_actions(demo)), demo)


def test_a_new_reading_shows_at_once(client, demo):
    url = plan_dashboard(demo)
    client.get(url)
    ethnicity = Measure.objects.get(name__contains="ethnicity")
    MeasureReading.objects.create(
        measure=ethnicity, date=TODAY, value=Decimal(71), author=User.objects.first()
    )
    html = client.get(url).content.decode()
    block = page.section(html, f"measure-{ethnicity.pk}")
    assert page.figure(block, "latest").startswith("71% on 25 November 2026")
    assert page.figure(block, "impact") == "Amber"


def test_links_follow_the_person_not_the_cache(client, demo):
    url = plan_dashboard(demo)
    client.force_login(User.objects.get(email="lead@southampton.example"))
    assert "Add a measure" in client.get(url).content.decode()
    client.force_login(User.objects.get(email="police@southampton.example"))
    html = client.get(url).content.decode()
    assert "Add a measure" not in html
    police_measures = Measure.objects.filter(owner_agency__short_name="Police")
    for measure in Measure.objects.all():
        link = reverse("actionplans:reading-create", args=[measure.pk])
        assert (link in html) == (measure in police_measures)
    client.force_login(User.objects.get(email="manager@southampton.example"))
    assert "Add a reading" not in client.get(url).content.decode()


# Queries: bounded, whatever the size ----------------------------------------------------------


def plan_with(actions: int):
    plan = ActionPlanFactory()
    partnership = plan.inspection.partnership
    agencies = AgencyFactory.create_batch(3, partnerships=[partnership])
    recommendations = [
        RecommendationFactory(inspection=plan.inspection, lead_agency=a) for a in agencies
    ]
    Action.objects.bulk_create(
        Action(
            plan=plan,
            recommendation=recommendations[n % 3],
            reference=str(n),
            title=f"Action {n}",
            owner_agency=agencies[n % 3],
            lead_name="Lead",
            start_date=TODAY - dt.timedelta(days=100),
            due_date=TODAY + dt.timedelta(days=n % 60 - 30),
            status=[S.NOT_STARTED, S.IN_PROGRESS][n % 2],
            rag=[Rag.RED, Rag.AMBER, Rag.GREEN][n % 3],
        )
        for n in range(actions)
    )
    author = UserFactory()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=a, author=author, date=TODAY, text="x", rag="green", status="in_progress"
        )
        for a in Action.objects.filter(plan=plan)
    )
    for recommendation in recommendations:
        measure = MeasureFactory(plan=plan, recommendation=recommendation)
        MeasureReadingFactory.create_batch(max(1, actions // 100), measure=measure, author=author)
    lead = MembershipFactory(partnership=partnership, role=Membership.Role.LEAD).user
    return plan, lead


@pytest.mark.parametrize("actions", [10, 1000])
def test_dashboard_queries_do_not_grow_with_actions(client, django_assert_max_num_queries, actions):
    plan, lead = plan_with(actions)
    client.force_login(lead)
    with django_assert_max_num_queries(30):
        assert client.get(plan_dashboard(plan)).status_code == 200
    # The body from the cache; from the database: the session, the person, their two-factor
    # state and memberships, the plan's version (with who may see it) and the unread count.
    with django_assert_max_num_queries(6):
        assert client.get(plan_dashboard(plan)).status_code == 200


@pytest.mark.parametrize("actions", [10, 1000])
def test_dashboard_across_queries_do_not_grow_with_actions(
    client, django_assert_max_num_queries, actions
):
    _, lead = plan_with(actions)
    client.force_login(lead)
    with django_assert_max_num_queries(32):
        assert client.get(reverse("actionplans:dashboard")).status_code == 200


def test_a_cached_dashboard_is_not_shown_to_someone_who_left_the_partnership(client, demo):
    url = plan_dashboard(demo)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user__email="manager@southampton.example").delete()
    assert client.get(url).status_code == 404
