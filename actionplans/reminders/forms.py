"""Each person's reminder preferences."""

from typing import Any

from crispy_forms_gds.helper import FormHelper as GdsFormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from actionplans.reminders.models import ReminderPreference
from ui.forms import CleanTextMixin, GovukMessagesMixin


class ReminderPreferenceForm(CleanTextMixin, GovukMessagesMixin, forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["weekly_digest", "stale_nudges", "handoff_emails"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = GdsFormHelper()
        self.helper.add_input(Submit("save", "Save preferences"))
