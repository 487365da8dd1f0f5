"""The expensive page bodies, kept in the shared cache under keys read from the database.

The plan page, the dashboards, My actions and a manager's home page render hundreds of rows.
Their bodies (the part below the site's header) are kept in the cache (CACHE_URL) under a key
that names everything they show (docs/adr/0004-page-bodies-keyed-by-plan-version.md):

- each plan's `version`, a random value that every write to a row the plan's pages show
  replaces, by an UPDATE of the plan row **in the same transaction** as the write (the
  receivers at the end of this module; code that writes with `QuerySet.update()` calls
  `bump_plan` itself). The request that serves a page reads the version from the database, with
  the plan's partnership (which decides who may see it): a key can only name a committed state,
  and a body rendered after that commit shows at least that state.
- what the person may do there (their role and agency in the plan's partnership), read from
  the database in the same request (`agencies.permissions.membership_rows`);
- the filters in the address, and today's date (overdue and due-soon depend on it);
- for a body that holds a form (a lead's plan page: the move and renumber buttons), a digest of
  the person's own CSRF secret, so that their token never reaches anyone else's page.

Nothing is kept in a process's memory, nothing in the cache decides who may see what, and a
body that no key names any more simply expires. What carries no version (an agency's new name,
a person's name on a progress update) can show up to `BODY_SECONDS` late.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from actionplans.plans.models import (
    Action,
    ActionLink,
    ActionPlan,
    Evidence,
    ProgressUpdate,
    new_version,
)
from agencies.models import User
from agencies.permissions import membership_rows
from inspections.models import Finding, Inspection, Recommendation
from ui import cache

# A body is kept this long at most; one no key names any more is never read again.
BODY_SECONDS = 300
# What the dashboards' addresses may filter by (part of their keys).
FILTER_NAMES = ("agency", "status", "rag", "since")

# Plans whose version changes once, when a block of many writes ends (see `one_bump_for`).
_held: ContextVar[frozenset[int]] = ContextVar("held_plan_versions", default=frozenset())


# Reading versions -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanKey:
    """A plan as a person sees it: enough to check they may, title the page and key its body."""

    plan: int
    partnership: int
    local_area: str
    version: str
    role: str
    agency: int | None


def plan_keys(user: User, plan: int | None = None) -> list[PlanKey]:
    """The plans the person may see (one plan, when given: none when they may not see it),
    with their versions, in one query."""
    if not user.is_active:
        return []
    roles = {row.partnership_id: row for row in membership_rows(user)}
    if not roles:
        return []
    rows = ActionPlan.objects.filter(inspection__partnership_id__in=roles)
    if plan is not None:
        rows = rows.filter(pk=plan)
    found = rows.order_by("pk").values_list(
        "pk", "inspection__partnership_id", "inspection__partnership__local_area", "version"
    )
    return [
        PlanKey(
            pk,
            partnership,
            local_area,
            version,
            roles[partnership].role,
            roles[partnership].agency_id,
        )
        for pk, partnership, local_area, version in found
    ]


def member_stamp(user: User) -> str:
    """One value for everything a person's own pages list: their memberships and the version
    of every plan they may see. Any change to one of those changes it."""
    rows = sorted(membership_rows(user))
    return _digest((rows, plan_keys(user)))


def dashboard_key(
    kind: str, plans: Iterable[PlanKey], query: Mapping[str, Any], today: dt.date
) -> str:
    filters = tuple((name, str(query.get(name, ""))) for name in FILTER_NAMES)
    return f"dashboard:{kind}:{_digest((tuple(plans), filters, today))}"


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


# Keeping bodies ---------------------------------------------------------------------------


def cached_body(
    request: HttpRequest,
    *,
    key: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    has_forms: bool = False,
) -> SafeString:
    """The body under `key`, from the cache or rendered now (`context()` is called only then).

    `has_forms`: the body holds a POST form, so its CSRF token: it is kept for this person's
    CSRF secret alone (Django's tokens are masked afresh per request, but any masking of one
    secret is valid for that secret only)."""
    if has_forms:
        get_token(request)  # makes sure the request has a secret before it names the key
        key = f"{key}:csrf-{_digest(request.META['CSRF_COOKIE'])}"
    key = f"body:{key}"
    html = cache.get(key)  # a cache that is down is a miss: the body is rendered afresh
    if not isinstance(html, str):
        html = render_to_string(template, context(), request=request)
        cache.put(key, html, BODY_SECONDS)
    return mark_safe(html)  # noqa: S308  # our own templates rendered it, escaping as they do


def page_with_body(
    request: HttpRequest,
    *,
    key: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    page: str,
    page_context: dict[str, Any],
    has_forms: bool = False,
) -> HttpResponse:
    """The page `page` around the body under `key`; the page itself (the header, the person's
    name, their unread count) is rendered afresh at every request."""
    body = cached_body(request, key=key, template=template, context=context, has_forms=has_forms)
    return render(request, page, {**page_context, "body": body})


# Changing versions ------------------------------------------------------------------------


def bump_plan(plan_id: int | None) -> None:
    """Give the plan a new version, in the caller's transaction: the new key becomes visible
    with the change itself, never before it and never after."""
    if plan_id is None or plan_id in _held.get():
        return
    ActionPlan.objects.filter(pk=plan_id).update(version=new_version())


@contextmanager
def one_bump_for(plan_id: int) -> Iterator[None]:
    """Inside the block, the plan's version does not change at each saved row but once, at
    the end: an import of 2,000 actions would otherwise update the plan row 2,000 times."""
    token = _held.set(_held.get() | {plan_id})
    try:
        yield
    finally:
        _held.reset(token)
        bump_plan(plan_id)


def bump_on_change(model: type[models.Model], plan_of: Callable[[Any], int | None]) -> None:
    """Change the version of `plan_of(instance)` whenever a `model` row is saved or deleted."""

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


def _link_changed(sender: object, instance: ActionLink, **kwargs: object) -> None:
    """A shared action shows on the pages of both plans: the one that owns it and the one
    whose recommendation it also answers."""
    bump_plan(_plan_of_action(instance.action_id))
    inspection = (
        Recommendation.objects.filter(pk=instance.recommendation_id)
        .values_list("inspection_id", flat=True)
        .first()
    )
    bump_plan(_plan_of_inspection(inspection))


# A plan's own save writes back whatever version it was loaded with: a new one follows at once.
bump_on_change(ActionPlan, lambda plan: plan.pk)
bump_on_change(Action, lambda action: action.plan_id)
bump_on_change(ProgressUpdate, lambda update: _plan_of_action(update.action_id))
bump_on_change(Evidence, lambda evidence: _plan_of_action(evidence.action_id))
bump_on_change(Inspection, lambda inspection: _plan_of_inspection(inspection.pk))
bump_on_change(Finding, lambda finding: _plan_of_inspection(finding.inspection_id))
bump_on_change(Recommendation, lambda rec: _plan_of_inspection(rec.inspection_id))
m2m_changed.connect(_contributing_changed, sender=Action.contributing_agencies.through, weak=False)
post_save.connect(_link_changed, sender=ActionLink, weak=False)
post_delete.connect(_link_changed, sender=ActionLink, weak=False)
