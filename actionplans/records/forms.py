"""The lead's forms: closing a plan, the retention periods, placing and lifting a hold, and the
audit export's dates."""

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from actionplans.records.models import (
    MAX_AUTO_APPLY_DAYS,
    MAX_YEARS,
    MIN_AUTO_APPLY_DAYS,
    MIN_YEARS,
)
from ui.forms import GdsFormMixin

AUDIT_MAX_DAYS = 366


class ClosePlanForm(GdsFormMixin, forms.Form):
    submit_label = "Close the plan"
    reason = forms.CharField(
        label="Why is the plan being closed?",
        help_text="For example: every action is complete and the partnership board agreed on "
        "12 March. The retention period starts today; you can reopen the plan later.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the plan is being closed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("reason"))


class ReopenPlanForm(GdsFormMixin, forms.Form):
    submit_label = "Reopen the plan"
    confirm = forms.BooleanField(
        label="Reopen the plan: it is monitored again and no retention period runs",
        error_messages={"required": "Tick the box to reopen the plan"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("confirm"))


def _years(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
        error_messages={
            "required": f"Enter a number of years between {MIN_YEARS} and {MAX_YEARS}",
            "invalid": f"Enter a whole number of years between {MIN_YEARS} and {MAX_YEARS}",
            "min_value": f"Enter at least {MIN_YEARS} year",
            "max_value": f"Enter {MAX_YEARS} years or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class RetentionPolicyForm(GdsFormMixin, forms.Form):
    submit_label = "Save the retention periods"
    closed_plan_years = _years(
        "Keep a closed plan for (years)",
        "After this many years from closing, the plan is deleted with its inspection, "
        "findings, recommendations, actions, progress updates and evidence.",
    )
    evidence_years = _years(
        "Keep the evidence files of a closed plan for (years)",
        "Evidence files (and links) added this many years ago or more are deleted from a "
        "closed plan, even while the plan itself is kept.",
    )
    apply_unconfirmed_after_days = forms.IntegerField(
        label="Delete without a lead's confirmation after (days, optional)",
        help_text="Leave empty to delete only when a lead confirms a report. With a number, a "
        "report nobody has confirmed is applied that many days after it was sent, between "
        f"{MIN_AUTO_APPLY_DAYS} and {MAX_AUTO_APPLY_DAYS}. A plan under a legal hold is never "
        "deleted.",
        required=False,
        min_value=MIN_AUTO_APPLY_DAYS,
        max_value=MAX_AUTO_APPLY_DAYS,
        error_messages={
            "invalid": f"Enter a whole number of days between {MIN_AUTO_APPLY_DAYS} and "
            f"{MAX_AUTO_APPLY_DAYS}, or leave it empty",
            "min_value": f"Enter at least {MIN_AUTO_APPLY_DAYS} days, so that the leads can "
            "read two weekly reports first, or leave it empty",
            "max_value": f"Enter {MAX_AUTO_APPLY_DAYS} days or fewer, or leave it empty",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(
            Field("closed_plan_years"),
            Field("evidence_years"),
            Field("apply_unconfirmed_after_days"),
        )


class PlaceHoldForm(GdsFormMixin, forms.Form):
    submit_label = "Place the hold"
    reason = forms.CharField(
        label="Why must the plan be kept?",
        help_text="For example: the name of the inquiry or claim that needs it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the plan must be kept"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("reason"))


class LiftHoldForm(GdsFormMixin, forms.Form):
    submit_label = "Lift the hold"
    reason = forms.CharField(
        label="Why is the hold lifted?",
        help_text="Once lifted, the plan is deleted when its retention period has passed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the hold is lifted"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("reason"))


class AuditRangeForm(GdsFormMixin, forms.Form):
    """The dates of an audit export: at most a year, not in the future, start before end."""

    submit_label = "Download the audit log (CSV)"
    start = forms.DateField(
        label="From (YYYY-MM-DD)",
        error_messages={
            "required": "Enter the first day",
            "invalid": "Enter the first day as a date, like 2026-01-31",
        },
    )
    end = forms.DateField(
        label="To (YYYY-MM-DD), included",
        error_messages={
            "required": "Enter the last day",
            "invalid": "Enter the last day as a date, like 2026-12-31",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("start"), Field("end"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("start")
        end: dt.date | None = cleaned.get("end")
        today = timezone.localdate()
        if end is not None and end > today:
            self.add_error("end", "The last day cannot be in the future")
        if start is not None and start > today:
            self.add_error("start", "The first day cannot be in the future")
        if start is not None and end is not None:
            if start > end:
                self.add_error("start", "The first day must be on or before the last day")
            elif (end - start).days >= AUDIT_MAX_DAYS:
                self.add_error("end", "Choose at most one year: the last day is too late")
        return cleaned


class SubjectAccessForm(GdsFormMixin, forms.Form):
    submit_label = "Download the export (zip)"
    email = forms.EmailField(
        label="The person's email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address, like name@example.org",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("email"))
