"""A person's private calendar feed (.ics): their actions' due dates and their plans' deadlines."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from actionplans.plans.models import ActionPlan
from actionplans.plans.selectors import actions_answered_for, visible_plans
from actionplans.reminders.models import ReminderPreference
from agencies.models import User


def user_for_token(token: str) -> User | None:
    if not token:
        return None
    preference = (
        ReminderPreference.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    return preference.user if preference else None


def build_calendar(user: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.SERVICE_NAME}: {user}")
    stamp = timezone.now()
    actions = (
        actions_answered_for(user)
        .open()
        .filter(plan__in=visible_plans(user))
        .select_related("owner_agency", "plan__inspection__regime")
        .order_by("effective_due_date")
    )
    for action in actions:
        event = Event()
        event.add("uid", f"action-{action.pk}@{settings.SITE_URL.split('//')[-1]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", action.effective_due_date)
        plan_name = action.plan.inspection.short_name
        event.add("summary", f"Action {action.reference} ({plan_name}) due: {action.title}")
        event.add("description", f"{action.owner_agency.short_name}, lead: {action.lead_name}")
        event.add("url", settings.SITE_URL + action.get_absolute_url())
        calendar.add_component(event)
    plans = (
        visible_plans(user)
        .filter(status=ActionPlan.Status.DRAFT)
        .select_related("inspection__partnership", "inspection__regime")
    )
    for plan in plans:
        deadline = plan.inspection.effective_deadline
        if deadline is None:
            continue
        event = Event()
        event.add("uid", f"plan-{plan.pk}-deadline@{settings.SITE_URL.split('//')[-1]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add(
            "summary",
            f"Action plan due: {plan.inspection.partnership}, {plan.inspection.short_name}",
        )
        event.add("url", settings.SITE_URL + plan.get_absolute_url())
        calendar.add_component(event)
    return calendar.to_ical()
