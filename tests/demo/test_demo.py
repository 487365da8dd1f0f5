import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actionplans.measures.impact import delivery_rag, impact_rag
from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from actionplans.submission.models import SubmittedPlan
from agencies.models import Invitation, Membership
from demo.data import DEMO_PASSWORD, INVITED_EMAIL, USERS
from demo.loader import load_demo
from inspections.models import Finding, Inspection, Recommendation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every project model, to compare two loads."""
    rows = {}
    for app in ("agencies", "inspections", "actionplans"):
        for model in apps.get_app_config(app).get_models():
            rows[model.__name__] = [
                {**model_to_dict(o), "updated_at": getattr(o, "updated_at", None)}
                for o in model.objects.order_by("pk")
            ]
    return rows


def test_a_second_load_changes_nothing():
    load_demo(today=TODAY)
    before = snapshot()
    again = load_demo(today=TODAY)
    assert again.changed == 0
    assert snapshot() == before


def test_demo_holds_the_southampton_inspection():
    load_demo(today=TODAY)
    inspection = Inspection.objects.get(regime__code="jtai")
    assert inspection.submission_deadline == dt.date(2025, 10, 24)
    assert inspection.computed_deadline == dt.date(2025, 10, 24)
    assert (inspection.fieldwork_start, inspection.fieldwork_end) == (
        dt.date(2025, 5, 19),
        dt.date(2025, 5, 23),
    )
    assert (
        inspection.get_inspectorates_display()
        == "Ofsted, Care Quality Commission (CQC) and HMICFRS"
    )
    assert "Children Act 2004" in inspection.legal_basis
    areas = inspection.findings.filter(kind=Finding.Kind.AREA_FOR_IMPROVEMENT).order_by("position")
    assert [f.reference for f in areas] == ["AFI 1", "AFI 2", "AFI 3"]
    leads = {
        r.finding.reference: r.lead_agency.kind
        for r in inspection.recommendations.filter(source=Recommendation.Source.LETTER)
    }
    assert leads == {"AFI 1": "police", "AFI 2": "health", "AFI 3": "childrens_services"}
    pcc = inspection.recommendations.filter(source=Recommendation.Source.AGENCY_RESPONSE)
    assert pcc.count() == 5


def test_every_role_has_a_demo_user_who_can_sign_in():
    load_demo(today=TODAY)
    roles = {m.user.email: m.role for m in Membership.objects.select_related("user")}
    assert roles["lead@southampton.example"] == Membership.Role.LEAD
    assert roles["manager@southampton.example"] == Membership.Role.MANAGER
    for email in ("police", "health", "childrens-services", "education"):
        assert roles[f"{email}@southampton.example"] == Membership.Role.OWNER
    # django-axes needs the request to count failures, as the sign-in page gives it.
    request = RequestFactory().post("/sign-in/")
    for spec in USERS:
        assert authenticate(request, username=spec.email, password=DEMO_PASSWORD) is not None
    admin = authenticate(request, username="admin@southampton.example", password=DEMO_PASSWORD)
    assert admin.is_staff


def test_by_default_the_plan_stands_as_it_does_today():
    load_demo(today=TODAY)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert plan.status == ActionPlan.Status.MONITORING
    assert plan.submitted_at.date() == dt.date(2025, 10, 23)
    actions = Action.objects.all()
    complete = actions.filter(status=Action.Status.COMPLETE).count()
    assert complete > actions.count() / 2
    assert Action.objects.overdue(TODAY).exists()
    assert Action.objects.open().due_between(TODAY, TODAY + dt.timedelta(days=120)).exists()
    assert not ProgressUpdate.objects.filter(date__gt=TODAY).exists()
    for agency_kind in ("police", "health", "childrens_services", "education"):
        assert actions.filter(owner_agency__kind=agency_kind).exists()


def test_deadline_in_shifts_every_date_to_the_run_up():
    load_demo(today=TODAY)
    load_demo(today=TODAY, deadline_in=21)
    inspection = Inspection.objects.get(regime__code="jtai")
    assert inspection.submission_deadline == TODAY + dt.timedelta(days=21)
    assert inspection.fieldwork_start == dt.date(2025, 5, 19) + (
        inspection.submission_deadline - dt.date(2025, 10, 24)
    )
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    assert plan.status == ActionPlan.Status.DRAFT
    assert plan.submitted_at is None
    # As it stood 21 days before the deadline: nothing written after that day.
    assert not ProgressUpdate.objects.filter(date__gt=TODAY).exists()
    assert Action.objects.filter(status=Action.Status.COMPLETE).count() < 5
    # And back to the real dates.
    load_demo(today=TODAY)
    assert Inspection.objects.get(regime__code="jtai").submission_deadline == dt.date(2025, 10, 24)


def test_the_submitted_plan_is_frozen_as_a_real_submission_is(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo(today=TODAY, freeze_submission=True)
    plan = ActionPlan.objects.get(inspection__regime__code="jtai")
    frozen = SubmittedPlan.objects.get()
    assert frozen.submitted_at == plan.submitted_at
    assert frozen.submitted_by.email == "lead@southampton.example"
    assert frozen.gaps_accepted == []
    # As it read when it was sent, though the plan has moved on to monitoring since.
    assert frozen.data["status"] == "Submitted on 23 October 2025"
    assert plan.status == ActionPlan.Status.MONITORING
    assert frozen.word_document.name.endswith("-action-plan-southampton-jtai-2025-2025-10-23.docx")
    assert frozen.pdf_document.name.endswith("-action-plan-southampton-jtai-2025-2025-10-23.pdf")
    assert load_demo(today=TODAY, freeze_submission=True).changed == 0
    # Before the submission day there is nothing frozen, and no files left behind.
    load_demo(today=TODAY, deadline_in=21, freeze_submission=True)
    assert not SubmittedPlan.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
def test_load_demo_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Inspection.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
def test_load_demo_command_says_when_nothing_changed(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out


def test_demo_has_measures_with_their_repeated_audits():
    load_demo(today=TODAY)
    police = Measure.objects.get(name__contains="high-risk police referrals")
    assert [int(r.value) for r in police.readings.order_by("date")] == [88, 94, 96, 97]
    sharing = Measure.objects.get(name__contains="strategy-meeting records")
    values = [int(r.value) for r in sharing.readings.order_by("date")]
    assert (values[0], values[-1]) == (81, 89)
    assert Measure.objects.filter(name__contains="health navigator").exists()
    assert Measure.objects.filter(name__contains="ethnicity").exists()


def test_readings_after_the_as_of_day_are_not_loaded():
    load_demo(today=dt.date(2026, 1, 1))
    police = Measure.objects.get(name__contains="high-risk police referrals")
    assert [int(r.value) for r in police.readings.order_by("date")] == [88, 94]
    load_demo(today=TODAY)
    assert police.readings.count() == 4
    load_demo(deadline_in=21, today=TODAY)
    assert MeasureReading.objects.count() == 1  # only the Constabulary's first audit, by then


def test_the_demo_shows_all_actions_done_and_a_measure_not_moving():
    load_demo(today=TODAY)
    ethnicity = Measure.objects.get(name__contains="ethnicity")
    readings = list(ethnicity.readings.order_by("date"))
    assert impact_rag(ethnicity, readings) == Rag.RED
    rags = Action.objects.filter(recommendation=ethnicity.recommendation).values_list(
        "rag", flat=True
    )
    assert delivery_rag(rags) in (Rag.GREEN, Rag.BLUE)


def test_the_demo_has_one_invitation_waiting_on_the_people_page(client):
    load_demo(today=TODAY)
    load_demo(today=TODAY)
    [invitation] = Invitation.objects.valid()
    assert invitation.email == INVITED_EMAIL
    lead = Membership.objects.get(role=Membership.Role.LEAD).user
    client.force_login(lead)
    page = client.get(reverse("people:people", args=[invitation.partnership_id]))
    assert INVITED_EMAIL in page.content.decode()
    # Once it has expired, loading again makes a fresh one.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        load_demo(today=TODAY)
        assert Invitation.objects.valid().count() == 1


def _moments(model: type) -> list[str]:
    """The fields of a model that record when something happened (not a deadline or expiry)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.get_internal_type() == "DateTimeField"
        and not any(word in f.name for word in ("expires", "until", "due"))
    ]


@pytest.mark.parametrize("deadline_in", [None, 21])
@time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False)
def test_nothing_in_the_demo_happened_after_today(deadline_in):
    load_demo(today=TODAY, deadline_in=deadline_in)
    now = timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time()))
    future = []
    for app in ("agencies", "inspections", "actionplans"):
        for model in apps.get_app_config(app).get_models():
            for name in _moments(model):
                for row in model.objects.filter(**{f"{name}__gte": now}):
                    future.append(f"{model.__name__}.{name} {getattr(row, name)}")
    assert future == [], "\n".join(future)
    assert not ProgressUpdate.objects.filter(date__gt=TODAY).exists()


@pytest.mark.parametrize("deadline_in", [None, 21])
def test_demo_revisions_and_sign_offs_read_as_the_service_makes_them(deadline_in):
    load_demo(today=TODAY, deadline_in=deadline_in)
    # Blue means signed off: an owner's request for sign-off is not yet blue.
    assert not Action.objects.filter(rag=Rag.BLUE).exclude(status=Action.Status.COMPLETE).exists()
    assert not ProgressUpdate.objects.filter(rag=Rag.BLUE).exists()
    assert not Action.objects.filter(status=Action.Status.COMPLETE, signed_off_at=None).exists()
    for action in Action.objects.exclude(revised_due_date=None):
        revision = (
            Action.history.filter(id=action.pk, revised_due_date=action.revised_due_date)
            .order_by("history_date")
            .first()
        )
        assert revision is not None
        # A revision is agreed for a day still to come, as the form now insists.
        assert action.revised_due_date is not None
        assert action.revised_due_date >= timezone.localdate(revision.history_date)
