"""The action plan that answers an inspection, its actions and their progress."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from inspections.models import Inspection, Recommendation


class Rag(models.TextChoices):
    """Delivery confidence; blue means complete (the usual convention in UK action plans)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


class ActionPlan(models.Model):
    """The partnership's written multi-agency plan answering one inspection."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="action_plan"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_plan_has_submission_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Action plan for {self.inspection}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", args=[self.pk])


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> "ActionQuerySet":
        return self.exclude(status=Action.Status.COMPLETE)

    def overdue(self, today: dt.date) -> "ActionQuerySet":
        return self.open().filter(effective_due_date__lt=today)

    def due_between(self, first: dt.date, last: dt.date) -> "ActionQuerySet":
        return self.filter(effective_due_date__range=(first, last))


class Action(models.Model):
    """A concrete step against a recommendation, owned by one agency and led by a named person."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
        COMPLETE = "complete", "Complete"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    reference = models.CharField(max_length=20, help_text="e.g. '1.2'")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    contributing_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="contributed_actions"
    )
    lead_name = models.CharField(
        "named lead person", max_length=200, help_text="As written in the plan."
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_actions",
        help_text="The lead person's account, if they have one: they get the reminders.",
    )
    start_date = models.DateField()
    due_date = models.DateField()
    revised_due_date = models.DateField(null=True, blank=True)
    revised_reason = models.TextField(blank=True)
    # The date that holds now: the revised one when there is one. Stored (and indexed) so that
    # reminders and the dashboard query it directly.
    effective_due_date = models.GeneratedField(
        expression=Coalesce("revised_due_date", "due_date"),
        output_field=models.DateField(),
        db_persist=True,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, default=Rag.GREEN)
    success_measure = models.TextField(blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Optimistic locking: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    # Who changed what and when. The generated due date is derived, so it is not kept twice.
    history = HistoricalRecords(
        excluded_fields=["effective_due_date"], m2m_fields=[contributing_agencies]
    )

    class Meta:
        ordering = ["plan", "recommendation__position", "position", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="unique_action_reference"),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")), name="action_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(revised_due_date__isnull=True)
                | Q(revised_due_date__gte=F("start_date")),
                name="action_revised_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(revised_due_date__isnull=True) | ~Q(revised_reason=""),
                name="action_revised_due_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="complete") | Q(signed_off_at__isnull=False),
                name="complete_action_is_signed_off",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_agency", "status"]),
            models.Index(fields=["effective_due_date", "status"]),
            models.Index(fields=["plan", "status"]),
            # Reminders read open actions by due date: this index leaves out the (many, growing)
            # completed ones, so the overdue sweep never walks the plan's history.
            models.Index(
                fields=["effective_due_date"],
                condition=~Q(status="complete"),
                name="action_open_due_idx",
            ),
            # Stale-update nudges look only at open actions started long enough ago.
            models.Index(
                fields=["start_date"], condition=~Q(status="complete"), name="action_open_start_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:action-detail", args=[self.pk])

    def clean(self) -> None:
        if (
            self.recommendation_id
            and self.plan_id
            and self.recommendation.inspection_id != self.plan.inspection_id
        ):
            raise ValidationError(
                {"recommendation": "That recommendation belongs to another inspection."}
            )

    @property
    def current_due_date(self) -> dt.date:
        """The revised due date when there is one (works before the row is saved)."""
        return self.revised_due_date or self.due_date

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_complete and self.current_due_date < today


class ProgressUpdate(models.Model):
    """A dated note on an action by its owner, with the RAG status at that time."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    date = models.DateField(default=timezone.localdate)
    text = models.TextField()
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices)
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["action", "-date"]),
            # The weekly digest reads the last week's updates.
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} on {self.date:%d %B %Y}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A generated name: the uploader's file name is kept only as data, never as a path."""
    return f"evidence/{instance.action.plan_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file or a link that shows an action was done."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=300)
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["-added_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & Q(url=""))
                | (Q(kind="link") & Q(file="") & ~Q(url="")),
                name="evidence_is_a_file_or_a_link",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.LINK:
            return self.url
        return reverse("actionplans:evidence-download", args=[self.pk])


def submission_path(instance: "SubmittedPlan", filename: str) -> str:
    return f"submissions/{instance.plan_id}/{uuid.uuid4().hex}-{filename}"


class KeptAsProduced(models.Model):
    """A record kept exactly as it was produced: saving it a second time is refused."""

    refusal = "This record is kept as it was produced: it cannot be changed."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(self.refusal)
        super().save(*args, **kwargs)


class SubmittedPlan(KeptAsProduced):
    """The plan exactly as it was sent to the inspectorate: its data and its documents, frozen.

    Nobody edits a frozen copy: there is no form for it, the admin shows it read-only, and saving
    an existing one is refused.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="submissions")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(encoder=DjangoJSONEncoder, help_text="The plan's content as submitted.")
    word_document = models.FileField(upload_to=submission_path, max_length=300)
    pdf_document = models.FileField(upload_to=submission_path, max_length=300)
    gaps_accepted = models.JSONField(
        default=list, help_text="What the readiness check still listed when the lead submitted."
    )

    refusal = "A submitted plan is frozen: it cannot be changed."

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.plan} as submitted on {self.submitted_at:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:submission-detail", args=[self.pk])


def board_report_path(instance: "BoardReport", filename: str) -> str:
    return f"board-reports/{instance.plan_id}/{uuid.uuid4().hex}-{filename}"


class BoardReport(KeptAsProduced):
    """A progress report to the partnership's board, kept exactly as it was produced.

    Its period runs from `since` (by default the previous report's date) to `report_date`, and the
    next report starts where this one ended. Like a submitted plan, it is never changed afterwards:
    the board minutes refer to what it said then.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="board_reports")
    since = models.DateField("changes since")
    report_date = models.DateField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    produced_at = models.DateTimeField(auto_now_add=True)
    word_document = models.FileField(upload_to=board_report_path, max_length=300)
    pdf_document = models.FileField(upload_to=board_report_path, max_length=300)

    refusal = "A board report is kept as it was produced: it cannot be changed."

    class Meta:
        ordering = ["-report_date", "-produced_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(since__lte=models.F("report_date")),
                name="board_report_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Board report of {self.report_date:%-d %B %Y} on {self.plan}"


class PlanImport(models.Model):
    """A spreadsheet uploaded to fill a plan, checked and previewed before anything is saved."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} into {self.plan}"


# ---------------------------------------------------------------------------------------------
# Measures: impact, not activity (issue 6). A measure is a number tracked over time against a
# target; its readings are the repeated audits. How a measure's impact RAG is worked out from its
# readings is in `actionplans/measures.py`.
# ---------------------------------------------------------------------------------------------


class Measure(models.Model):
    """A number tracked over time against a target, for a recommendation or for the whole plan."""

    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        COUNT = "count", "Count"
        DAYS = "days", "Days"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        ANNUALLY = "annually", "Annually"
        AD_HOC = "ad_hoc", "When audited"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="Leave empty for a measure of the whole plan.",
    )
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENTAGE)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=9, decimal_places=2)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="measures")
    frequency = models.CharField(
        "how often it is collected",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unique_measure_name_in_plan"),
            models.CheckConstraint(
                condition=~Q(unit="percentage") | (Q(target__gte=0) & Q(target__lte=100)),
                name="percentage_measure_target_0_to_100",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percentage")
                | Q(baseline__isnull=True)
                | (Q(baseline__gte=0) & Q(baseline__lte=100)),
                name="percentage_measure_baseline_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        recommendation = self.recommendation if self.recommendation_id else None
        if (
            recommendation is not None
            and self.plan_id
            and recommendation.inspection_id != self.plan.inspection_id
        ):
            raise ValidationError(
                {"recommendation": "That recommendation belongs to another inspection."}
            )


class MeasureReading(models.Model):
    """One reading of a measure: a dated value, e.g. the result of one repeat of an audit."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    date = models.DateField(default=timezone.localdate)
    value = models.DecimalField(max_digits=9, decimal_places=2)
    sample_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many cases the reading is based on, if known."
    )
    comment = models.TextField(blank=True)
    evidence_url = models.URLField("link to the evidence", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measure_readings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "date"], name="one_reading_per_measure_per_date"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="reading_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} on {self.date:%d %B %Y}: {self.value}"


# ---------------------------------------------------------------------------------------------
# Reminders (issue 5): what was claimed and sent to whom, and each person's opt-outs.
# ---------------------------------------------------------------------------------------------


class Reminder(models.Model):
    """One email to one person about one thing: claimed first, then sent, never sent twice.

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
    sent_at = models.DateTimeField(null=True, blank=True)
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

    Statutory deadline reminders (submission deadline, action due, overdue) cannot be switched off.
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
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user}"
