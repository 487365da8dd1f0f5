"""The two legs of an organisation sign-in: off to the provider, and back with its answer."""

import logging

from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from joserfc.errors import JoseError
from requests import RequestException

from accounts import organisation_sign_in as oidc
from agencies.models import IdentityProvider
from agencies.security_log import log_event

NEXT_KEY = "organisation_sign_in_next"


def _provider(pk: int) -> IdentityProvider:
    provider = IdentityProvider.objects.filter(pk=pk, enabled=True).first()
    if provider is None:
        raise Http404
    return provider


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_not_required
@require_safe
def start(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(pk)
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    extra = {"login_hint": request.GET["email"]} if request.GET.get("email") else {}
    try:
        response: HttpResponse = oidc.client_for(provider).authorize_redirect(
            request, oidc.callback_url(provider), **extra
        )
    except (AuthlibBaseError, RequestException, ValueError) as error:
        return _failed(request, provider, error)
    return response


@login_not_required
@require_safe
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(pk)
    try:
        token = oidc.client_for(provider).authorize_access_token(request)
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as error:
        return _failed(request, provider, error)
    claims = token.get("userinfo") or {}
    if not claims:  # no ID token came back: nothing vouches for the person
        return _failed(request, provider, ValueError("no_id_token"))
    try:
        admitted = oidc.admit(provider, dict(claims))
    except oidc.Refused as refused:
        log_event(
            "organisation_sign_in_refused",
            request,
            logging.WARNING,
            provider=provider.name,
            reason=refused.reason,
        )
        context = {"provider": provider, "message": refused.message}
        return render(
            request, "registration/organisation_sign_in_refused.html", context, status=403
        )
    target = request.session.pop(NEXT_KEY, "")
    # The security log's sign-in line names the provider (accounts/security.py).
    request.sign_in_provider = provider.name  # type: ignore[attr-defined]
    login(request, admitted.user, backend="accounts.signed_in.RequestUserBackend")
    request.session[oidc.PROVIDER_KEY] = provider.pk
    request.session[oidc.ID_TOKEN_KEY] = token.get("id_token", "")
    request.session[oidc.PROVIDER_MFA_KEY] = admitted.mfa
    return HttpResponseRedirect(_safe_next(request, target))


def _failed(request: HttpRequest, provider: IdentityProvider, error: Exception) -> HttpResponse:
    # The reason is the library's error code or class, never a token or a claim.
    reason = getattr(error, "error", None) or type(error).__name__
    log_event(
        "organisation_sign_in_failed",
        request,
        logging.WARNING,
        provider=provider.name,
        reason=reason,
    )
    return render(
        request, "registration/organisation_sign_in_failed.html", {"provider": provider}, status=400
    )
