"""The lead's form for opening an update round, and the confirmation of its close."""

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.rounds.models import UpdateRound
from ui.forms import GdsFormMixin, date_field


class OpenRoundForm(GdsFormMixin, forms.Form):
    error_nouns = {"name": "a name for the round"}
    submit_label = "Open the round and send the requests"
    name = forms.CharField(
        label="Name of the round",
        max_length=150,
        help_text="What people will see in the email, for example November board.",
        error_messages={"required": "Enter a name for the round, for example November board"},
    )
    closes_on = date_field(
        "Closing date",
        help_text="The day updates are due. A reminder goes 2 days before to anyone who has not "
        "answered. For example, 27 11 2026.",
    )
    repeats = forms.ChoiceField(
        label="Does the round repeat?",
        choices=UpdateRound.Repeats.choices,
        initial=UpdateRound.Repeats.NONE,
        widget=forms.RadioSelect,
        help_text="A monthly round opens the next one when it closes, due a month later.",
        error_messages={
            "required": "Select whether the round repeats",
            "invalid_choice": "Select whether the round repeats",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(
            Field.text("name"), Field("closes_on"), Field.radios("repeats", small=True)
        )

    def clean_closes_on(self) -> dt.date:
        closes_on: dt.date = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if closes_on < today:
            raise ValidationError(
                f"The closing date must be today or later: today is {today:%-d %B %Y}"
            )
        return closes_on


class CloseRoundForm(GdsFormMixin, forms.Form):
    submit_label = "Close the round and prepare the board report"
    confirm = forms.BooleanField(
        label="Close the round: nobody more is reminded, and the board report is prepared from "
        "the updates since it opened",
        error_messages={"required": "Tick the box to close the round"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field("confirm"))
