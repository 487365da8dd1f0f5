"""The one seed generator of every benchmark: partnerships, plans and their actions, in bulk.

The `make bench*` commands time different things (pages, documents, the reminder sweep) over data
of different sizes, but of one kind, written here once: a model change is followed in one place and
the benchmarks stay comparable. Everything goes in with bulk_create (no signals, no history rows),
so 100,000 actions take seconds. Every action is owned by an agency of its partnership and led by
that agency's owner, as the permission rules expect. How actions are timed (dates, status, RAG) is
a `Shape`. The data is made up, and the same on every run: randomness comes from the
`random.Random` passed in.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import batched
from typing import Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate, Rag
from agencies.models import Agency, Membership, Partnership, User
from inspections.models import Finding, Inspection, Recommendation

SHORT_NAMES = {
    Agency.Kind.POLICE: "Police",
    Agency.Kind.CHILDRENS_SERVICES: "Children's services",
    Agency.Kind.HEALTH: "Health",
    Agency.Kind.EDUCATION: "Education",
}
KINDS = tuple(SHORT_NAMES)  # the four statutory partners, police first
COMPLETE = Action.Status.COMPLETE
# The statuses and RAGs of a plan under monitoring, equally likely.
STATUS_RAG = (
    (Action.Status.NOT_STARTED, Rag.GREEN),
    (Action.Status.IN_PROGRESS, Rag.GREEN),
    (Action.Status.IN_PROGRESS, Rag.AMBER),
    (Action.Status.IN_PROGRESS, Rag.RED),
    (Action.Status.AWAITING_SIGN_OFF, Rag.BLUE),
    (Action.Status.COMPLETE, Rag.BLUE),
)
# Texts as long as real plans' ones: the documents' layout time follows their length.
FINDING_TEXT = (
    "Leaders do not have enough oversight of the quality of decisions at the front door, so some "
    "children wait too long for help and thresholds are not applied consistently across agencies."
)
ACTION_TITLE = (
    "Action {n}: audit the front door's decisions, train the staff who make them and report "
    "to the board on what changed"
)
SUCCESS_MEASURE = "95% of referrals decided within the agreed limit, audited quarterly"
REVISED_REASON = "Staff shortage; the board agreed the new date"
UPDATE_TEXT = (
    "Audit of 40 referrals completed and shared with the team managers; the training plan is "
    "updated. Next: a repeat audit in six weeks to check that the change has held."
)
UPDATE_EVERY = dt.timedelta(days=14)  # boards expect an update a fortnight
QUARTER = dt.timedelta(days=91)
BATCH = 2000  # actions per insert: bounds the memory a 100,000-action seed takes


def _at(day: dt.date) -> dt.datetime:
    """Nine in the morning of `day`, London time: a working-day moment for made-up events."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@dataclass(frozen=True)
class SeededArea:
    """A partnership with its agencies, its lead, one owner per agency and any managers."""

    partnership: Partnership
    agencies: list[Agency]
    lead: User
    owners: dict[int, User]  # by agency pk
    managers: list[User] = field(default_factory=list)


@dataclass(frozen=True)
class SeededPlan:
    """A plan with its inspection and recommendations, and the partnership it belongs to."""

    plan: ActionPlan
    inspection: Inspection
    recommendations: list[Recommendation]
    area: SeededArea


@dataclass(frozen=True, slots=True)
class Timing:
    """When an action runs and where it stands."""

    start: dt.date
    due: dt.date
    status: Action.Status = Action.Status.NOT_STARTED
    rag: Rag = Rag.GREEN
    revised_due: dt.date | None = None
    signed_off: dt.datetime | None = None


class Shape(Protocol):
    """Times the n-th action; `letter` is the date its inspection's letter was published."""

    def __call__(
        self, n: int, *, letter: dt.date, today: dt.date, rng: random.Random
    ) -> Timing: ...


def mixed(n: int, *, letter: dt.date, today: dt.date, rng: random.Random) -> Timing:
    """A plan under monitoring: every status and RAG, due dates either side of today, one in ten
    revised, the complete ones signed off in the last three months."""
    status, rag = rng.choice(STATUS_RAG)
    start = letter + dt.timedelta(days=rng.randint(0, 60))
    due = max(today + dt.timedelta(days=rng.randint(-200, 200)), start)
    revised = due + dt.timedelta(days=60) if rng.random() < 0.1 else None
    signed_off = None
    if status == COMPLETE:
        signed_off = _at(today - dt.timedelta(days=rng.randint(1, 90)))
    return Timing(start, due, status, rag, revised, signed_off)


def all_open(n: int, *, letter: dt.date, today: dt.date, rng: random.Random) -> Timing:
    """Every action open, over the same dates, the RAGs in turn: nothing is left out of a
    document, and a report dated after the due date lists every action as slipped."""
    return Timing(
        letter + dt.timedelta(days=14), today + dt.timedelta(weeks=24), rag=list(Rag)[n % 4]
    )


def due_soon(n: int, *, letter: dt.date, today: dt.date, rng: random.Random) -> Timing:
    """A reminder due: half due within 14 days, half overdue by under a week. Started recently,
    so none is also stale."""
    due = today + dt.timedelta(days=n % 14 if n % 2 else -1 - n % 6)
    return Timing(today - dt.timedelta(days=20), due)


def nothing_due(n: int, *, letter: dt.date, today: dt.date, rng: random.Random) -> Timing:
    """No reminder due: 60% signed off long ago, 40% open, started recently and due later."""
    days = dt.timedelta(days=1)
    if n % 5 < 3:
        signed_off = _at(today - 90 * days)
        return Timing(today - 400 * days, today - 100 * days, COMPLETE, Rag.BLUE, None, signed_off)
    return Timing(today - 10 * days, today + (60 + n % 300) * days, Action.Status.IN_PROGRESS)


def seed_police_forces(*, count: int) -> list[Agency]:
    """Police forces to share between partnerships, as Hampshire and Isle of Wight's serves four."""
    return Agency.objects.bulk_create(
        Agency(name=f"Police force {n + 1}", short_name="Police", kind=Agency.Kind.POLICE)
        for n in range(count)
    )


def seed_partnership(
    *,
    name: str,
    kinds: Sequence[Agency.Kind] = KINDS,
    shared: Sequence[Agency] = (),
    managers: int = 0,
    password: str | None = None,
) -> SeededArea:
    """A partnership served by the `shared` agencies and a new one of each kind, with a lead, an
    owner for each agency and `managers` managers. `password` is an already hashed password for
    everyone (unusable when None); addresses are role@<slug>.example."""
    slug = slugify(name)
    partnership = Partnership.objects.bulk_create(
        [Partnership(name=f"{name} partnership", slug=slug, local_area=name)]
    )[0]
    agencies = [
        *shared,
        *Agency.objects.bulk_create(
            Agency(name=f"{kind.label} of {name}", short_name=SHORT_NAMES[kind], kind=kind)
            for kind in kinds
        ),
    ]
    Agency.partnerships.through.objects.bulk_create(
        Agency.partnerships.through(agency_id=a.pk, partnership_id=partnership.pk) for a in agencies
    )
    hashed = password or make_password(None)
    emails = [
        "lead",
        *(f"owner{i + 1}" for i in range(len(agencies))),
        *(f"manager{i + 1}" for i in range(managers)),
    ]
    lead, *others = User.objects.bulk_create(
        User(email=f"{e}@{slug}.example", password=hashed, first_name="Bench") for e in emails
    )
    owners, manager_users = others[: len(agencies)], others[len(agencies) :]
    Membership.objects.bulk_create(
        [
            Membership(user=lead, partnership=partnership, role=Membership.Role.LEAD),
            *(
                Membership(user=u, partnership=partnership, agency=a, role=Membership.Role.OWNER)
                for u, a in zip(owners, agencies, strict=True)
            ),
            *(
                Membership(user=u, partnership=partnership, role=Membership.Role.MANAGER)
                for u in manager_users
            ),
        ]
    )
    return SeededArea(
        partnership=partnership,
        agencies=agencies,
        lead=lead,
        owners={a.pk: u for a, u in zip(agencies, owners, strict=True)},
        managers=manager_users,
    )


def seed_plan(
    *,
    area: SeededArea,
    today: dt.date,
    fieldwork_start: dt.date,
    number: int = 1,
    recommendations: int = 8,
    actions: int = 0,
    shape: Shape = mixed,
    updates_per_action: int = 0,
    measures: int = 0,
    readings: int = 0,
    rng: random.Random | None = None,
) -> SeededPlan:
    """An inspection of `area` (letter eight weeks after fieldwork) and its plan in monitoring.

    Each recommendation answers an area for improvement and is led by the agencies in turn.
    `actions` are spread over the recommendations (see `seed_actions`); the `measures` go to the
    recommendations in turn and the `readings`, quarterly up to `today`, to the measures in turn.
    """
    rng = rng or random.Random(0)  # noqa: S311  (made-up data, not secrets)
    letter = fieldwork_start + dt.timedelta(days=56)
    deadline = letter + dt.timedelta(days=98)
    [inspection] = Inspection.objects.bulk_create(
        [
            Inspection(
                partnership=area.partnership,
                title=f"Joint targeted area inspection {number} of {area.partnership.local_area}",
                theme="Identification of initial need and risk",
                inspectorates=["ofsted", "cqc", "hmicfrs"],
                fieldwork_start=fieldwork_start,
                fieldwork_end=fieldwork_start + dt.timedelta(days=4),
                letter_published=letter,
                submission_deadline=deadline,
                status=Inspection.Status.LETTER_PUBLISHED,
            )
        ]
    )
    [plan] = ActionPlan.objects.bulk_create(
        [
            ActionPlan(
                inspection=inspection,
                status=ActionPlan.Status.MONITORING,
                submitted_at=_at(min(deadline, today - dt.timedelta(days=30))),
            )
        ]
    )
    findings = Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            kind=Finding.Kind.AREA_FOR_IMPROVEMENT,
            reference=f"AFI {r + 1}",
            text=FINDING_TEXT,
            position=r,
        )
        for r in range(recommendations)
    )
    seeded = SeededPlan(
        plan=plan,
        inspection=inspection,
        recommendations=Recommendation.objects.bulk_create(
            Recommendation(
                inspection=inspection,
                finding=finding,
                reference=str(r + 1),
                title=f"Recommendation {r + 1}: improve the front door",
                lead_agency=area.agencies[r % len(area.agencies)],
                position=r,
            )
            for r, finding in enumerate(findings)
        ),
        area=area,
    )
    seed_actions(
        plans=[seeded],
        count=actions,
        shape=shape,
        today=today,
        updates_per_action=updates_per_action,
        rng=rng,
    )
    _seed_measures(seeded, today=today, measures=measures, readings=readings, rng=rng)
    return seeded


@transaction.atomic
def seed_actions(
    *,
    plans: Sequence[SeededPlan],
    count: int,
    shape: Shape,
    today: dt.date,
    first: int = 0,
    updates_per_action: int = 0,
    rng: random.Random | None = None,
) -> None:
    """Actions numbered `first` to `first + count - 1`, dealt to the plans in turn; within its plan
    each goes to the recommendations and the agencies in turn, so every agency owns some. Each
    gets `updates_per_action` progress updates by its owner, a fortnight apart, the last
    a fortnight before `today`."""
    rng = rng or random.Random(0)  # noqa: S311  (made-up data, not secrets)
    for numbers in batched(range(first, first + count), BATCH):
        rows = []
        for n in numbers:
            seeded, k = plans[n % len(plans)], n // len(plans)
            recommendation = seeded.recommendations[k % len(seeded.recommendations)]
            agency = seeded.area.agencies[k % len(seeded.area.agencies)]
            assert seeded.inspection.letter_published is not None
            timing = shape(n, letter=seeded.inspection.letter_published, today=today, rng=rng)
            rows.append(
                Action(
                    plan=seeded.plan,
                    recommendation=recommendation,
                    reference=f"{recommendation.reference}.{n + 1}",
                    title=ACTION_TITLE.format(n=n + 1),
                    owner_agency=agency,
                    lead_name="Head of service",
                    lead_user=seeded.area.owners[agency.pk],
                    start_date=timing.start,
                    due_date=timing.due,
                    revised_due_date=timing.revised_due,
                    revised_reason=REVISED_REASON if timing.revised_due else "",
                    status=timing.status,
                    rag=timing.rag,
                    success_measure=SUCCESS_MEASURE,
                    signed_off_at=timing.signed_off,
                    position=k,
                )
            )
        updates = []
        for action in Action.objects.bulk_create(rows):
            # An update cannot complete an action: the lead's sign-off does.
            status = action.status
            if status == COMPLETE:
                status = Action.Status.AWAITING_SIGN_OFF
            updates += [
                ProgressUpdate(
                    action=action,
                    author=action.lead_user,
                    date=today - UPDATE_EVERY * (updates_per_action - u),
                    text=UPDATE_TEXT,
                    rag=action.rag,
                    status=status,
                )
                for u in range(updates_per_action)
            ]
        ProgressUpdate.objects.bulk_create(updates, batch_size=5000)


def _seed_measures(
    seeded: SeededPlan, *, today: dt.date, measures: int, readings: int, rng: random.Random
) -> None:
    rows = []
    for m in range(measures):
        recommendation = seeded.recommendations[m % len(seeded.recommendations)]
        rows.append(
            Measure(
                plan=seeded.plan,
                recommendation=recommendation,
                name=f"Referrals decided within one working day ({m + 1})",
                owner_agency_id=recommendation.lead_agency_id,
                baseline=Decimal(rng.randint(50, 80)),
                target=Decimal(95),
                position=m,
            )
        )
    if not rows:
        return
    Measure.objects.bulk_create(rows)
    last = (readings - 1) // len(rows)  # the quarter of the latest readings, dated today
    reading_rows = []
    for n in range(readings):
        measure, quarter = rows[n % len(rows)], n // len(rows)
        reading_rows.append(
            MeasureReading(
                measure=measure,
                date=today - QUARTER * (last - quarter),
                # Three points better a quarter, give or take five, as audits go.
                value=Decimal(min(100, 60 + quarter * 3 + rng.randint(-5, 5))),
                sample_size=rng.randint(40, 200),
                author=seeded.area.owners[measure.owner_agency_id],
            )
        )
    MeasureReading.objects.bulk_create(reading_rows, batch_size=5000)
