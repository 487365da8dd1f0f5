"""A version stamp per plan, changed by every write to anything its pages show.

Cached pages of a plan (its page, its dashboard) are keyed by this stamp, so a change shows at the
next request in every web process, and a cached page never needs a query to know it is fresh.
The stamps live in the shared cache (CACHE_URL); receivers here change a plan's stamp whenever a
row of the plan, its inspection, findings, recommendations, actions, progress or evidence is
saved or deleted (other sub-packages connect their own models with `bump_on_change`). A write
that sends no signal (`QuerySet.update`) must call `bump_plan` itself. A stamp missing from the
cache (evicted, Redis restarted) is simply made anew, which empties the plan's cached pages.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from actionplans.plans.models import Action, ActionPlan, Evidence, ProgressUpdate
from agencies.models import User
from agencies.signed_in import membership_rows
from inspections.models import Finding, Inspection, Recommendation

VERSION_SECONDS = 7 * 24 * 3600

# Plans whose stamp changes once, when a block of many writes ends (see `one_bump_for`).
_held: ContextVar[frozenset[int]] = ContextVar("held_plan_stamps", default=frozenset())


def _key(plan_id: int) -> str:
    return f"plan-version:{plan_id}"


def _place_key(plan_id: int) -> str:
    return f"plan-place:{plan_id}"


class Place(NamedTuple):
    """Where a plan belongs: enough to check a member may see it, and to title its pages."""

    partnership_id: int
    local_area: str


class PlanState(NamedTuple):
    version: str
    place: Place | None  # None: there is no such plan


def plan_versions(plan_ids: Iterable[int]) -> dict[int, str]:
    """Each plan's current stamp, in one round trip to the cache (making missing ones)."""
    ids = list(plan_ids)
    found = cache.get_many([_key(i) for i in ids])
    return {plan_id: found.get(_key(plan_id)) or _new_version(plan_id) for plan_id in ids}


def _new_version(plan_id: int) -> str:
    version = uuid.uuid4().hex
    cache.add(_key(plan_id), version, VERSION_SECONDS)
    return cache.get(_key(plan_id), version)


def plan_state(plan_id: int) -> PlanState:
    """The plan's stamp and place, in one round trip to the cache once they are in it."""
    found = cache.get_many([_key(plan_id), _place_key(plan_id)])
    version = found.get(_key(plan_id)) or _new_version(plan_id)
    place = found.get(_place_key(plan_id))
    if place is None:
        row = (
            ActionPlan.objects.filter(pk=plan_id)
            .values_list("inspection__partnership_id", "inspection__partnership__local_area")
            .first()
        )
        if row is None:
            return PlanState(version, None)
        place = Place(*row)
        cache.set(_place_key(plan_id), place, VERSION_SECONDS)
    return PlanState(version, place)


def _partnership_key(partnership_id: int) -> str:
    return f"partnership-plans:{partnership_id}"


def member_stamp(user: User) -> str:
    """One stamp for what a person's own pages list: their memberships (partnership, role,
    agency) and the stamp of every plan of their partnerships. It changes when any of them does;
    two round trips to the cache, no query once they are in it."""
    rows = sorted(membership_rows(user))
    plans = partnership_plans(row.partnership_id for row in rows)
    versions = plan_versions(plan_id for listed in plans.values() for plan_id, _ in listed)
    return hashlib.sha256(repr((rows, sorted(versions.items()))).encode()).hexdigest()


def partnership_plans(partnership_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """Each partnership's plans, as (plan, local area), from the cache (one round trip) or,
    for those not in it, one query. The receivers below drop a partnership's list when one of
    its plans is added or removed, or an inspection moves between partnerships."""
    ids = list(partnership_ids)
    found = cache.get_many([_partnership_key(i) for i in ids])
    plans = {i: found[_partnership_key(i)] for i in ids if _partnership_key(i) in found}
    missing = [i for i in ids if i not in plans]
    if missing:
        rows = ActionPlan.objects.filter(inspection__partnership_id__in=missing).values_list(
            "inspection__partnership_id", "pk", "inspection__partnership__local_area"
        )
        fresh: dict[int, list[tuple[int, str]]] = {i: [] for i in missing}
        for partnership_id, plan_id, local_area in rows.order_by("pk"):
            fresh[partnership_id].append((plan_id, local_area))
        cache.set_many({_partnership_key(i): v for i, v in fresh.items()}, VERSION_SECONDS)
        plans.update(fresh)
    return plans


def forget_partnership_plans(partnership_ids: Iterable[int | None]) -> None:
    keys = [_partnership_key(i) for i in partnership_ids if i is not None]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def bump_plan(plan_id: int | None) -> None:
    """A new stamp now, and again when the transaction commits, so that a page rendered from
    the old rows before the commit is not kept under the new stamp. The plan's place is read
    afresh too (its inspection may have moved to another partnership)."""
    if plan_id is None or plan_id in _held.get():
        return

    def bump() -> None:
        cache.set(_key(plan_id), uuid.uuid4().hex, VERSION_SECONDS)
        cache.delete(_place_key(plan_id))

    bump()
    transaction.on_commit(bump)


@contextmanager
def one_bump_for(plan_id: int) -> Iterator[None]:
    """Inside the block, the plan's stamp does not change at each saved row but once, at the
    end: an import of 2,000 actions would otherwise spend most of its time on the cache."""
    token = _held.set(_held.get() | {plan_id})
    try:
        yield
    finally:
        _held.reset(token)
        bump_plan(plan_id)


def bump_on_change(model: type[models.Model], plan_of: Callable[[Any], int | None]) -> None:
    """Change the stamp of `plan_of(instance)` whenever a `model` row is saved or deleted."""

    def changed(sender: object, instance: Any, **kwargs: object) -> None:
        bump_plan(plan_of(instance))

    post_save.connect(changed, sender=model, weak=False)
    post_delete.connect(changed, sender=model, weak=False)


def _plan_of_action(action_id: int) -> int | None:
    return Action.objects.filter(pk=action_id).values_list("plan_id", flat=True).first()


def _plan_of_inspection(inspection_id: int | None) -> int | None:
    if inspection_id is None:
        return None
    return (
        ActionPlan.objects.filter(inspection_id=inspection_id).values_list("pk", flat=True).first()
    )


def _contributing_changed(sender: object, instance: Any, **kwargs: object) -> None:
    if isinstance(instance, Action):
        bump_plan(instance.plan_id)
    else:  # an agency's actions changed from the agency's side: rare, so every plan of them
        for plan_id in Action.objects.filter(contributing_agencies=instance).values_list(
            "plan_id", flat=True
        ):
            bump_plan(plan_id)


def _plan_added_or_removed(sender: object, instance: ActionPlan, **kwargs: Any) -> None:
    if kwargs.get("created", True):  # post_delete sends no `created`
        forget_partnership_plans(
            Inspection.objects.filter(pk=instance.inspection_id).values_list(
                "partnership_id", flat=True
            )
        )


def _inspection_moving(sender: object, instance: Inspection, **kwargs: Any) -> None:
    # Before the save: the partnership it is leaving, if any, loses it from its list.
    if instance.pk is not None:
        forget_partnership_plans(
            Inspection.objects.filter(pk=instance.pk).values_list("partnership_id", flat=True)
        )


def _inspection_moved(sender: object, instance: Inspection, **kwargs: Any) -> None:
    forget_partnership_plans([instance.partnership_id])


post_save.connect(_plan_added_or_removed, sender=ActionPlan, weak=False)
post_delete.connect(_plan_added_or_removed, sender=ActionPlan, weak=False)
pre_save.connect(_inspection_moving, sender=Inspection, weak=False)
post_save.connect(_inspection_moved, sender=Inspection, weak=False)
post_delete.connect(_inspection_moved, sender=Inspection, weak=False)
bump_on_change(ActionPlan, lambda plan: plan.pk)
bump_on_change(Action, lambda action: action.plan_id)
bump_on_change(ProgressUpdate, lambda update: _plan_of_action(update.action_id))
bump_on_change(Evidence, lambda evidence: _plan_of_action(evidence.action_id))
bump_on_change(Inspection, lambda inspection: _plan_of_inspection(inspection.pk))
bump_on_change(Finding, lambda finding: _plan_of_inspection(finding.inspection_id))
bump_on_change(Recommendation, lambda rec: _plan_of_inspection(rec.inspection_id))
m2m_changed.connect(_contributing_changed, sender=Action.contributing_agencies.through, weak=False)
