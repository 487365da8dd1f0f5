"""The Notifications page: a person's notifications, newest first; opening one marks it read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from actionplans.notifications import services
from actionplans.notifications.selectors import notifications_of
from agencies.http import AuthenticatedHttpRequest


@require_safe
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = notifications_of(request.user).select_related(
        "action__plan__inspection__regime", "partnership"
    )
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actionplans/notifications/notification_list.html",
        {"page": page, "any_unread": notifications.filter(read_at=None).exists()},
    )


def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The notification's link (on the page and in its email): marks it read, then goes
    straight to the action. Reading is the only change, and doing it twice changes nothing."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    services.open_notification(notification=notification)
    return redirect(notification.target_url)


@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, "All your notifications are marked as read.")
    return redirect("actionplans:notifications")
