"""The action plan that answers an inspection, its actions and their progress and evidence."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from inspections.models import Inspection, Recommendation


class Rag(models.TextChoices):
    """Delivery confidence; blue means complete (the usual convention in UK action plans).
    A new action is "not yet rated" until its owner gives a RAG: green by default would claim a
    confidence nobody stated."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"
    NOT_RATED = "not_rated", "Not yet rated"


def new_version() -> str:
    return uuid.uuid4().hex


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
    # Set when the lead closes the plan (actionplans/records/services.py): the retention
    # periods run from this moment, so it is cleared again when the plan is reopened.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Replaced, in the same transaction, by every write to a row the plan's pages show: the key
    # of their cached bodies (actionplans/plans/page_cache.py). Random, so never reused.
    version = models.CharField(max_length=32, default=new_version, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_plan_has_submission_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Action plan for {self.inspection}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The version is written by `page_cache.bump_plan` alone: a plan loaded before another
        # transaction's change must not write its old version back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", args=[self.pk])

    @property
    def status_in_words(self) -> str:
        """The one wording of the plan's status, on every page and document: "Draft (not yet
        submitted)", "Submitted on 23 October 2025", "Monitoring (submitted on 23 October 2025)"."""
        if self.submitted_at is None:
            return f"{self.get_status_display()} (not yet submitted)"
        day = timezone.localdate(self.submitted_at)
        on = f"{day:%-d %B %Y}"
        if self.status == self.Status.SUBMITTED:
            return f"Submitted on {on}"
        if self.status == self.Status.CLOSED and self.closed_at is not None:
            return f"Closed on {timezone.localdate(self.closed_at):%-d %B %Y} (submitted on {on})"
        return f"{self.get_status_display()} (submitted on {on})"


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
    # Recommendations of the partnership's other sources (another inspection, a practice
    # review) that this one action answers too: it is done once and counted once per plan.
    also_answers = models.ManyToManyField(
        Recommendation, through="ActionLink", blank=True, related_name="linked_actions"
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
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, default=Rag.NOT_RATED)
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


class ActionLink(models.Model):
    """An action answering a recommendation besides its own: who linked it and when. Its
    history (added, removed) is the action's history of what it answers."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="action_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "recommendation"], name="unique_action_link"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} also answers {self.recommendation.reference}"


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def shareable(self) -> "ProgressUpdateQuerySet":
        """The updates that may leave the partnership: not internal notes, not send-backs."""
        return self.filter(internal=False, sent_back=False)


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
    # The lead's "send back": the owner's work queue shows it (with the text) until they add
    # an update of their own.
    sent_back = models.BooleanField(default=False)
    # The lead's reopening of a signed-off action: the text says why, and the action's history
    # shows it as the reopening.
    reopened = models.BooleanField(default=False)
    # Only for the people of the partnership: never in a document sent outside it (the plan as
    # Word or PDF, the Excel and CSV exports, the submission pack). A send-back always counts as
    # internal (see `shareable`), whoever wrote the row.
    internal = models.BooleanField(
        "Internal note",
        default=False,
        help_text="Only people in this partnership see it, never in documents sent outside",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["action", "-date"]),
            # The weekly digest reads the last week's updates.
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} on {self.date:%-d %B %Y}"

    @property
    def is_internal(self) -> bool:
        return self.internal or self.sent_back


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
