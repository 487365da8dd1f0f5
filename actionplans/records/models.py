"""What a partnership keeps and for how long: its retention periods, the legal holds that stop
deletion of a plan, and each run of the retention sweep (what it listed, and when a lead
confirmed it)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from agencies.models import Partnership

# A plan's records are evidence of how a partnership answered an inspection: nobody may set a
# period shorter than this, however the form is sent.
MIN_YEARS = 1
MAX_YEARS = 50
# A report is applied without a lead's confirmation only after the leads have had time to read
# it and place a hold: two weekly reports at the least.
MIN_AUTO_APPLY_DAYS = 14
MAX_AUTO_APPLY_DAYS = 365


class RetentionPolicy(models.Model):
    """How long a partnership keeps a closed plan, and its evidence files, after closing."""

    DEFAULT_YEARS = 6

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="retention_policy"
    )
    closed_plan_years = models.PositiveSmallIntegerField(
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    evidence_years = models.PositiveSmallIntegerField(
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    # Empty: a report is applied only when a lead confirms it. A number: a report nobody has
    # confirmed is applied that many days after it was made (still never what is held then).
    apply_unconfirmed_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_AUTO_APPLY_DAYS),
            MaxValueValidator(MAX_AUTO_APPLY_DAYS),
        ],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "retention policies"

    def __str__(self) -> str:
        return f"Retention for {self.partnership}"


class LegalHold(models.Model):
    """A plan that must not be deleted, whatever its age (an inquiry or a claim needs it)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(lifted_at=None), name="one_open_hold_per_plan"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="legal_hold_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.plan}"

    @property
    def is_open(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One report of the sweep: what was due for deletion in a partnership at `created_at`.
    Deletion happens only when someone confirms it (`applied_at`), and then only of what the
    listing named and is still due."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="retention_runs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # {"plans": [{"id", "name", "closed_at"}], "evidence": [{"id", "plan", "description",
    # "added_at"}], "kept": [{"plan", "name", "reason"}]}
    listing = models.JSONField(default=dict)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What was deleted when applied (it can be less than the listing: a hold placed since wins).
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Retention report for {self.partnership} at {self.created_at:%-d %B %Y, %H:%M}"

    @property
    def has_deletions(self) -> bool:
        listing: dict[str, Any] = self.listing
        return bool(listing.get("plans") or listing.get("evidence"))

    def _rows(self, kind: str, moment: str) -> list[dict[str, Any]]:
        """The listing's rows of `kind`, with their moment (kept as ISO text) as a datetime."""
        rows = []
        for row in self.listing.get(kind, []):
            when = row.get(moment)
            rows.append({**row, moment: dt.datetime.fromisoformat(when) if when else None})
        return rows

    @property
    def listed_plans(self) -> list[dict[str, Any]]:
        return self._rows("plans", "closed_at")

    @property
    def listed_evidence(self) -> list[dict[str, Any]]:
        return self._rows("evidence", "added_at")

    def applies_automatically_on(self, policy: RetentionPolicy) -> dt.date | None:
        """When the sweep applies this report if no lead has (None: only a lead applies it)."""
        days = policy.apply_unconfirmed_after_days
        if days is None or self.applied_at is not None or not self.has_deletions:
            return None
        return timezone.localdate(self.created_at + dt.timedelta(days=days))
