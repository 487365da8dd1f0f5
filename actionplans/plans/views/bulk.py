"""Update all my actions: the monthly update of every open action a person answers for, in one
page. Each row that was filled in is saved through the same progress-update service as the
one-action form; a row with a problem keeps what was typed and says what to fix; blank rows
are left alone."""

import rules
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.kept_forms import posted_or_kept
from actionplans.plans import services
from actionplans.plans.forms import ProgressRowForm, UpdateAllForm
from actionplans.plans.models import Action
from actionplans.plans.selectors import (
    NO_UPDATES,
    RecentUpdates,
    owned_or_led_actions,
    recent_updates,
)
from actionplans.plans.services import InvalidTransition
from agencies.http import AuthenticatedHttpRequest
from formtokens.services import AlreadySaved


def _updatable(request: AuthenticatedHttpRequest) -> list[Action]:
    actions = owned_or_led_actions(request.user).select_related(
        "owner_agency", "plan__inspection__partnership", "plan__inspection__regime"
    )
    return [a for a in actions if rules.test_rule("can_add_progress", request.user, a)]


def update_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions = _updatable(request)
    # On a GET, what they typed when their session ran out, if it was kept for them.
    data = posted_or_kept(request)
    recent = recent_updates(actions)
    rows = [
        ProgressRowForm(data, action=action, recent=recent.get(action.pk, NO_UPDATES))
        for action in actions
    ]
    page = UpdateAllForm(data)
    saved: list[str] = []
    nothing_entered = False
    if request.method == "POST" and page.is_valid():
        saved, already = _save_rows(request, rows, page)
        errors = [row for row in rows if row.is_bound and row.errors]
        if already and not saved and not errors:
            messages.info(request, "These updates were already saved.")
            return redirect("actionplans:my-actions")
        if saved and not errors:
            messages.success(request, _saved_message(saved))
            return redirect("actionplans:my-actions")
        nothing_entered = not saved and not errors and not already
    if saved:
        # The rows with problems come back to be corrected: a new page, with a new token.
        page = UpdateAllForm()
    context = {
        "page": page,
        "rows": rows,
        "error_rows": [row for row in rows if row.is_bound and row.errors],
        "saved_message": _saved_message(saved) if saved else "",
        "nothing_entered": nothing_entered,
    }
    return render(request, "actionplans/plans/update_all.html", context)


def _save_rows(
    request: AuthenticatedHttpRequest, rows: list[ProgressRowForm], page: UpdateAllForm
) -> tuple[list[str], list[str]]:
    """Save each filled-in row, each once by its own token (see `UpdateAllForm.row_token`); a
    saved row is replaced by a fresh one. The references saved, and those already saved."""
    saved: list[str] = []
    already: list[str] = []
    for index, row in enumerate(rows):
        if not row.is_valid() or row.is_blank:
            continue
        try:
            update = services.add_progress_update(
                action=row.action,
                author=request.user,
                text=row.cleaned_data["text"],
                rag=row.cleaned_data["rag"],
                status=row.cleaned_data["status"],
                form_token=page.row_token(row.action),
            )
        except InvalidTransition as refused:
            row.add_error("status", f"Action {row.action.reference}: {refused}")
            continue
        except AlreadySaved:
            already.append(row.action.reference)
            # Saved by the first post: the row shows that post's update as its last.
            recent = recent_updates([row.action]).get(row.action.pk, NO_UPDATES)
        else:
            saved.append(row.action.reference)
            recent = RecentUpdates(update, None)
        # Saved: the row starts again from the action as it now is, so that sending the
        # page again cannot add the same update twice.
        row.action.refresh_from_db()
        rows[index] = ProgressRowForm(action=row.action, recent=recent)
        rows[index].saved = True  # type: ignore[attr-defined]
    return saved, already


def _saved_message(saved: list[str]) -> str:
    if len(saved) == 1:
        return f"Progress update saved on action {saved[0]}."
    return f"{len(saved)} progress updates saved: actions {', '.join(saved)}."
