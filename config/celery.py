"""The Celery application and the one place where periodic schedules live."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

import config.broker  # noqa: F401  (registers the atomicfs:// embedded broker)
from config import taskoutcomes  # noqa: F401  (counts how tasks end, for /metrics)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded result backend (file://…) needs its folder to exist before anything connects.
if app.conf.result_backend and app.conf.result_backend.startswith("file://"):
    Path(app.conf.result_backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)

app.conf.beat_schedule = {
    # Every 15 minutes, day and night (at :00, :15, :30 and :45), Europe/London: send the
    # reminders that are due, one email per person. What is due when is the table in
    # actionplans/reminders/rules.py; each run records its day, so that a day with no run at all
    # (an outage) is what lets Monday's digest or an overdue reminder go later that week. A
    # missed or doubled run is harmless: each reminder is claimed once (actionplans.reminders).
    "send-due-reminders": {
        "task": "actionplans.tasks.send_due_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # Every 5 minutes: send the emails still waiting in the outbox, whose own task was lost
    # (a broker restart) or spent its retries while the mail server was down. Each email is
    # claimed by one sender at a time and sent once (outbox/sending.py).
    "send-unsent-emails": {
        "task": "outbox.tasks.send_unsent_emails",
        "schedule": crontab(minute="*/5"),
    },
    # Every 10 minutes: ask GOV.UK Notify what became of the emails it took in the last week and
    # that are not settled yet (outbox/statuses.py); a permanent failure is shown to the lead on
    # the People page. Does nothing on the SMTP route; a missed run only asks later.
    "check-delivery-statuses": {
        "task": "outbox.tasks.check_delivery_statuses",
        "schedule": crontab(minute="*/10"),
    },
    # Daily at 03:30: forget the one-time form tokens of pages saved more than a week ago
    # (formtokens/services.py); missing a day only keeps a few more rows.
    "forget-old-form-tokens": {
        "task": "formtokens.tasks.forget_old_form_tokens",
        "schedule": crontab(hour=3, minute=30),
    },
    # Daily at 03:45: delete the sessions that have expired (10 hours after sign-in at most), so
    # the database keeps no record of a sign-in beyond its life.
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=45),
    },
    # Mondays at 06:00: each partnership's retention report (actionplans/records/retention.py),
    # emailed to its leads. It deletes nothing: a lead confirms a report on the records page.
    # A missed week only delays the next report; a doubled one records two identical reports.
    "report-retention": {
        "task": "actionplans.tasks.report_retention",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
    # Daily at 06:50: close the update rounds whose closing date was yesterday or before, each
    # with its board report (actionplans/rounds/services.py); a monthly round opens the next.
    # A missed day closes them the next day; a doubled run finds them closed.
    "close-due-rounds": {
        "task": "actionplans.tasks.close_due_rounds",
        "schedule": crontab(hour=6, minute=50),
    },
    # Daily at 07:00: remind, once, each person of a round closing within 2 days who has not
    # answered. Each reminder is claimed by a conditional UPDATE: a doubled run sends nothing more.
    "send-round-reminders": {
        "task": "actionplans.tasks.send_round_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

__all__ = ("app", "crontab")
