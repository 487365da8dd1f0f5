from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from accounts import organisation_sign_in_views as organisation_views
from accounts import views as account_views
from config.help import help_page
from config.metrics import metrics
from config.readiness import readyz
from config.security_txt import security_txt


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing, so a slow database never gets a healthy
    process restarted; /readyz (config/readiness.py) checks the services. Also the trivial view
    of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon. Not a
    permanent redirect, so a new icon (a new hashed name) is found."""
    return HttpResponseRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("", include("actionplans.urls")),
    path("inspections/", include("inspections.urls")),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-out/", account_views.SignOutView.as_view(), name="logout"),
    path("sign-in/organisation/<int:pk>/", organisation_views.start, name="organisation-sign-in"),
    path(
        "sign-in/organisation/<int:pk>/callback/",
        organisation_views.callback,
        name="organisation-sign-in-callback",
    ),
    path("account/", include("accounts.urls")),
    path("", include("agencies.people.urls")),
    path("api/", include("actionplans.api.urls")),
    path(
        "accessibility/",
        login_not_required(TemplateView.as_view(template_name="accessibility.html")),
        name="accessibility",
    ),
    path("help/", help_page, name="help"),
    path("admin/", admin.site.urls),
]
