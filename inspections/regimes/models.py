"""The inspection and review regimes a partnership answers, each a row with its deadline rule.

A new regime is a row (in the admin), not code: its rule is data that `rules.py` counts.
"""

import datetime as dt

from django.db import models

from inspections.regimes import rules


class Regime(models.Model):
    """A kind of inspection or review: who answers it, what the plan is called, when it is due."""

    class Unit(models.TextChoices):
        WORKING_DAYS = rules.Unit.WORKING_DAYS, "Working days"
        CALENDAR_DAYS = rules.Unit.CALENDAR_DAYS, "Calendar days"
        WEEKS = rules.Unit.WEEKS, "Weeks"
        NONE = rules.Unit.NONE, "No fixed rule"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, help_text="e.g. Joint targeted area inspection (JTAI)")
    abbreviation = models.CharField(
        max_length=20, help_text="What a plan's short name starts with, e.g. JTAI"
    )
    who_answers = models.CharField(
        max_length=200, help_text="e.g. The principal authority for the partnership"
    )
    plan_name = models.CharField(
        max_length=200,
        help_text="What the plan is called in its documents, e.g. Written statement of "
        "proposed action",
    )
    legal_basis = models.CharField(max_length=300, blank=True, default="")
    starts_at_letter = models.BooleanField(
        default=True,
        help_text="The rule counts from the letter's publication. Untick for a rule that counts "
        "from another event (a serious incident), entered as its own date.",
    )
    start_label = models.CharField(
        max_length=120,
        default="Date the letter was published",
        help_text="What the start date is called on the inspection's page",
    )
    deadline_name = models.CharField(
        max_length=200, blank=True, default="", help_text="e.g. Rapid review; blank: the plan"
    )
    deadline_count = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NONE)
    deadline_counts_from = models.CharField(
        max_length=200, blank=True, default="", help_text="e.g. receiving the report"
    )
    deadline_follows_step = models.BooleanField(
        default=False,
        help_text="The deadline counts from the earlier step's date, not from the start event",
    )
    step_name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="An earlier step, e.g. Immediate update on urgent recommendations",
    )
    step_count = models.PositiveSmallIntegerField(null=True, blank=True)
    step_unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NONE)
    step_counts_from = models.CharField(
        max_length=200, blank=True, default="", help_text="e.g. the serious incident being known"
    )
    plan_sections = models.JSONField(
        default=list, blank=True, help_text="The sections the plan needs, as a list of names"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_rule(self) -> bool:
        return rules.has_rule(self.deadline_count, self.deadline_unit) or bool(self.step_name)

    @property
    def rule_summary(self) -> str:
        return rules.rule_summary(self)

    def dates_from(self, start: dt.date | None) -> list[rules.Due]:
        return rules.regime_dates(self, start)

    def deadline_from(self, start: dt.date | None) -> dt.date | None:
        return rules.rule_deadline(self, start)


def jtai_regime_id() -> int | None:
    """The default regime for a new inspection (most are JTAIs). Reads only the id, so it works
    while later migrations are still to add columns."""
    return Regime.objects.filter(code="jtai").values_list("pk", flat=True).first()
