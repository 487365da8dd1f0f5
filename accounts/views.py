"""Account pages: sign-in, password change and reset, and two-factor authentication.

Sign-in and the password pages are Django's own views with our templates; the two-factor pages
are short views over `accounts/twofactor.py`. Every event goes to the security log.
"""

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from accounts import organisation_sign_in, twofactor
from accounts.forms import PasswordResetForm, SignInForm, TokenForm
from agencies.http import AuthenticatedHttpRequest
from agencies.models import User
from agencies.security_log import log_event


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "LoginRequiredMiddleware lets only signed-in people here"
    return request.user


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: `next` if it is one of ours, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(auth_views.LoginView):
    """The password sign-in; once an organisation's provider is registered, the email address
    comes first, so its people go to their own sign-in and nobody else's page changes."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    email_first = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "password" in request.POST or not organisation_sign_in.any_provider_enabled():
            return super().post(request, *args, **kwargs)
        email = request.POST.get("username", "").strip()
        if "@" not in email:
            self.email_first = True
            form = self.get_form()
            form.errors.clear()
            form.add_error("username", "Enter your email address, like name@example.org")
            return self.render_to_response(self.get_context_data(form=form), status=400)
        provider = organisation_sign_in.provider_for_email(email)
        if provider is not None:
            # A link, not a redirect: the page's Content Security Policy (form-action 'self')
            # rightly stops a form's redirect from leaving for another site.
            query = urlencode({"email": email, "next": self.get_redirect_url()})
            start = f"{reverse('organisation-sign-in', args=[provider.pk])}?{query}"
            form = self.get_form_class()(request, initial={"username": email})
            context = self.get_context_data(
                form=form, provider=provider, provider_url=start, email=email
            )
            return self.render_to_response(context)
        # No provider for this address: the password, as before.
        form = self.get_form_class()(request, initial={"username": email})
        return self.render_to_response(self.get_context_data(form=form, email=email))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" or self.email_first:
            context["email_first"] = organisation_sign_in.any_provider_enabled()
        return context


class SignOutView(auth_views.LogoutView):
    """Ends the session here, then, for someone who came through their organisation's
    provider, sends them to end that session too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_id = request.session.get(organisation_sign_in.PROVIDER_KEY)
        id_token = request.session.get(organisation_sign_in.ID_TOKEN_KEY)
        response = super().post(request, *args, **kwargs)
        if provider_id is not None:
            elsewhere = organisation_sign_in.sign_out_url(provider_id, id_token)
            if elsewhere:
                # A page that moves on by itself rather than a redirect: the Content Security
                # Policy (form-action 'self') stops a form's redirect to another site.
                return render(request, "registration/signing_out.html", {"provider_url": elsewhere})
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_event("password_changed", self.request)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/emails/password_reset-subject.txt"
    email_template_name = "accounts/emails/password_reset-body.txt"
    html_email_template_name = "accounts/emails/password_reset-body.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Links are built on SITE_URL, never on the request's Host header (which a caller
        # controls): a forged host must not receive someone's reset link.
        self.extra_email_context = {
            "site_url": settings.SITE_URL,
            "service_name": settings.SERVICE_NAME,
        }
        # The same answer whether or not the address has an account.
        log_event("password_reset_requested", self.request)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_event("password_reset_done", self.request, user=form.user.pk)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "has_app": twofactor.has_authenticator_app(user),
        "codes_left": twofactor.backup_codes_left(user),
        "required": twofactor.two_factor_state(user).required,
    }
    return render(request, "accounts/account.html", context)


def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the app, or a backup code."""
    user = _user(request)
    if twofactor.is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = twofactor.verify_second_factor(user=user, token=form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            request.session.cycle_key()  # a new key for the newly verified session
            log_event("two_factor_passed", request, device=type(device).__name__)
            return HttpResponseRedirect(_next_url(request))
        log_event("two_factor_failed", request)
        form.add_error("token", "The code is not right, or has been used. Try a new code.")
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app; on success, show the first backup codes once."""
    user = _user(request)
    if twofactor.two_factor_state(user).has_device and not twofactor.is_verified(user):
        # Someone who knows only the password must not swap the app for their own.
        return redirect("accounts:two-factor-verify")
    if request.method != "POST":
        form = TokenForm()
        device = twofactor.start_app_setup(user=user)
    else:
        form = TokenForm(request.POST)
        if form.is_valid():
            confirmed = twofactor.confirm_app(user=user, token=form.cleaned_data["token"])
            if confirmed is not None:
                django_otp.login(request, confirmed)
                request.session.cycle_key()
                codes = twofactor.replace_backup_codes(user=user)
                log_event("two_factor_enabled", request)
                return render(
                    request, "accounts/backup_codes.html", {"codes": codes, "first_time": True}
                )
            form.add_error("token", "The code is not right. Check the key and try a new code.")
        pending = twofactor.pending_app(user)
        if pending is None:  # nothing being set up: start from the key
            return redirect("accounts:two-factor-setup")
        device = pending
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "config_url": device.config_url,
        # An <img> with a data: URI, which the Content Security Policy allows (img-src data:).
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "required": twofactor.two_factor_state(user).required,
    }
    return render(request, "accounts/two_factor_setup.html", context)


def two_factor_backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working); only after the second step."""
    user = _user(request)
    if not twofactor.is_verified(user):
        return redirect("accounts:two-factor-verify")
    if request.method == "POST":
        codes = twofactor.replace_backup_codes(user=user)
        log_event("backup_codes_replaced", request)
        return render(request, "accounts/backup_codes.html", {"codes": codes})
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes_left": twofactor.backup_codes_left(user)},
    )


@require_POST
def two_factor_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _user(request)
    if not twofactor.is_verified(user):
        return redirect("accounts:two-factor-verify")
    if twofactor.two_factor_state(user).required:
        raise PermissionDenied("Your partnership requires two-factor authentication for leads.")
    twofactor.remove_two_factor(user=user)
    log_event("two_factor_removed", request)
    return redirect("accounts:account")
