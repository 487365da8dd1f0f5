"""An action's history as a person reads it: who changed what, with names, labels and dates in
words, evidence added and removed, and only the changes someone actually made."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from actionplans.plans.models import Action, ActionLink, Evidence, ProgressUpdate
from actionplans.plans.services import REOPENED_PREFIX
from inspections.models import Recommendation

# Bookkeeping, not something a person changed.
NOT_SHOWN = {"version", "updated_at", "created_at", "effective_due_date"}
LABELS = {
    "rag": "RAG",
    "lead_user": "Lead person's account",
    "position": "Order in the plan",
    "revised_reason": "Reason for the revised date",
    "signed_off_at": "Signed off",
    "signed_off_by": "Signed off by",
}
NOT_SET = "Not set"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: dt.datetime
    who: str
    summary: str = ""
    changes: list[Change] = field(default_factory=list)


def long_date(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


class _Names:
    """The names behind the ids a historical record keeps, fetched once per kind of object."""

    def __init__(self, records: list[Any]) -> None:
        self.contributing = _contributing_by_record(records)
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for record in records:
            for f in Action._meta.concrete_fields:
                if isinstance(f, models.ForeignKey) and f.name != "plan":
                    value = getattr(record, f.attname, None)
                    if value is not None:
                        wanted[f.related_model].add(value)  # type: ignore[index]
        contributing = Action._meta.get_field("contributing_agencies").related_model
        wanted[contributing] |= {a for ids in self.contributing.values() for a in ids}
        self.names = {
            model: {o.pk: str(o) for o in model._default_manager.filter(pk__in=ids)}
            for model, ids in wanted.items()
            if ids
        }

    def of(self, model: Any, pk: Any) -> str:
        return self.names.get(model, {}).get(pk, "Someone or something since removed")


def _contributing_by_record(records: list[Any]) -> dict[int, set[int]]:
    """Each historical record's contributing agencies, in one query."""
    through = next(
        r.related_model
        for r in Action.history.model._meta.related_objects
        if r.field.name == "history" and "contributing" in r.name
    )
    found: dict[int, set[int]] = {r.history_id: set() for r in records}
    rows = through._default_manager.filter(history__in=list(found)).values_list(
        "history_id", "agency_id"
    )
    for history_id, agency_id in rows:
        found[history_id].add(agency_id)
    return found


def _shown(f: models.Field[Any, Any], value: Any, names: _Names) -> str:
    if value in (None, ""):
        return NOT_SET
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return names.of(f.related_model, value)
    if isinstance(f, models.DateTimeField):
        local = timezone.localtime(value)
        return f"{long_date(local)}, {local:%H:%M}"
    if isinstance(f, models.DateField):
        return long_date(value)
    return str(value)


def _label(f: models.Field[Any, Any]) -> str:
    return LABELS.get(f.name) or str(f.verbose_name).capitalize()


def _changes(newer: Any, older: Any, names: _Names) -> list[Change]:
    changes = []
    for f in Action._meta.concrete_fields:
        if f.name in NOT_SHOWN or f.primary_key:
            continue
        old, new = getattr(older, f.attname), getattr(newer, f.attname)
        if old != new:
            changes.append(Change(_label(f), _shown(f, old, names), _shown(f, new, names)))
    agencies = Action._meta.get_field("contributing_agencies")
    old_ids = names.contributing[older.history_id]
    new_ids = names.contributing[newer.history_id]
    if old_ids != new_ids:
        model = agencies.related_model

        def listed(ids: set[int]) -> str:
            return ", ".join(sorted(names.of(model, i) for i in ids)) or "None"

        changes.append(Change("Contributing agencies", listed(old_ids), listed(new_ids)))
    return changes


def _who(record: Any) -> str:
    return str(record.history_user) if record.history_user else "The system"


def action_history(action: Action) -> list[Entry]:
    """Newest first. A save that changed nothing a person can see leaves no entry."""
    records = list(
        action.history.select_related("history_user").order_by("history_date", "history_id")
    )
    names = _Names(records)
    entries: list[Entry] = []
    for older, newer in zip([None, *records], records, strict=False):
        if newer.history_type == "+" or older is None:
            entries.append(Entry(newer.history_date, _who(newer), "Created the action"))
            continue
        changes = _changes(newer, older, names)
        if changes:
            entries.append(Entry(newer.history_date, _who(newer), changes=changes))
    evidence = Evidence.history.filter(action_id=action.pk, history_type__in=["+", "-"])
    for record in evidence.select_related("history_user"):
        verb = "Added evidence" if record.history_type == "+" else "Removed evidence"
        entries.append(Entry(record.history_date, _who(record), f"{verb}: {record.description}"))
    entries += _link_entries(action)
    # A reopening's reason is its progress update's text (the saved version above shows the
    # status and the sign-off it undid).
    reopenings = ProgressUpdate.objects.filter(action_id=action.pk, reopened=True)
    for update in reopenings.select_related("author"):
        reason = update.text.removeprefix(REOPENED_PREFIX)
        entries.append(
            Entry(update.created_at, str(update.author), f"Reopened the action: {reason}")
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _link_entries(action: Action) -> list[Entry]:
    """The recommendations of other sources the action was linked to, and unlinked from."""
    records = list(
        ActionLink.history.filter(action_id=action.pk, history_type__in=["+", "-"]).select_related(  # type: ignore[attr-defined]  # added by simple-history
            "history_user"
        )
    )
    if not records:
        return []
    recommendations = Recommendation.objects.filter(
        pk__in={r.recommendation_id for r in records}
    ).select_related("inspection__regime")
    labels = {r.pk: f"{r.inspection.short_name} {r.reference}" for r in recommendations}
    entries = []
    for record in records:
        label = labels.get(record.recommendation_id, "a recommendation since removed")
        verb = "Also answers" if record.history_type == "+" else "No longer answers"
        entries.append(Entry(record.history_date, _who(record), f"{verb} {label}"))
    return entries


@dataclass(frozen=True)
class Revision:
    on: dt.date
    to: dt.date
    reason: str


def date_revisions(action: Action) -> list[Revision]:
    """Each time the due date was revised, oldest first: the field holds only the latest, and a
    date moved twice must still show the first promise broken."""
    revisions: list[Revision] = []
    previous: tuple[dt.date | None, str] = (None, "")
    rows = action.history.order_by("history_date", "history_id").values_list(  # type: ignore[attr-defined]  # added by simple-history
        "history_date", "revised_due_date", "revised_reason"
    )
    for when, revised, reason in rows:
        if revised is not None and (revised, reason) != previous:
            revisions.append(Revision(timezone.localdate(when), revised, reason))
        previous = (revised, reason)
    return revisions
