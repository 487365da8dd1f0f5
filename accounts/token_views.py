"""The person's keys to the reporting API, on "Your account": make one (shown once), see when
each was last used, revoke it."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import AccessTokenForm
from accounts.tokens import create_token, live_tokens, revoke_token
from agencies.http import AuthenticatedHttpRequest
from agencies.models import User
from agencies.security_log import log_event

# A quarter is a reporting cycle: the default expiry when the person does not choose.
DEFAULT_LIFE = dt.timedelta(days=90)


@require_http_methods(["GET", "HEAD", "POST"])
def access_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    new_key = None
    if request.method == "POST":
        form = AccessTokenForm(request.POST)
        if form.is_valid():
            made = create_token(
                user=user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
            log_event("api_token_created", request, token=made.token.pk)
            new_key = made.key
            form = AccessTokenForm(initial={"expires_on": timezone.localdate() + DEFAULT_LIFE})
    else:
        form = AccessTokenForm(initial={"expires_on": timezone.localdate() + DEFAULT_LIFE})
    context = {"form": form, "tokens": live_tokens(user), "new_key": new_key}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "accounts/access_tokens.html", context, status=status)


@require_POST
def access_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if revoke_token(user=user, token_id=pk) is not None:
        log_event("api_token_revoked", request, token=pk)
    return redirect("accounts:access-tokens")
