"""What each RAG colour means, and the RAG the dates suggest for an action.

The owner chooses the RAG; the suggestion is shown beside their choice when the two differ, so
an action months overdue cannot quietly stay green."""

import datetime as dt
from dataclasses import dataclass

from actionplans.plans.models import Action, Rag

# Within this many days of the due date, an action that has not started is at risk.
AT_RISK_DAYS = 28

MEANINGS = {
    Rag.RED: "It will not be delivered by the due date without help, or it is already overdue.",
    Rag.AMBER: "It is at risk: it may miss the due date unless something changes.",
    Rag.GREEN: "It is on track to be delivered by the due date.",
    Rag.BLUE: "It is complete: the partnership lead has signed it off.",
    Rag.NOT_RATED: "Nobody has given a RAG yet: the owner gives one with their first update.",
}


@dataclass(frozen=True)
class Suggestion:
    rag: Rag
    reason: str

    @property
    def label(self) -> str:
        return self.rag.label


def suggested_rag(action: Action, today: dt.date) -> Suggestion:
    """The RAG the action's dates point to: overdue is red, a close due date with no start is
    amber, otherwise green; complete is blue."""
    if action.is_complete:
        return Suggestion(Rag.BLUE, "it is complete")
    due = action.current_due_date
    if due < today:
        if action.revised_due_date:
            return Suggestion(
                Rag.RED, f"it is overdue: even the revised due date, {due:%-d %B %Y}, has passed"
            )
        return Suggestion(
            Rag.RED, f"it is overdue (due {due:%-d %B %Y}) with no agreed revised date"
        )
    not_started = action.status == Action.Status.NOT_STARTED
    if not_started and (due - today).days <= AT_RISK_DAYS:
        return Suggestion(Rag.AMBER, f"it has not started and is due on {due:%-d %B %Y}")
    if not_started and action.start_date < today:
        return Suggestion(Rag.AMBER, f"it was due to start on {action.start_date:%-d %B %Y}")
    return Suggestion(Rag.GREEN, "its dates are on track")


def differs(action: Action, today: dt.date) -> Suggestion | None:
    """The suggestion, when the owner's RAG says otherwise (a not-yet-rated action too)."""
    suggestion = suggested_rag(action, today)
    return suggestion if suggestion.rag != action.rag else None
