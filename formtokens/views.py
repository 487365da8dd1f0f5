"""Create pages whose own form refuses a second save before any service runs (a finding's
reference, a reading's date, already taken by the first save): the token is claimed before the
form is checked, so the second post is told it was already saved, not that its reference is taken.

Creates whose form cannot refuse that way claim the token in their service instead
(`claim_form_token`)."""

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from formtokens.services import AlreadySaved, saved_once

View = Callable[..., HttpResponse]


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    """The page's one-time token as posted; None when missing or damaged (the form then says
    what to do)."""
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def _once(request: HttpRequest, already: str, post: Callable[[], HttpResponse]) -> HttpResponse:
    with saved_once(token=posted_token(request), person=request.user, already=already):  # type: ignore[arg-type]  # login is required on every create page
        response = post()
        if response.status_code // 100 != 3:
            # Not saved (the form has a problem to fix): the token stays free for the correction.
            transaction.set_rollback(True)
        return response


def saves_once(*, already: str, then: Callable[..., str]) -> Callable[[View], View]:
    """A function create view whose POST runs at most once per page: a second post is told
    `already` and sent to `then(request, **the view's arguments)`, where the first one went."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def once(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            try:
                return _once(request, already, lambda: view(request, *args, **kwargs))
            except AlreadySaved as saved:
                messages.info(request, str(saved))
                return redirect(then(request, *args, **kwargs))

        return once

    return decorator


class SavesOnceMixin:
    """The same for a generic `CreateView`: "This finding was already saved." (from the model's
    name), then to the view's success address."""

    model: Any

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        already = f"This {self.model._meta.verbose_name} was already saved."
        create: View = super().post  # type: ignore[misc]  # a mixin over a generic view
        try:
            return _once(request, already, lambda: create(request, *args, **kwargs))
        except AlreadySaved as saved:
            messages.info(request, str(saved))
            return redirect(self.get_success_url())  # type: ignore[attr-defined]  # a mixin over a generic view
