"""Measures: impact, not activity. A measure is a number tracked over time against a target; its
readings are the repeated audits. How a measure's impact RAG is worked out from its readings is
in `measures/impact.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.plans.models import ActionPlan
from agencies.models import Agency
from inspections.models import Recommendation


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
        return f"{self.measure} on {self.date:%-d %B %Y}: {self.value}"
