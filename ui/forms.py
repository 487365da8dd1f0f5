"""The GOV.UK form kit: text cleaned of what documents cannot hold, messages that say what to
fix, date inputs, the crispy helper every form builds, and choices limited to what a person may
pick."""

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size, Submit
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.http import QueryDict

from ui.text import clean_text


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose messages say what to fix."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.name_in_messages(f"the {label.lower()}")

    def name_in_messages(self, noun: str) -> None:
        self.error_messages["required"] = f"Enter {noun}"
        self.error_messages["incomplete"] = f"Enter {noun}: day, month and year"
        self.real_date_message = f"{_capitalised(noun)} must be a real date"
        # The library's day, month and year checks say "Enter a valid date", which names no field.
        for part in self.fields:
            part.validators = [RegexValidator(r"^[0-9]+$", self.real_date_message)]

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
    the page shown again after an error holds the same cleaned text.

    Passwords are left as typed: they are never written into a document, and sign-in compares
    what is typed there, so a password cleaned here would never match."""

    data: Any
    fields: dict[str, forms.Field]
    add_prefix: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        as_typed = {
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.PasswordInput)
        }
        if isinstance(self.data, QueryDict):
            cleaned = self.data.copy()
            for key, values in self.data.lists():
                if key not in as_typed:
                    cleaned.setlist(key, [_cleaned(v) for v in values])
            self.data = cleaned
        elif self.data:
            self.data = {
                key: value if key in as_typed else _cleaned(value)
                for key, value in self.data.items()
            }


def _cleaned(value: Any) -> Any:
    """A posted value cleaned: text, or a list of texts (a multiple choice); others as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value


QUESTION_WORDS = {"what", "how", "which", "why", "where", "who", "whose", "when"}


def noun_for(label: str) -> str:
    """What a message calls the field: "Due date" becomes "the due date", and a question such as
    "What will be done?" becomes "what will be done"."""
    words = re.sub(r"\s*\(.*?\)", "", label).strip().rstrip("?:").strip()
    if not words:
        return "an answer"
    # "RAG" stays in capitals; "Due date" becomes "due date".
    lowered = words if words[1:2].isupper() else words[0].lower() + words[1:]
    first = lowered.split()[0]
    if label.strip().endswith("?") or first in {"a", "an", "the", "your"} | QUESTION_WORDS:
        return lowered
    return f"the {lowered}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _default_messages(field: forms.Field) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def govuk_messages(field: forms.Field, noun: str) -> dict[str, str]:
    """GOV.UK's words for each way the field can be wrong ("Enter the due date", "Select the
    owner agency"), chosen by what kind of input it is."""
    widget = field.widget
    choosing = isinstance(
        field, (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)
    ) or isinstance(widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple))
    uploading = isinstance(field, forms.FileField)
    required = f"Select {noun}" if choosing or uploading else f"Enter {noun}"
    capital = _capitalised(noun)
    messages = {
        "required": required,
        # A choice that is not offered was typed or tampered with: ask again for one that is.
        "invalid_choice": f"Select {noun}",
        "invalid_pk_value": f"Select {noun}",
        "invalid_list": f"Select {noun}",
        "max_length": f"{capital} must be %(limit_value)d characters or fewer",
        "min_length": f"{capital} must be %(limit_value)d characters or more",
        "min_value": f"{capital} must be %(limit_value)s or more",
        "max_value": f"{capital} must be %(limit_value)s or less",
        "step_size": f"Enter {noun} as a multiple of %(limit_value)s",
        "max_digits": f"Enter {noun} with no more than %(max)s digits",
        "max_decimal_places": f"Enter {noun} with no more than %(max)s decimal places",
        "max_whole_digits": f"Enter {noun} with no more than %(max)s digits before the point",
        "invalid": f"Enter {noun} in the correct format",
    }
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"Enter {noun} as a whole number, like 12"
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        messages["invalid"] = f"Enter {noun} as a number, like 12.5"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = "Enter a link in the correct format, like https://www.example.com"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"Enter {noun} as a real date, like 31 3 2026"
    if uploading:
        messages |= {
            "invalid": "The selected file could not be read: upload it again",
            "missing": "Select a file to upload",
            "empty": "The selected file is empty",
            "max_length": "The file name must be %(max)d characters or fewer",
            "contradiction": "Upload a new file or remove the old one, not both",
        }
    return messages


class GovukMessagesMixin:
    """Fills every field's messages from its label in GOV.UK's words, so no page shows Django's
    "This field is required."; a message the form gives itself always wins. A form whose label
    is a long question names the field for messages in `error_nouns`."""

    error_nouns: ClassVar[dict[str, str]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            noun = self.error_nouns.get(name) or noun_for(
                str(field.label or name.replace("_", " "))
            )
            if isinstance(field, DateField) and name in self.error_nouns:
                field.name_in_messages(noun)
            if isinstance(field.widget, forms.HiddenInput):
                # Only a stale or altered page sends a hidden field wrong: say how to recover.
                stale = "The page was out of date: check your answers and save again"
                field.error_messages |= {"required": stale, "invalid": stale}
                continue
            defaults = _default_messages(field)
            for code, message in govuk_messages(field, noun).items():
                current = field.error_messages.get(code)
                if current is None or current == defaults.get(code):
                    field.error_messages[code] = message


ADD_ANOTHER = "add_another"


class OnceOnlyFormMixin:
    """A create form that saves once: it carries a hidden one-time token, issued when the page
    is drawn, which the create service claims (see `formtokens.services`). The page template
    renders it beside the CSRF token, so the form's own layout need not mention it."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.UUIDField(
            widget=forms.HiddenInput,
            required=False,
            initial=uuid.uuid4,
            # A hidden field nobody types in: only a damaged page or a forged post gets here.
            error_messages={"invalid": "Reload the page and enter your changes again"},
        )

    def one_time_token(self) -> uuid.UUID | None:
        """The posted token; None from a page drawn before tokens existed."""
        return self.cleaned_data.get("form_token")


class GdsFormMixin(CleanTextMixin, GovukMessagesMixin):
    """A crispy-forms helper for the GOV.UK template pack, with one primary button; posted text
    is cleaned (`CleanTextMixin`) and every message is in GOV.UK's words (`GovukMessagesMixin`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The template pack styles text inputs only; a link's input looks the same.
            if isinstance(field.widget, forms.URLInput):
                field.widget.attrs["class"] = "govuk-input"
                field.widget.attrs["spellcheck"] = "false"

    submit_label = "Save"
    # A second button for entering several in a row ("Save and add another"); the view checks
    # for ADD_ANOTHER in the POST.
    add_another_label = ""

    def build_helper(self, *fields: Any) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False  # the page template owns <form>, so it can add the CSRF token
        helper.label_size = Size.SMALL
        helper.legend_size = Size.SMALL
        buttons = [Submit("submit", self.submit_label)]
        if self.add_another_label:
            buttons.append(Button.secondary(ADD_ANOTHER, self.add_another_label))
        helper.layout = Layout(*fields, *buttons)
        return helper


class Select(forms.Select):
    """A model choice select whose options may carry attributes of their own (`option_attrs`
    gives them for each object). Named Select because the GOV.UK template pack styles a widget,
    errors included, by its class name."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        option_attrs: Callable[[Any], dict[str, str]] | None = None,
    ) -> None:
        super().__init__(attrs=attrs)
        self.option_attrs = option_attrs

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None and self.option_attrs is not None:
            option["attrs"].update(self.option_attrs(instance))
        return option


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
