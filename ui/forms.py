"""The GOV.UK form kit: text cleaned of what documents cannot hold, date inputs whose messages
say what to fix, the crispy helper every form builds, and choices limited to what a person may
pick."""

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size, Submit
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from ui.text import clean_text


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose messages say what to fix."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["incomplete"] = f"Enter the {label.lower()}: day, month and year"
        self.real_date_message = f"The {label.lower()} must be a real date"

    def compress(self, data_list: Any) -> dt.date | None:
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            # The library's message is Python's ("day is out of range for month").
            raise forms.ValidationError(self.real_date_message) from error


def date_field(label: str, *, required: bool = True, help_text: str = "") -> DateField:
    return DateField(label=label, required=required, help_text=help_text)


class CleanTextMixin:
    """Every value posted to the form loses the characters a document cannot hold (see
    `ui.text`) before any field sees it, so what is saved is what every export can write, and
    the page shown again after an error holds the same cleaned text."""

    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.data, QueryDict):
            cleaned = self.data.copy()
            for key, values in self.data.lists():
                cleaned.setlist(key, [_cleaned(v) for v in values])
            self.data = cleaned
        elif self.data:
            self.data = {key: _cleaned(value) for key, value in self.data.items()}


def _cleaned(value: Any) -> Any:
    """A posted value cleaned: text, or a list of texts (a multiple choice); others as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value


class GdsFormMixin(CleanTextMixin):
    """A crispy-forms helper for the GOV.UK template pack, with one primary button; posted text
    is cleaned (`CleanTextMixin`)."""

    submit_label = "Save"

    def build_helper(self, *fields: Any) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False  # the page template owns <form>, so it can add the CSRF token
        helper.label_size = Size.SMALL
        helper.legend_size = Size.SMALL
        helper.layout = Layout(*fields, Submit("submit", self.submit_label))
        return helper


def limit_choices(
    form: forms.BaseForm, name: str, queryset: QuerySet[Any], empty_label: str | None = None
) -> None:
    """Offer only `queryset` in a model choice field: anything else posted is refused. A field
    the form does not hold (not one this person may change) is left out."""
    if name not in form.fields:
        return
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    if empty_label is not None:
        field.empty_label = empty_label
