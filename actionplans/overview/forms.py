"""The overview's filters: by regime and by plan status, sent by GET so that a filtered overview
is an address that can be bookmarked and shared."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from actionplans.overview import selectors
from actionplans.plans.models import ActionPlan
from agencies.models import Partnership
from ui.forms import CleanTextMixin, GovukMessagesMixin


class OverviewFilterForm(CleanTextMixin, GovukMessagesMixin, forms.Form):
    regime = forms.ChoiceField(
        label="Inspection or review",
        required=False,
        error_messages={"invalid_choice": "Choose an inspection or review from the list"},
    )
    status = forms.ChoiceField(
        label="Plan status",
        choices=[("", "All statuses"), *ActionPlan.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a plan status from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans = selectors.partnership_plans(partnership)
        regime = self.fields["regime"]
        assert isinstance(regime, forms.ChoiceField)
        regime.choices = [
            ("", "All inspections and reviews"),
            *selectors.regime_choices(self.plans),
        ]

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def filter(self) -> QuerySet[ActionPlan]:
        """The partnership's plans the filters select (all of them when the form is empty or
        says something wrong: the message shows beside the field)."""
        plans = self.plans
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("regime"):
            plans = selectors.filter_by_regime(plans, data["regime"])
        if data.get("status"):
            plans = selectors.filter_by_status(plans, data["status"])
        return plans
