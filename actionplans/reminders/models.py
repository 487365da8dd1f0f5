"""Reminders: what was claimed and sent to whom, and each person's opt-outs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from actionplans.plans.models import Action, ActionPlan


class Reminder(models.Model):
    """One reminder to one person about one thing: claimed first, then written to the outbox (with
    the person's other reminders of the same sweep, in one email), never twice.

    The unique key says what the reminder is about, including the date it is about, so that a
    changed due date makes a new reminder and a second sweep finds the first one's row.
    """

    class Kind(models.TextChoices):
        DEADLINE = "deadline", "Submission deadline"
        ACTION_DUE = "action-due", "Action due"
        OVERDUE = "overdue", "Overdue action"
        STALE = "stale", "No progress update"
        DIGEST = "digest", "Weekly digest"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # "plan:12", "action:34" or "person" (the digest): what the reminder is about, never null so
    # that the unique constraint holds on every database.
    subject_key = models.CharField(max_length=40)
    due_on = models.DateField(help_text="The deadline or due date this reminder is about.")
    period_key = models.CharField(
        max_length=20, blank=True, help_text="Lead time in days, overdue week, or digest week."
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A sender holds the claim until this moment; a sender killed mid-send lets it lapse.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # When its email was written to the outbox (which sends it, and retries a failed send).
    sent_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        "outbox.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when, at send time, the reminder no longer held."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "due_on", "period_key"],
                name="unique_reminder",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="reminder_sent_or_cancelled_not_both",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_pending_idx",
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(fields=["plan", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.subject_key}, {self.due_on})"


class ReminderPreference(models.Model):
    """What a person has switched off, and the private token of their calendar feed.

    Reminders about deadlines (submission deadline, action due, overdue) cannot be switched off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    weekly_digest = models.BooleanField(
        "Send me the weekly digest on Monday mornings", default=True
    )
    stale_nudges = models.BooleanField(
        "Remind me when an action has had no progress update for a while", default=True
    )
    handoff_emails = models.BooleanField(
        "Email me when work is handed to me (asked for sign-off, sent back, signed off, given to "
        "my agency, a due date revised); they always show under Notifications",
        default=True,
    )
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user}"


class SweepDay(models.Model):
    """A day (Europe/London) on which the reminder sweep ran, and its first and last run.

    The weekly digest goes on Monday from the digest hour, or, only when no sweep ran then, on the
    first later day with a sweep: this record says which days had one.
    """

    day = models.DateField(unique=True)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Reminder sweeps on {self.day:%-d %B %Y}"
