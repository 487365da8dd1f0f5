"""The data of `make bench-scale`: every partnership in England, at the size of a real year.

150 partnerships, each served by a police force (one force to four partnerships, as forces serve
several areas) and three agencies of its own, with a lead, an owner per agency and a manager;
5 plans each, 100 actions a plan and 10 progress updates an action: 750 plans, 75,000 actions and
750,000 updates at scale 1. A smaller `scale` (BENCH_SCALE) keeps the shape of a partnership and
has fewer of them. The rows come from `bench.seed`, as every benchmark's do.

`identities` lists who the load test plays: for each person a signed-in session and what they
work on (the owners' open actions, the leads' plans and the actions awaiting their sign-off, the
managers' plans), so the load test needs nothing but HTTP.
"""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Self

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from actionplans.plans.models import Action, Rag
from bench.seed import KINDS, SeededArea, SeededPlan, seed_partnership, seed_plan
from bench.seed import seed_police_forces as seed_forces

# Everyone's, as in `make bench`; the bench is local.
PASSWORD = "bench-password-not-secret"  # noqa: S105  (a made-up bench password)
OPEN = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)
# What the load test's owners post: an ordinary fortnightly update that keeps the action open.
PROGRESS = {"rag": Rag.GREEN.value, "status": Action.Status.IN_PROGRESS.value}
KEEP = 200  # ids handed to each person of the load test: more than a minute's work needs


@dataclass(frozen=True)
class Size:
    partnerships: int
    plans: int = 5  # a partnership's
    actions: int = 100  # a plan's
    updates: int = 10  # an action's

    @classmethod
    def at(cls, scale: float) -> Self:
        """England's 150 partnerships times `scale`, at least one."""
        return cls(partnerships=max(1, round(150 * scale)))


@transaction.atomic
def seed_england(*, size: Size, rng: random.Random) -> list[SeededPlan]:
    """The partnerships, their people and plans; everyone's password is `PASSWORD`."""
    today = timezone.localdate()
    password = make_password(PASSWORD)  # hashed once: the one hash for everybody
    forces = seed_forces(count=(size.partnerships + 3) // 4)
    plans = []
    for n in range(size.partnerships):
        area = seed_partnership(
            name=f"Scale area {n + 1}",
            kinds=KINDS[1:],
            shared=[forces[n // 4]],
            managers=1,
            password=password,
        )
        for p in range(size.plans):
            # One inspection a year or so, the latest a few months into monitoring.
            start = today - dt.timedelta(days=365 * p + rng.randint(90, 200))
            plans.append(
                seed_plan(
                    area=area,
                    number=p + 1,
                    today=today,
                    fieldwork_start=start,
                    actions=size.actions,
                    updates_per_action=size.updates,
                    rng=rng,
                )
            )
    return plans


def identities(plans: list[SeededPlan], *, session_for: Any) -> dict[str, Any]:
    """Who the load test plays and what they work on; `session_for(user)` signs one in."""
    areas: dict[int, SeededArea] = {}
    plans_of: dict[int, list[int]] = {}
    for seeded in plans:
        areas[seeded.area.partnership.pk] = seeded.area
        plans_of.setdefault(seeded.area.partnership.pk, []).append(seeded.plan.pk)
    owners: list[dict[str, Any]] = []
    leads: list[dict[str, Any]] = []
    managers: list[dict[str, Any]] = []
    for pk, area in areas.items():
        actions = Action.objects.filter(plan_id__in=plans_of[pk]).order_by("pk")
        for user in area.owners.values():
            mine = actions.filter(lead_user=user, status__in=OPEN)
            owners.append(
                {
                    "session": session_for(user),
                    "actions": list(mine.values_list("pk", flat=True)[:KEEP]),
                }
            )
        awaiting = actions.filter(status=Action.Status.AWAITING_SIGN_OFF)
        leads.append(
            {
                "session": session_for(area.lead),
                "plans": plans_of[pk],
                "awaiting": list(awaiting.values_list("pk", flat=True)[:KEEP]),
            }
        )
        managers.extend(
            {
                "session": session_for(manager),
                "plans": plans_of[pk],
                "partnership": pk,
            }
            for manager in area.managers
        )
    return {"owners": owners, "leads": leads, "managers": managers, "progress": PROGRESS}
