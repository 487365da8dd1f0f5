"""Inspections, the findings of their letters, and the recommendations that follow.

An inspection knows nothing of the action plan that answers it (that is `actionplans`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Partnership
from inspections.deadlines import add_working_days
from inspections.regimes.models import Regime, jtai_regime_id
from inspections.regimes.rules import Due, explain

__all__ = ["Finding", "Inspection", "Inspectorate", "Recommendation", "Regime"]


class Inspectorate(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission (CQC)"
    HMICFRS = "hmicfrs", "HMICFRS"


def validate_inspectorates(value: object) -> None:
    allowed = set(Inspectorate.values)
    if not isinstance(value, list) or not set(value) <= allowed:
        raise ValidationError("Choose inspectorates from: Ofsted, CQC, HMICFRS.")


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def for_partnerships(self, partnerships: object) -> "InspectionQuerySet":
        return self.filter(partnership__in=partnerships)


class Inspection(models.Model):
    """One inspection (usually a JTAI) or review of one partnership, with its dates and theme."""

    class Status(models.TextChoices):
        FIELDWORK = "fieldwork", "Fieldwork"
        LETTER_PUBLISHED = "letter_published", "Letter published"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="inspections"
    )
    regime = models.ForeignKey(
        Regime,
        on_delete=models.PROTECT,
        related_name="inspections",
        default=jtai_regime_id,
        verbose_name="kind of inspection or review",
    )
    title = models.CharField(
        max_length=300,
        help_text="As on the letter, e.g. 'Joint child protection inspection of identification "
        "of initial need and risk in Southampton'",
    )
    short_title = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="e.g. JTAI 2025",
    )
    theme = models.CharField(max_length=300)
    inspectorates = models.JSONField(default=list, validators=[validate_inspectorates])
    legal_basis = models.CharField(max_length=200, blank=True, default="")
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField()
    letter_published = models.DateField(null=True, blank=True)
    rule_starts_on = models.DateField(
        null=True,
        blank=True,
        help_text="For a regime whose rule counts from an event other than the letter (the "
        "serious incident becoming known, for a practice review).",
    )
    letter_url = models.URLField(blank=True, max_length=500)
    submission_deadline = models.DateField(
        null=True,
        blank=True,
        help_text="The date the action plan is due with the inspectorate, as the letter states.",
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="If the letter gives the deadline as working days after its publication "
        "(the lead's own count, which replaces the regime's rule).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FIELDWORK)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fieldwork_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fieldwork_end__gte=F("fieldwork_start")),
                name="fieldwork_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(letter_published__isnull=True)
                | Q(letter_published__gte=F("fieldwork_end")),
                name="letter_after_fieldwork",
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__isnull=True)
                | Q(letter_published__isnull=True)
                | Q(submission_deadline__gte=F("letter_published")),
                name="deadline_after_letter",
            ),
        ]
        indexes = [models.Index(fields=["submission_deadline"])]

    def __str__(self) -> str:
        return f"{self.regime.name}: {self.partnership.local_area}, {self.fieldwork_start:%Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection-detail", args=[self.pk])

    @property
    def short_name(self) -> str:
        """What tells this inspection's plan from the partnership's others wherever an action or
        the plan is named away from the plan's own page (queues, emails, file names): the lead's
        short title, else the regime's abbreviation and the fieldwork year."""
        if title := self.short_title.strip():
            return title
        return f"{self.regime.abbreviation or 'Inspection'} {self.fieldwork_start:%Y}"

    @property
    def rule_start(self) -> dt.date | None:
        """The date the regime's rule counts from: the letter, or the regime's own event."""
        return self.letter_published if self.regime.starts_at_letter else self.rule_starts_on

    @property
    def deadline_dates(self) -> list[Due]:
        """The dates the deadline rule gives, each with the sentence saying how it was counted:
        the lead's count of working days after the letter when given, else the regime's rule."""
        if self.deadline_working_days is not None:
            return [
                explain(
                    name="",
                    count=self.deadline_working_days,
                    unit=Regime.Unit.WORKING_DAYS,
                    start=self.letter_published,
                    counts_from="the letter",
                )
            ]
        return self.regime.dates_from(self.rule_start)

    @property
    def computed_deadline(self) -> dt.date | None:
        """The deadline counted from the letter (or the regime's start event), when known."""
        if self.deadline_working_days is not None:
            if self.letter_published is None:
                return None
            return add_working_days(self.letter_published, self.deadline_working_days)
        return self.regime.deadline_from(self.rule_start)

    @property
    def effective_deadline(self) -> dt.date | None:
        """The letter's stated deadline always wins over a computed one."""
        return self.submission_deadline or self.computed_deadline

    def get_inspectorates_display(self) -> str:
        labels = dict(Inspectorate.choices)
        names = [labels.get(code, code) for code in self.inspectorates]
        if len(names) > 1:
            return ", ".join(names[:-1]) + " and " + names[-1]
        return "".join(names)


class Finding(models.Model):
    """A strength or an area for improvement, quoted from the inspection letter."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
        OTHER = "other", "Other finding"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=20, help_text="e.g. 'AFI 1' or 'S2'")
    text = models.TextField(help_text="Quoted from the letter.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "reference"], name="unique_finding_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"


class Recommendation(models.Model):
    """Something that must improve: an area for improvement, or an agency's own recommendation."""

    class Source(models.TextChoices):
        LETTER = "letter", "Inspection letter"
        AGENCY_RESPONSE = "agency_response", "An agency's own response"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.LETTER)
    source_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose response made this recommendation, when not the letter.",
    )
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="led_recommendations"
    )
    contributing_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="contributed_recommendations"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[contributing_agencies])

    class Meta:
        ordering = ["inspection", "position", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "reference"], name="unique_recommendation_reference"
            ),
            models.CheckConstraint(
                condition=~Q(source="agency_response") | Q(source_agency__isnull=False),
                name="agency_response_names_its_agency",
            ),
        ]
        indexes = [models.Index(fields=["lead_agency"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def clean(self) -> None:
        if self.finding is not None and self.finding.inspection_id != self.inspection_id:
            raise ValidationError({"finding": "That finding belongs to another inspection."})
