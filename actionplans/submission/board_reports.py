"""The board progress report's content: what changed in a period, slipped actions with reasons,
measures. (`documents/board_report.py` lays it out as Word and PDF.)

A partnership's board asks the same three questions at every meeting: what has been done since we
last met, what has slipped and why, and is practice getting better. The report answers them for the
period from `since` to `report_date`.

"Slipped" means an open action whose due date has been moved later (its reason is the one recorded
with the revised date) or that is past its due date now (then its latest progress update is all
the explanation there is, and the report says that no revised date was agreed). The date a due
date was revised comes from the action's history. Those that slipped within the period are marked
"New"; the others had already slipped at the last report and are still open.

A board report is the partnership's own paper, so it keeps internal notes (send-back reasons,
updates marked internal), each marked "Internal note" so that nobody forwards it unawares."""

import datetime as dt
from collections import Counter

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone

from actionplans.documents.board_report import BoardReportDocument, Line, MeasureTrend, Slipped
from actionplans.documents.figures import (
    MeasureLine,
    agency_bars,
    measure_lines,
)
from actionplans.measures import figures
from actionplans.measures.models import Measure
from actionplans.plans.models import Action, ActionPlan, ProgressUpdate
from actionplans.plans.selectors import plan_actions


def default_since(plan: ActionPlan, today: dt.date) -> dt.date:
    """Where the next report starts: the last report's date, else submission, else the letter."""
    last = plan.board_reports.order_by("-report_date").values_list("report_date", flat=True)
    if last:
        return last[0]
    if plan.submitted_at:
        return timezone.localdate(plan.submitted_at)
    return plan.inspection.letter_published or today - dt.timedelta(days=30)


def build_board_report(plan: ActionPlan, *, since: dt.date, today: dt.date) -> BoardReportDocument:
    """Everything the report says, in a fixed number of queries whatever the plan's size."""
    inspection = plan.inspection
    # Each action the plan counts once: its own and those of other plans linked to it.
    actions = plan_actions(plan)
    tally = figures.action_tally(actions)
    listed = list(
        actions.select_related("owner_agency")
        .prefetch_related(
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.order_by("date", "created_at", "pk"),
            )
        )
        .order_by("recommendation__position", "position", "reference")
    )
    completed, added, updates = [], [], []
    for a in listed:
        owner = a.owner_agency.name
        if a.signed_off_at and timezone.localdate(a.signed_off_at) >= since:
            completed.append(Line(a.reference, a.title, owner, timezone.localdate(a.signed_off_at)))
        if timezone.localdate(a.created_at) >= since:
            added.append(Line(a.reference, a.title, owner, timezone.localdate(a.created_at)))
        updates += [
            Line(a.reference, a.title, owner, u.date, _note(u))
            for u in a.progress_updates.all()
            if since <= u.date <= today
        ]
    return BoardReportDocument(
        partnership=inspection.partnership.name,
        title=inspection.title,
        status=plan.status_in_words,
        deadline=inspection.effective_deadline,
        submitted_at=plan.submitted_at,
        since=since,
        report_date=today,
        generated_at=timezone.localtime(),
        total=tally.total,
        by_status=[(label, n) for _, label, n in tally.status_cells()],
        percent_complete=tally.percent_complete,
        overdue=sum(1 for a in listed if a.is_overdue(today)),
        by_agency=agency_bars(actions),
        completed=completed,
        added=added,
        updates=updates,
        slipped=_slipped([a for a in listed if not a.is_complete], since, today),
        measures=[
            MeasureTrend(line, _reading_at(line, since))
            for line in measure_lines(Measure.objects.filter(plan=plan), actions)
        ],
        complete=sum(1 for a in listed if a.is_complete),
        open_by_rag=dict(Counter(a.rag for a in listed if not a.is_complete)),
    )


def _moved_later(action: Action) -> bool:
    return bool(action.revised_due_date and action.revised_due_date > action.due_date)


def _slipped(open_actions: list[Action], since: dt.date, today: dt.date) -> list[Slipped]:
    revised_on = _revised_on([a for a in open_actions if _moved_later(a)])
    slipped = []
    for a in open_actions:
        moved = _moved_later(a)
        overdue = a.is_overdue(today)
        if not (moved or overdue):
            continue
        updates = list(a.progress_updates.all())
        when = revised_on.get(a.pk)
        new = (moved and when is not None and when >= since) or (
            overdue and a.current_due_date >= since
        )
        reason = a.revised_reason if moved else "No revised date agreed"
        slipped.append(
            Slipped(
                reference=a.reference,
                title=a.title,
                owner=a.owner_agency.name,
                original_due=a.due_date,
                now_due=a.current_due_date,
                days_overdue=max(0, (today - a.current_due_date).days),
                reason=(f"{reason} (revised {when:%-d %B %Y})" if moved and when else reason),
                latest_progress=(
                    f"{updates[-1].date:%-d %B %Y}: {_note(updates[-1])}"
                    if updates
                    else "No update"
                ),
                new=new,
            )
        )
    return slipped


def _revised_on(actions: list[Action]) -> dict[int, dt.date]:
    """When each action's current revised due date was first recorded, from its history."""
    if not actions:
        return {}
    current = {a.pk: a.revised_due_date for a in actions}
    first: QuerySet = (
        Action.history.filter(id__in=current, revised_due_date__isnull=False)
        .values("id", "revised_due_date")
        .annotate(first=Min("history_date"))
        .order_by()
    )
    return {
        row["id"]: timezone.localdate(row["first"])
        for row in first
        if row["revised_due_date"] == current[row["id"]]
    }


def _reading_at(line: MeasureLine, since: dt.date) -> str:
    before = [r for r in line.readings if r.date <= since]
    return before[-1].label if before else "No reading then"


def _note(update: ProgressUpdate) -> str:
    return f"Internal note: {update.text}" if update.is_internal else update.text
