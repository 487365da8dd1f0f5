"""Forms of the dashboard (its filters) and of measures and their readings."""

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.db.models import QuerySet

from actionplans.measures.models import Measure, MeasureReading
from actionplans.plans.models import Action, ActionPlan, ActionQuerySet, Rag
from agencies.models import Agency
from ui.forms import (
    CleanTextMixin,
    GovukMessagesMixin,
    OnceOnlyFormMixin,
    date_field,
    limit_choices,
)


class DashboardFilterForm(CleanTextMixin, GovukMessagesMixin, forms.Form):
    """The dashboard's filters, sent by GET so that a filtered view can be bookmarked and shared."""

    error_nouns = {"since": "the date to show changes since"}

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Action.Status.choices], required=False
    )
    rag = forms.ChoiceField(label="RAG", choices=[("", "All RAGs"), *Rag.choices], required=False)
    since = date_field(
        "Changes since",
        required=False,
        help_text="For example, the date of the last board meeting: 12 3 2026.",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)

    def filter(self, actions: ActionQuerySet) -> ActionQuerySet:
        """The actions the filters select (all of them when the form is empty or invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("agency"):
            actions = actions.filter(owner_agency=data["agency"])
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("rag"):
            actions = actions.filter(rag=data["rag"])
        return actions

    def filter_measures(self, measures: QuerySet[Measure]) -> QuerySet[Measure]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("agency"):
            measures = measures.filter(owner_agency=data["agency"])
        return measures

    def since_or(self, default: dt.date) -> dt.date:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("since") or default


class MeasureForm(OnceOnlyFormMixin, CleanTextMixin, GovukMessagesMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "name",
            "recommendation",
            "owner_agency",
            "unit",
            "direction",
            "baseline",
            "target",
            "frequency",
        ]
        labels = {"owner_agency": "Owner agency", "name": "Name of the measure"}
        widgets = {
            "unit": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "baseline": forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input"}),
        }
        help_texts = {
            "name": "For example: % of high-risk police referrals reaching the CRS within the "
            "agreed limit",
            "baseline": "The value before the plan started, if known.",
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        recommendations = plan.inspection.recommendations.all()
        limit_choices(self, "recommendation", recommendations, empty_label="The whole plan")
        limit_choices(self, "owner_agency", plan.inspection.partnership.agencies.all())
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.select("recommendation"),
            Field.select("owner_agency"),
            Field.radios("unit", inline=True, legend_size=Size.SMALL),
            Field.radios("direction", inline=True, legend_size=Size.SMALL),
            Field.text("baseline", field_width=5),
            Field.text("target", field_width=5),
            Field.select("frequency"),
            Submit("save", "Save measure"),
        )
        self.helper.render_hidden_fields = True  # the one-time token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") == Measure.Unit.PERCENTAGE:
            for name in ("baseline", "target"):
                value = data.get(name)
                if value is not None and not 0 <= value <= 100:
                    self.add_error(name, "A percentage must be between 0 and 100")
        return data


class ReadingForm(OnceOnlyFormMixin, CleanTextMixin, GovukMessagesMixin, forms.ModelForm):
    class Meta:
        model = MeasureReading
        fields = ["date", "value", "sample_size", "comment", "evidence_url"]
        widgets = {
            "date": forms.TextInput(attrs={"type": "date", "class": "govuk-input"}),
            # GOV.UK asks for text inputs with a numeric keyboard rather than type=number.
            "value": forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input"}),
            "sample_size": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input"}),
            "evidence_url": forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        }
        labels = {"date": "Date of the reading", "sample_size": "Sample size"}
        help_texts = {
            "comment": "What the audit found, or why the figure moved.",
            "evidence_url": "The audit report or data source, if it has an address.",
        }

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        unit = {
            Measure.Unit.PERCENTAGE: "As a percentage, from 0 to 100.",
            Measure.Unit.DAYS: "In days.",
            Measure.Unit.COUNT: "A count.",
        }
        self.fields["value"].help_text = unit[Measure.Unit(measure.unit)]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("date", field_width=10),
            Field.text("value", field_width=5),
            Field.text("sample_size", field_width=5),
            Field.textarea("comment", rows=3),
            Field.text("evidence_url"),
            Submit("save", "Add reading"),
        )
        self.helper.render_hidden_fields = True  # the one-time token

    def clean_value(self) -> Any:
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise forms.ValidationError("The value cannot be negative")
        if self.measure.unit == Measure.Unit.PERCENTAGE and value is not None and value > 100:
            raise forms.ValidationError("A percentage must be between 0 and 100")
        return value

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if (
            MeasureReading.objects.filter(measure=self.measure, date=date)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                "There is already a reading for this date: choose another date"
            )
        return date
