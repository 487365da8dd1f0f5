"""The one template for every form page: back link, title, error summary, the form."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """`context` may hold `title`, `back_url`, `caption` and the like; `status` sets the
    response's status."""
    status = context.pop("status", 200)
    return render(request, "form_page.html", {"form": form, **context}, status=status)
