"""Records kept as produced: the frozen copy of a submitted plan, board reports, and spreadsheet
imports waiting for the lead to confirm them."""

import uuid
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from actionplans.plans.models import ActionPlan


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
