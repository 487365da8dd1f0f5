"""Forms for submitting the plan, producing a board report and uploading a spreadsheet."""

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError

from actionplans.documents.spreadsheet_import import MAX_FILE_BYTES, MAX_ROWS
from ui.forms import CleanTextMixin, GdsFormMixin, GovukMessagesMixin, date_field


class BoardReportForm(GdsFormMixin, forms.Form):
    error_nouns = {"since": "the date to report the changes since"}
    submit_label = "Produce the report"
    since = date_field(
        "Report the changes since",
        help_text="Filled in with the date of the last report, or of the submission before the "
        "first report. For example, 12 3 2026.",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = self.build_helper(Field("since"))

    def clean_since(self) -> dt.date:
        since: dt.date = self.cleaned_data["since"]
        if since > self.today:
            raise ValidationError(
                f"The date must be today or in the past: today is {self.today:%-d %B %Y}"
            )
        return since


class SubmitForm(CleanTextMixin, GovukMessagesMixin, forms.Form):
    accept_gaps = forms.BooleanField(
        required=False,
        label="I understand what is still missing and want to submit the plan now",
    )


class ImportUploadForm(CleanTextMixin, GovukMessagesMixin, forms.Form):
    file = forms.FileField(
        label="Upload your action plan spreadsheet",
        help_text=f"An Excel workbook (.xlsx) or a CSV file of up to {MAX_FILE_BYTES // 2**20} MB "
        f"and {MAX_ROWS:,} actions, with one action per row under a row of column headings.",
        error_messages={"required": "Select a spreadsheet to upload"},
    )
