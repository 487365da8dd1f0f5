"""The access-control matrix: every URL × verb × object × role, and the answer each must get.

ONE table, MATRIX: a row per (URL name, verb, object), with the answer for each role in the
order of `ROLES` (tests/access_world.py). Another partnership's object answers 404, a forbidden
write 403, and after every refused write the database is exactly as before.
`test_every_url_is_in_the_matrix` walks the URL configuration: a view added without a row here
fails the build, so no new page can forget its rules. `test_no_url_answers_500_to_any_method` sends every
URL of the table every method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) as every role.

Each role builds the world once and signs in once; each request runs in a savepoint that is rolled
back (with the client's cookies and the cache put back), so every row meets the same world. (The rules themselves, for the editing
views still to come, are specified cell by cell in test_predicate_matrix.py.)

Answers: a status code, or LOGIN (a redirect to the sign-in page).
"""

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.access_world import ROLES, World, build_world

pytestmark = pytest.mark.django_db

LOGIN = "login"
R = 302  # a redirect somewhere other than the sign-in page
# The renumber button's form: the lead's renumbering changes references, as it should.
RENUMBER = (("renumber", "yes"),)


def obj(key: str) -> Callable[[World], dict[str, Any]]:
    """URL kwargs for one object of the world: its pk."""
    return lambda world: {"pk": world.objects[key].pk}


def objs(**keys: str) -> Callable[[World], dict[str, Any]]:
    """URL kwargs naming several objects (or a literal, prefixed with '=')."""
    return lambda world: {
        name: key[1:] if key.startswith("=") else world.objects[key].pk
        for name, key in keys.items()
    }


def calendar_of_owner_a(world: World) -> dict[str, Any]:
    return {"token": world.objects["calendar_token_a"]}


def contribute_link_a(world: World) -> dict[str, Any]:
    return {"token": world.objects["contribute_token_a"]}


def unknown_contribute_link(world: World) -> dict[str, Any]:
    return {"token": "not-a-contribute-token"}


def unknown_calendar(world: World) -> dict[str, Any]:
    return {"token": "not-a-calendar-token"}


def invitation_link(world: World) -> dict[str, Any]:
    return {"token": world.objects["invitation_token"]}


def unknown_invitation(world: World) -> dict[str, Any]:
    return {"token": "not-an-invitation"}


def no_object(world: World) -> dict[str, Any]:
    return {}


def bad_reset_link(world: World) -> dict[str, Any]:
    return {"uidb64": "MQ", "token": "not-a-token"}


@dataclass(frozen=True)
class Row:
    url_name: str
    verb: str
    kwargs: Callable[[World], dict[str, Any]]
    answers: tuple[object, ...]  # one per role, in the order of ROLES
    data: tuple[tuple[str, str], ...] = ()
    query: tuple[tuple[str, str], ...] = ()  # for a page whose address carries a search

    def __post_init__(self) -> None:
        assert len(self.answers) == len(ROLES), self.url_name


SEARCH = (("q", "audit"), ("status", "not_started"), ("rag", "green"), ("sort", "due"))
BAD_SEARCH = (("q", "\x00" + "x" * 500), ("status", "finished"), ("sort", "--"), ("agency", "x"))

# fmt: off
MATRIX: list[Row] = [
    # url name                       verb    object               anon   lead lead_o own_a own_b mgr  deact  staff super
    # The service's pages: P's members read, Q's lead and people of no partnership get 404.
    # (The foundation's read-only function views answer POST like GET; a CBV will say 405.)
    # The home page is each person's work queue (a manager's shows their plan's dashboard).
    Row("actionplans:home",           "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:home",           "POST", no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:queue-seen",     "GET",  no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:queue-seen",     "POST", no_object,           (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R), data=(("seen", "1"),)),
    # Notifications: each person's own; another person's answers 404.
    Row("actionplans:notifications",  "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:notifications",  "POST", no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:notifications-read", "GET", no_object,        (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:notifications-read", "POST", no_object,       (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R), data=(("read", "1"),)),
    Row("actionplans:notification-open", "GET", obj("notification_a"), (LOGIN, 404, 404, R,   404,  404, LOGIN, 404,  404)),
    Row("actionplans:notification-open", "POST", obj("notification_a"), (LOGIN, 404, 404, R,  404,  404, LOGIN, 404,  404), data=(("open", "1"),)),
    Row("actionplans:plan-detail",    "GET",  obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:plan-detail",    "POST", obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:plan-detail",    "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    # The plan page searched and filtered (rendered afresh, never from the cache): the same answers.
    Row("actionplans:plan-detail",    "GET",  obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404), query=SEARCH),
    Row("actionplans:plan-detail",    "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404), query=SEARCH),
    Row("actionplans:plan-detail",    "GET",  obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404), query=BAD_SEARCH),
    Row("actionplans:action-detail",  "GET",  obj("action_a"),     (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:action-detail",  "GET",  obj("action_b"),     (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:action-detail",  "POST", obj("action_a"),     (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:action-detail",  "GET",  obj("action_other"), (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("inspections:inspection-detail", "GET", obj("inspection"), (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("inspections:inspection-detail", "POST", obj("inspection"), (LOGIN, 200, 404,  200,  200,  200, LOGIN, 404,  404)),
    Row("inspections:inspection-detail", "GET", obj("inspection_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    # Signing in and out. A signed-in person asking for the sign-in page goes home.
    Row("login",                      "GET",  no_object,           (200,   R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("login",                      "POST", no_object,           (200,   R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("logout",                     "GET",  no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("logout",                     "POST", no_object,           (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
    # Each person's own account; nobody reaches another's (no URL takes a user).
    Row("accounts:account",           "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:account",           "POST", no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-change",   "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-change",   "POST", no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-change-done", "GET", no_object,         (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-change-done", "POST", no_object,        (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("accounts:password-reset",    "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset",    "POST", no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset-done", "GET", no_object,          (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset-done", "POST", no_object,         (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("accounts:password-reset-confirm", "GET", bad_reset_link,  (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset-confirm", "POST", bad_reset_link, (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset-complete", "GET", no_object,      (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:password-reset-complete", "POST", no_object,     (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("accounts:two-factor-setup",  "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:two-factor-setup",  "POST", no_object,           (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("accounts:two-factor-verify", "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:two-factor-verify", "POST", no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    # Without the second step done, backup codes and removal send people to it.
    Row("accounts:two-factor-backup-codes", "GET", no_object,      (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("accounts:two-factor-backup-codes", "POST", no_object,     (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("accounts:two-factor-remove", "GET",  no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("accounts:two-factor-remove", "POST", no_object,           (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R)),
    # A deactivated person's session ends at their next request, whatever the page: LOGIN.
    # The editing pages. Leads write the whole plan; owners add progress, evidence and
    # revised dates to their own agency's actions; managers read. Empty POSTs are refused forms.
    Row("actionplans:my-actions",     "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:my-actions",     "POST", no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    # Update all my actions: each person's own open actions; an empty form saves nothing.
    Row("actionplans:my-actions-update", "GET", no_object,         (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:my-actions-update", "POST", no_object,        (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:inspection-create", "GET", no_object,         (LOGIN, 200, 200,   403,  403,  403, LOGIN, 403,  403)),
    Row("actionplans:inspection-create", "POST", no_object,        (LOGIN, 200, 200,   403,  403,  403, LOGIN, 403,  403)),
    Row("inspections:inspection-update", "GET", obj("inspection"), (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("inspections:inspection-update", "POST", obj("inspection"), (LOGIN, 200, 404,  403,  403,  403, LOGIN, 404,  404)),
    Row("inspections:inspection-update", "GET", obj("inspection_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("inspections:finding-create", "GET",  objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:finding-create", "POST", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:findings-paste", "GET",  objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:findings-paste", "POST", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:findings-paste", "GET",  objs(inspection_pk="inspection_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    # Undo the last paste: nothing was pasted in this session, so there is nothing to undo.
    Row("inspections:findings-undo",  "GET",  objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:findings-undo",  "POST", objs(inspection_pk="inspection"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404), data=(("confirm", "yes"),)),
    Row("inspections:findings-undo",  "GET",  objs(inspection_pk="inspection_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    # Remove several: none selected, so even the lead's post removes nothing and asks again.
    Row("inspections:findings-remove", "GET", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:findings-remove", "POST", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404), data=(("confirm", "yes"),)),
    Row("inspections:findings-remove", "GET", objs(inspection_pk="inspection_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("inspections:finding-update", "GET",  objs(inspection_pk="inspection", pk="finding"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:finding-update", "POST", objs(inspection_pk="inspection", pk="finding"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:finding-update", "GET",  objs(inspection_pk="inspection", pk="finding_other"), (LOGIN, 404, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:finding-delete", "GET",  objs(inspection_pk="inspection", pk="finding"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:finding-delete", "POST", objs(inspection_pk="inspection", pk="finding"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404), data=(("confirm", "yes"),)),
    Row("inspections:recommendation-create", "GET", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("inspections:recommendation-create", "POST", objs(inspection_pk="inspection"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    # An owner of the recommendation's lead agency edits it too (some of its fields).
    Row("inspections:recommendation-update", "GET", objs(inspection_pk="inspection", pk="recommendation_a"), (LOGIN, 200, 404, 200, 403, 403, LOGIN, 404, 404)),
    Row("inspections:recommendation-update", "POST", objs(inspection_pk="inspection", pk="recommendation_a"), (LOGIN, 200, 404, 200, 403, 403, LOGIN, 404, 404)),
    Row("inspections:recommendation-update", "GET", objs(inspection_pk="inspection", pk="recommendation_b"), (LOGIN, 200, 404, 403, 200, 403, LOGIN, 404, 404)),
    Row("inspections:recommendation-delete", "GET", objs(inspection_pk="inspection", pk="recommendation_a"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    # It still has an action, so even the lead's removal is refused (and changes nothing).
    Row("inspections:recommendation-delete", "POST", objs(inspection_pk="inspection", pk="recommendation_a"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:action-create",  "GET",  objs(plan_pk="plan"), (LOGIN, 200, 404,  403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-create",  "POST", objs(plan_pk="plan"), (LOGIN, 200, 404,  403,  403,  403, LOGIN, 404,  404)),
    # Owners change their own agency's actions' named lead (the form holds only that).
    Row("actionplans:action-update",  "GET",  obj("action_a"),     (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-update",  "POST", obj("action_a"),     (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-update",  "GET",  obj("action_b"),     (LOGIN, 200, 404,   403,  200,  403, LOGIN, 404,  404)),
    Row("actionplans:action-update",  "POST", obj("action_other"), (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:action-delete",  "GET",  obj("action_a"),     (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-delete",  "POST", obj("action_a"),     (LOGIN, R,   404,   403,  403,  403, LOGIN, 404,  404), data=(("confirm", "yes"),)),
    Row("actionplans:action-move",    "GET",  obj("action_a"),     (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:action-move",    "POST", obj("action_a"),     (LOGIN, R,   404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:actions-renumber", "GET", objs(pk="plan", recommendation_pk="recommendation_a"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("actionplans:actions-renumber", "POST", objs(pk="plan", recommendation_pk="recommendation_a"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404), RENUMBER),
    Row("actionplans:actions-renumber", "POST", objs(pk="plan", recommendation_pk="recommendation_other"), (LOGIN, 404, 404, 403, 403, 403, LOGIN, 404, 404), RENUMBER),
    Row("actionplans:action-history", "GET",  obj("action_a"),     (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:action-history", "POST", obj("action_a"),     (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:progress-create", "GET", obj("action_a"),     (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:progress-create", "POST", obj("action_a"),    (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:progress-create", "POST", obj("action_b"),    (LOGIN, 200, 404,   403,  200,  403, LOGIN, 404,  404)),
    Row("actionplans:action-revise-due-date", "GET", obj("action_a"), (LOGIN, 200, 404, 200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-revise-due-date", "POST", obj("action_a"), (LOGIN, 200, 404, 200, 403,  403, LOGIN, 404,  404)),
    Row("actionplans:evidence-create", "GET", obj("action_a"),     (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:evidence-create", "POST", obj("action_a"),    (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:evidence-download", "GET", obj("evidence_a"), (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:evidence-download", "POST", obj("evidence_a"), (LOGIN, 200, 404,  200,  200,  200, LOGIN, 404,  404)),
    # The check before signing off (it says action_a is not waiting); the POST signs off.
    Row("actionplans:action-sign-off", "GET", obj("action_a"),     (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    # Not awaiting sign-off: even the lead's sign-off is refused with a message.
    Row("actionplans:action-sign-off", "POST", obj("action_a"),    (LOGIN, R,   404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-send-back", "GET", obj("action_a"),    (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-send-back", "POST", obj("action_a"),   (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    # Reopening a signed-off action: the lead's alone (action_a is not complete, so the
    # empty POST is a refused form).
    Row("actionplans:action-reopen",  "GET",  obj("action_a"),     (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-reopen",  "POST", obj("action_a"),     (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:action-reopen",  "POST", obj("action_other"), (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    # The submission pack.
    Row("actionplans:plan-export",    "GET",  objs(pk="plan", kind="=csv"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    Row("actionplans:plan-export",    "POST", objs(pk="plan", kind="=docx"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    Row("actionplans:plan-export",    "GET",  objs(pk="plan_other", kind="=xlsx"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:plan-readiness", "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-readiness", "POST", obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    # Mark as submitted asks first: GET, or a POST without the confirmation, only asks.
    Row("actionplans:plan-submit",    "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-submit",    "POST", obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    # The world's plan has an overdue action, so a confirmation without the gaps accepted is
    # refused (400).
    Row("actionplans:plan-submit",    "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  404), data=(("confirm", "yes"),)),
    # Approvers: the lead names them and sends the plan; agency A's owner is the world's approver.
    Row("actionplans:plan-approvers", "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-approvers", "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-approvers", "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:approval-send",  "GET",  obj("plan"),         (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:approval-send",  "POST", obj("plan"),         (LOGIN, R,   404,   403,  403,  403, LOGIN, 404,  404), data=(("send", "yes"),)),
    Row("actionplans:approver-change", "GET", obj("approver_a"),   (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:approver-change", "POST", obj("approver_a"),  (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:approver-remove", "GET", obj("approver_a"),   (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:approver-remove", "POST", obj("approver_a"),  (LOGIN, R,   404,   403,  403,  403, LOGIN, 404,  404), data=(("remove", "yes"),)),
    # An approver's page: only the plan's named approvers; an empty answer is refused (400).
    Row("actionplans:plan-approval",  "GET",  obj("plan"),         (LOGIN, 403, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-approval",  "POST", obj("plan"),         (LOGIN, 403, 404,   400,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-approval",  "GET",  obj("plan_other"),   (LOGIN, 404, 403,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:submission-detail", "GET", obj("submission"), (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:submission-detail", "POST", obj("submission"), (LOGIN, 200, 404,  200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:submission-download", "GET", objs(pk="submission", kind="=pdf"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    Row("actionplans:submission-download", "POST", objs(pk="submission", kind="=docx"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    # Board progress reports: every member reads them; leads and managers produce them.
    # Sharing an action between sources: the lead links and unlinks; leads and managers trace.
    Row("actionplans:action-link",    "GET",  objs(pk="plan", recommendation_pk="recommendation_a"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:action-link",    "POST", objs(pk="plan", recommendation_pk="recommendation_a"), (LOGIN, 400, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:action-unlink",  "GET",  objs(pk="action_a", recommendation_pk="recommendation_b"), (LOGIN, 404, 404, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:action-unlink",  "POST", objs(pk="action_a", recommendation_pk="recommendation_b"), (LOGIN, 404, 404, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:traceability",   "GET",  obj("partnership"),  (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:traceability",   "POST", obj("partnership"),  (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:traceability",   "GET",  obj("partnership_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:traceability-download", "GET", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:traceability-download", "POST", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:board-reports",  "GET",  obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:board-reports",  "POST", obj("plan"),         (LOGIN, R,   404,   403,  403,  R,   LOGIN, 404,  404), data=(("since_0", "1"), ("since_1", "1"), ("since_2", "2025"))),
    Row("actionplans:board-reports",  "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:board-report-download", "GET", objs(pk="board_report", kind="=pdf"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    Row("actionplans:board-report-download", "POST", objs(pk="board_report", kind="=docx"), (LOGIN, 200, 404, 200, 200, 200, LOGIN, 404, 404)),
    Row("actionplans:board-report-download", "GET", objs(pk="board_report", kind="=xlsx"), (LOGIN, 404, 404, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:import-upload",  "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:import-upload",  "POST", obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:import-preview", "GET",  objs(pk="plan", import_pk="plan_import"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:import-preview", "POST", objs(pk="plan", import_pk="plan_import"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:import-template", "GET", obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:import-template", "POST", obj("plan"),        (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    # The dashboard and measures. Managers read; the lead sets measures up; the owners
    # of the measure's agency add readings.
    Row("actionplans:dashboard",      "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:dashboard",      "POST", no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:plan-dashboard", "GET",  obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:plan-dashboard", "POST", obj("plan"),         (LOGIN, 200, 404,   200,  200,  200, LOGIN, 404,  404)),
    Row("actionplans:plan-dashboard", "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    # A partnership's overview across its plans: its leads and managers; its agency owners are
    # refused, and another partnership's lead finds nothing.
    # Records: closing a plan is the lead's; retention and legal holds the lead's and a superuser's.
    Row("actionplans:plan-close",     "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  403)),
    Row("actionplans:plan-close",     "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  403)),
    Row("actionplans:plan-close",     "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  403)),
    Row("actionplans:plan-reopen",    "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  403)),
    Row("actionplans:plan-reopen",    "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  403)),
    Row("actionplans:hold-place",     "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  200)),
    Row("actionplans:hold-place",     "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  400)),
    Row("actionplans:hold-place",     "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  200)),
    Row("actionplans:hold-lift",      "GET",  obj("hold_a"),       (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  200)),
    Row("actionplans:hold-lift",      "POST", obj("hold_a"),       (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  400)),
    Row("actionplans:hold-lift",      "GET",  obj("hold_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  200)),
    Row("actionplans:records",        "GET",  obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  200)),
    Row("actionplans:records",        "POST", obj("partnership"),  (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  400)),
    Row("actionplans:records",        "GET",  obj("partnership_other"), (LOGIN, 404, 200, 404, 404,  404, LOGIN, 404,  200)),
    Row("actionplans:audit-export",   "GET",  obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  200)),
    Row("actionplans:audit-export",   "GET",  obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  200), query=(("start", "2026-01-01"), ("end", "2026-01-31"))),
    Row("actionplans:audit-export",   "GET",  obj("partnership"),  (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  400), query=(("start", "2026-02-01"), ("end", "2026-01-01"))),
    Row("actionplans:audit-export",   "POST", obj("partnership"),  (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:audit-export",   "GET",  obj("partnership_other"), (LOGIN, 404, 200, 404, 404,  404, LOGIN, 404,  200)),
    Row("actionplans:subject-access", "GET",  no_object,           (LOGIN, 403, 403,   403,  403,  403, LOGIN, 403,  200)),
    Row("actionplans:subject-access", "POST", no_object,           (LOGIN, 403, 403,   403,  403,  403, LOGIN, 403,  400)),
    Row("actionplans:retention-apply", "GET", obj("retention_run"), (LOGIN, 405, 405,  405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:retention-apply", "POST", obj("retention_run"), (LOGIN, R,  404,  403,  403,  403, LOGIN, 404,  R), data=(("apply", "yes"),)),
    Row("actionplans:retention-apply", "POST", obj("retention_run_other"), (LOGIN, 404, R, 404, 404,  404, LOGIN, 404,  R), data=(("apply", "yes"),)),
    Row("actionplans:partnership-overview", "GET", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:partnership-overview", "GET", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404), query=(("regime", "jtai"), ("status", "draft"))),
    Row("actionplans:partnership-overview", "GET", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404), query=(("regime", "x" * 300), ("status", "\x00"))),
    Row("actionplans:partnership-overview", "POST", obj("partnership"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("actionplans:partnership-overview", "GET", obj("partnership_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:partnership-little-progress-download", "GET", obj("partnership"), (LOGIN, 200, 404, 403, 403, 200, LOGIN, 404, 404)),
    Row("actionplans:partnership-little-progress-download", "POST", obj("partnership"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("actionplans:partnership-little-progress-download", "GET", obj("partnership_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:measure-create", "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:measure-create", "POST", obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:measure-update", "GET",  obj("measure_a"),    (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:measure-update", "POST", obj("measure_a"),    (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:measure-update", "GET",  obj("measure_other"), (LOGIN, 404, 200,  404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:reading-create", "GET",  obj("measure_a"),    (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:reading-create", "POST", obj("measure_a"),    (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    # Update requests by link: whoever may update the action asks and decides (owner_a for
    # action_a); the link's token is the contributor's only key, to one page.
    Row("actionplans:request-update", "GET",  obj("action_a"),     (LOGIN, 200, 404,   200,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:request-update", "POST", obj("action_a"),     (LOGIN, 400, 404,   400,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-contributions", "GET", obj("plan"),      (LOGIN, 200, 404,   200,  200,  403, LOGIN, 404,  404)),
    Row("actionplans:plan-contributions", "POST", obj("plan"),     (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:plan-contributions", "GET", obj("plan_other"), (LOGIN, 404, 200,  404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:contribution-decide", "GET", obj("contribution_a"), (LOGIN, 200, 404, 200, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:contribution-decide", "POST", obj("contribution_a"), (LOGIN, 400, 404, 400, 403, 403, LOGIN, 404, 404)),
    Row("actionplans:contribution-decide", "GET", obj("contribution_other"), (LOGIN, 404, 200, 404, 404, 404, LOGIN, 404, 404)),
    Row("actionplans:update-request-withdraw", "GET", obj("update_request_a"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("actionplans:update-request-withdraw", "POST", obj("update_request_a"), (LOGIN, R, 404, R, 403, 403, LOGIN, 404, 404), data=(("withdraw", "yes"),)),
    Row("actionplans:contribute",     "GET",  contribute_link_a,   (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:contribute",     "POST", contribute_link_a,   (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:contribute",     "GET",  unknown_contribute_link, (404, 404, 404, 404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:contribute",     "POST", unknown_contribute_link, (404, 404, 404, 404,  404,  404, LOGIN, 404,  404)),
    # Update rounds: the plan's leads open and close them; leads and managers see who answered.
    Row("actionplans:rounds",         "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  200, LOGIN, 404,  404)),
    Row("actionplans:rounds",         "POST", obj("plan"),         (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:rounds",         "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:round-open",     "GET",  obj("plan"),         (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:round-open",     "POST", obj("plan"),         (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:round-open",     "GET",  obj("plan_other"),   (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:round-detail",   "GET",  obj("round_a"),      (LOGIN, 200, 404,   403,  403,  200, LOGIN, 404,  404)),
    Row("actionplans:round-detail",   "POST", obj("round_a"),      (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:round-detail",   "GET",  obj("round_other"),  (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:round-close",    "GET",  obj("round_a"),      (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:round-close",    "POST", obj("round_a"),      (LOGIN, 400, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("actionplans:round-close",    "GET",  obj("round_other"),  (LOGIN, 404, 200,   404,  404,  404, LOGIN, 404,  404)),
    # Reminders: each person's own preferences and calendar; the sent log for leads.
    # The feed's private token is its credential (calendar apps cannot sign in).
    Row("actionplans:reminder-preferences", "GET", no_object,      (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:reminder-preferences", "POST", no_object,     (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R), data=(("weekly_digest", "on"),)),
    Row("actionplans:calendar-token", "GET",  no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("actionplans:calendar-token", "POST", no_object,           (LOGIN, R,   R,     R,    R,    R,   LOGIN, R,    R), data=(("action", "regenerate"),)),
    Row("actionplans:reminder-log",   "GET",  no_object,           (LOGIN, 200, 200,   403,  403,  403, LOGIN, 403,  403)),
    Row("actionplans:reminder-log",   "POST", no_object,           (LOGIN, 200, 200,   403,  403,  403, LOGIN, 403,  403)),
    Row("actionplans:calendar-feed",  "GET",  calendar_of_owner_a, (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("actionplans:calendar-feed",  "GET",  unknown_calendar,    (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("actionplans:calendar-feed",  "POST", calendar_of_owner_a, (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # The reporting API, here with the browser session (tokens: tests/actionplans/api/): members
    # read their partnerships' rows; the signed-out get 401, people of no partnership 403, another
    # partnership's row 404; nothing accepts a write.
    Row("api:plan-list",                "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:plan-list",                "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:plan-detail",              "GET",  obj("plan"),              (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:plan-detail",              "POST", obj("plan"),              (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:plan-detail",              "GET",  obj("plan_other"),        (401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:recommendation-list",      "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:recommendation-list",      "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:recommendation-detail",    "GET",  obj("recommendation_a"),  (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:recommendation-detail",    "POST", obj("recommendation_a"),  (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:recommendation-detail",    "GET",  obj("recommendation_other"),(401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:action-list",              "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:action-list",              "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:action-detail",            "GET",  obj("action_a"),          (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:action-detail",            "POST", obj("action_a"),          (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:action-detail",            "GET",  obj("action_other"),      (401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:progress-update-list",     "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:progress-update-list",     "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:progress-update-detail",   "GET",  obj("progress_a"),        (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:progress-update-detail",   "POST", obj("progress_a"),        (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:progress-update-detail",   "GET",  obj("progress_other"),    (401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:measure-list",             "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:measure-list",             "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:measure-detail",           "GET",  obj("measure_a"),         (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:measure-detail",           "POST", obj("measure_a"),         (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:measure-detail",           "GET",  obj("measure_other"),     (401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:reading-list",             "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:reading-list",             "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:reading-detail",           "GET",  obj("reading_a"),         (401,   200, 404,   200,  200,  200, LOGIN, 403,  403)),
    Row("api:reading-detail",           "POST", obj("reading_a"),         (401,   405, 405,   405,  405,  405, LOGIN, 403,  403)),
    Row("api:reading-detail",           "GET",  obj("reading_other"),     (401,   404, 200,   404,  404,  404, LOGIN, 403,  403)),
    Row("api:schema",                 "GET",  no_object,           (401,   200, 200,   200,  200,  200, LOGIN,   200,  200)),
    Row("api:schema",                 "POST", no_object,           (401,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("api:docs",                   "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("api:docs",                   "POST", no_object,           (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # Each person's own API tokens; revoking another person's token finds nothing to revoke.
    Row("accounts:access-tokens",     "GET",  no_object,           (LOGIN, 200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accounts:access-tokens",     "POST", no_object,           (LOGIN, 400, 400,   400,  400,  400, LOGIN, 400,  400)),
    Row("accounts:access-token-revoke", "GET", obj("api_token_lead"), (LOGIN, 405, 405, 405,  405,  405, LOGIN, 405,  405)),
    Row("accounts:access-token-revoke", "POST", obj("api_token_lead"), (LOGIN, R,  R,   R,    R,    R,   LOGIN, R,    R), data=(("confirm", "yes"),)),
    # Organisation sign-in: an unknown or disabled provider is not found, for everyone; the
    # flow itself is tested against a real provider in tests/agencies/test_organisation_sign_in.py.
    Row("organisation-sign-in",       "GET",  objs(pk="=999999"),  (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("organisation-sign-in",       "POST", objs(pk="=999999"),  (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("organisation-sign-in-callback", "GET", objs(pk="=999999"), (404,  404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("organisation-sign-in-callback", "POST", objs(pk="=999999"), (405, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # People: a partnership's leads manage its members and invitations; its other members are
    # refused, everyone else finds nothing. Removing owner_a and withdrawing or resending the
    # invitation are the lead's alone.
    Row("people:people",              "GET",  obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("people:people",              "POST", obj("partnership"),  (LOGIN, 405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("people:people",              "GET",  obj("partnership_other"), (LOGIN, 404, 200, 404, 404,  404, LOGIN, 404,  404)),
    Row("people:invite",              "GET",  obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("people:invite",              "POST", obj("partnership"),  (LOGIN, 200, 404,   403,  403,  403, LOGIN, 404,  404)),
    Row("people:member-change",       "GET",  objs(pk="partnership", member_pk="membership_a"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("people:member-change",       "POST", objs(pk="partnership", member_pk="membership_a"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("people:member-change",       "GET",  objs(pk="partnership_other", member_pk="membership_a"), (LOGIN, 404, 404, 404, 404, 404, LOGIN, 404, 404)),
    Row("people:member-remove",       "GET",  objs(pk="partnership", member_pk="membership_a"), (LOGIN, 200, 404, 403, 403, 403, LOGIN, 404, 404)),
    Row("people:member-remove",       "POST", objs(pk="partnership", member_pk="membership_a"), (LOGIN, R,   404, 403, 403, 403, LOGIN, 404, 404), data=(("confirm", "yes"),)),
    Row("people:invitation-resend",   "GET",  objs(pk="partnership", invitation_pk="invitation"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("people:invitation-resend",   "POST", objs(pk="partnership", invitation_pk="invitation"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404), data=(("resend", "yes"),)),
    Row("people:invitation-revoke",   "GET",  objs(pk="partnership", invitation_pk="invitation"), (LOGIN, 405, 405, 405, 405, 405, LOGIN, 405, 405)),
    Row("people:invitation-revoke",   "POST", objs(pk="partnership", invitation_pk="invitation"), (LOGIN, R, 404, 403, 403, 403, LOGIN, 404, 404), data=(("revoke", "yes"),)),
    # The invitation's link: the invited address (no account yet) may make one; anyone signed
    # in as someone else is told it is not theirs; a link that names nothing is not found.
    Row("people:invitation",          "GET",  invitation_link,     (200,   403, 403,   403,  403,  403, LOGIN, 403,  403)),
    Row("people:invitation",          "POST", invitation_link,     (200,   403, 403,   403,  403,  403, LOGIN, 403,  403)),
    Row("people:invitation",          "GET",  unknown_invitation,  (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("people:invitation",          "POST", unknown_invitation,  (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    # For load balancers and docker: no sign-in, no database.
    Row("healthz",                    "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("healthz",                    "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # Readiness, for the load balancer: no sign-in; the services, never a secret.
    Row("readyz",                     "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("readyz",                     "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # Prometheus's: a bearer token, not a session; with no METRICS_TOKEN set it does not exist.
    Row("metrics",                    "GET",  no_object,           (404,   404, 404,   404,  404,  404, LOGIN, 404,  404)),
    Row("metrics",                    "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # The icon browsers ask for by habit: a redirect for everyone, signed in or not.
    Row("favicon",                    "GET",  no_object,           (R,     R,   R,     R,    R,    R,   LOGIN, R,    R)),
    Row("favicon",                    "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("security-txt",               "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("security-txt",               "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    Row("accessibility",              "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("accessibility",              "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
    # How this works: for everyone, signed in or not.
    Row("help",                       "GET",  no_object,           (200,   200, 200,   200,  200,  200, LOGIN, 200,  200)),
    Row("help",                       "POST", no_object,           (405,   405, 405,   405,  405,  405, LOGIN, 405,  405)),
]
# fmt: on

REFUSED = {LOGIN, 403, 404, 405}
# Every method a client can send; the site's forms use only GET and POST.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model (sessions and axes' sign-in records aside)."""
    skipped = {"sessions", "axes", "contenttypes", "admin"}
    return {
        model._meta.label: sorted(
            (tuple(str(v) for v in row) for row in model.objects.values_list()), key=str
        )
        for model in apps.get_models()
        if model._meta.app_label not in skipped
    }


def signed_in_client(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if role == "deactivated":
        # Signed in while active, then deactivated: the session must stop working at once.
        user.is_active = True
        user.save()
        client.force_login(user)
        user.is_active = False
        user.save()
    elif role != "anonymous":
        client.force_login(user)
    return client


class Undone(Exception):
    """Raised to roll a request's changes back."""


def request_and_undo[T](
    client: Client, method: str, url: str, inspect: Callable[[Any], T], data: str = ""
) -> T:
    """Send one request, let `inspect` look at the answer and the database, then undo it all;
    returns what `inspect` made of it.

    Each request then meets the same world and the same signed-in client, so one world per role
    serves every row (building a world per case took most of this file's time). The database is
    rolled back to a savepoint; the client's cookies (a sign-out drops them) and the cache are
    put back as they were.
    """
    cookies = deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.generic(
                method, url, data, content_type="application/x-www-form-urlencoded"
            )
            result = inspect(response)
            raise Undone
    except Undone:
        return result
    finally:
        client.cookies = cookies
        cache.clear()


def answer_problem(row: Row, expected: object, before: Any, response: Any) -> str | None:
    """What is wrong with the answer to `row`, or None when it is the expected one."""
    status, location = response.status_code, response.get("Location", "")
    if expected == LOGIN:
        if status != 302 or not location.startswith(reverse("login")):
            return f"expected the sign-in page, got {status} {location}"
    elif expected == R:
        if status != 302 or location.startswith(reverse("login")):
            return f"expected a redirect, got {status} {location}"
    elif status != expected:
        return f"expected {expected}, got {status}"
    # Refused writes change nothing; so do the empty (invalid) forms this table posts.
    refused = expected in REFUSED or row.data == ()
    if before is not None and refused and database_state() != before:
        return "the database changed"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_answer(role: str):
    world = build_world()
    client = signed_in_client(world, role)
    problems: list[str] = []
    for row in MATRIX:
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        if row.query:
            url += "?" + urlencode(row.query)
        expected = row.answers[ROLES.index(role)]
        before = database_state() if row.verb != "GET" else None
        inspect = partial(answer_problem, row, expected, before)
        problem = request_and_undo(client, row.verb, url, inspect, urlencode(row.data))
        if problem:
            problems.append(f"{row.verb} {row.url_name} {url}: {problem}")
    assert problems == [], f"as {role}:\n" + "\n".join(problems)


status_code = attrgetter("status_code")


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_500_to_any_method(role: str):
    """Every URL of the table, with every method, as every role: never a server error.

    The other pages say 405 to PUT, PATCH and DELETE (accounts.middleware.FormMethodsOnlyMiddleware);
    the read-only API says it in its own words.
    """
    world = build_world()
    client = signed_in_client(world, role)
    client.raise_request_exception = False
    urls = sorted({reverse(row.url_name, kwargs=row.kwargs(world)) for row in MATRIX})
    answers = {
        (method, url): request_and_undo(client, method, url, status_code)
        for url in urls
        for method in METHODS
    }

    assert len(answers) == len(urls) * len(METHODS)
    assert {key: status for key, status in answers.items() if status >= 500} == {}
    writes = {
        key: status
        for key, status in answers.items()
        if key[0] in {"PUT", "PATCH", "DELETE"} and not key[1].startswith("/api/")
    }
    assert set(writes.values()) <= {405}, "pages must refuse PUT, PATCH and DELETE"


def test_every_url_is_in_the_matrix():
    """Walks the URLconf (admin aside): each named URL must have at least one row."""
    names: set[str] = set()
    nameless: list[str] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(namespace + pattern.name)
                else:
                    nameless.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "/")
    in_matrix = {row.url_name for row in MATRIX}
    assert not nameless, f"URLs without a name cannot be in the matrix: {nameless}"
    assert names - in_matrix == set(), "add these URLs to MATRIX in tests/test_access_matrix.py"
    assert in_matrix - names == set(), "these MATRIX rows name URLs that no longer exist"


def test_every_url_is_tried_with_both_get_and_post():
    """So that a view accepting a verb by accident shows in the table."""
    verbs: dict[str, set[str]] = {}
    for row in MATRIX:
        verbs.setdefault(row.url_name, set()).add(row.verb)
    assert {name for name, seen in verbs.items() if not {"GET", "POST"} <= seen} == set()


# Lists: the home page lists exactly the plans of the person's own partnerships.
PLANS_LISTED = {
    "lead": {"plan"},
    "lead_other": {"plan_other"},
    "owner_a": {"plan"},  # agency A also serves Q, but owner_a is a member of P only
    "owner_b": {"plan"},
    "staff": set(),
    "superuser": set(),
}


def test_a_managers_home_shows_the_dashboard_of_their_plan():
    world = build_world()
    response = signed_in_client(world, "manager").get(reverse("actionplans:home"))
    assert response.context["manager"]["chosen"] == world.objects["plan"]
    assert "Progress dashboard" in response.content.decode()


@pytest.mark.parametrize("role", sorted(PLANS_LISTED))
def test_home_lists_only_the_plans_of_the_persons_partnerships(role: str):
    world = build_world()
    client = signed_in_client(world, role)
    listed = {plan.pk for plan in client.get(reverse("actionplans:home")).context["plans"]}
    assert listed == {world.objects[key].pk for key in PLANS_LISTED[role]}
