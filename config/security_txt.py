"""/.well-known/security.txt (RFC 9116): where a researcher reports a vulnerability.

The contact is the operator's, from settings, since each council or hosting supplier that runs the
service answers its own reports; the policy, when the operator
publishes one, is its copy of the assurance pack's security statement.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

# RFC 9116 asks that Expires be less than a year ahead, so a stale file is noticed; drawing it
# from today keeps it valid without anyone remembering to edit it.
VALID_FOR = dt.timedelta(days=180)


@login_not_required
@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    expires = (timezone.now() + VALID_FOR).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
        "Preferred-Languages: en",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
