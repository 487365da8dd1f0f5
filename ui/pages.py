"""The one template for every form page: back link, title, error summary, the form."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where the form sends the person back to (`next`) when it is a page of this site, else
    `fallback`: a link from elsewhere must not turn a save into a redirect off the site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def render_form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """`context` may hold `title`, `back_url`, `caption` and the like; `status` sets the
    response's status."""
    status = context.pop("status", 200)
    return render(request, "form_page.html", {"form": form, **context}, status=status)
