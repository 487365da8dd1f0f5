"""Reminder pages: a person's opt-outs and calendar feed, and the lead's log of what was sent."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from actionplans.reminders import calendar, services
from actionplans.reminders.forms import ReminderPreferenceForm
from actionplans.reminders.models import Reminder
from agencies.http import AuthenticatedHttpRequest
from agencies.models import Membership
from agencies.permissions import partnerships_of


def reminder_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's opt-outs and their calendar feed's private address."""
    preference = services.preference_of(request.user)
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(preference=form.save(commit=False))
        messages.success(request, "Your reminder preferences are saved.")
        return redirect("actionplans:reminder-preferences")
    feed_url = (
        settings.SITE_URL + reverse("actionplans:calendar-feed", args=[preference.calendar_token])
        if preference.calendar_token
        else None
    )
    return render(
        request,
        "actionplans/reminders/reminder_preferences.html",
        {
            "form": form,
            "feed_url": feed_url,
            "is_lead": partnerships_of(request.user, Membership.Role.LEAD).exists(),
        },
    )


@require_POST
def calendar_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new private calendar address (the old one stops working), or turn the feed off."""
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_token(user=request.user)
        messages.success(request, "Your calendar feed is turned off.")
    elif services.preference_of(request.user).calendar_token:
        services.regenerate_calendar_token(user=request.user)
        messages.success(
            request, "Your calendar feed has a new address: the old one no longer works."
        )
    else:
        # The first time there is no old address to replace: say what the feed is instead.
        services.regenerate_calendar_token(user=request.user)
        messages.success(
            request,
            "Your calendar feed is on: it shows your actions' due dates and your plans' "
            "submission deadlines. Copy the address below and add it to your calendar.",
        )
    return redirect("actionplans:reminder-preferences")


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed: its private token is the credential (calendar apps cannot sign in)."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(calendar.build_calendar(user), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="jtai-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def reminder_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What was sent to whom, for the partnership lead of the plans it was about."""
    partnerships = partnerships_of(request.user, Membership.Role.LEAD)
    if not partnerships.exists():
        raise PermissionDenied
    reminders = (
        Reminder.objects.filter(plan__inspection__partnership__in=partnerships)
        .select_related("recipient", "plan__inspection__regime", "action")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(reminders, 100).get_page(request.GET.get("page"))
    return render(request, "actionplans/reminders/reminder_log.html", {"page": page})
