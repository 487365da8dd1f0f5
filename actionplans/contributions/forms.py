"""Forms for asking a contributor, for the contributor's answer, and for deciding on it."""

import datetime as dt
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from actionplans.contributions.models import DEFAULT_EXPIRY, EXPIRY_CHOICES, Contributor
from actionplans.plans.evidence import CheckedFile, check_upload
from actionplans.plans.models import Action, Rag
from ui.forms import GdsFormMixin, OnceOnlyFormMixin

RAG_CHOICES = [(r.value, r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)]
RAG_ERRORS = {
    "required": "Select red, amber or green",
    "invalid_choice": "Select red, amber or green",
}
EXPIRY_KEYS = {str(int(delta.total_seconds() // 3600)): delta for delta, _ in EXPIRY_CHOICES}


class ActionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} {obj.title}"


class SendRequestForm(GdsFormMixin, forms.Form):
    """Pick one of the partnership's contributors, or type a new name and email."""

    error_nouns = {"actions": "the actions", "message": "your message"}
    submit_label = "Send the request"
    actions = ActionsField(
        label="Which actions do you want an update on?",
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one action"},
    )
    contributor = forms.ModelChoiceField(
        label="Someone you have asked before",
        queryset=Contributor.objects.none(),
        required=False,
        empty_label="Someone new (enter their name and email below)",
    )
    name = forms.CharField(label="Their name", max_length=150, required=False)
    email = forms.EmailField(label="Their email address", required=False)
    message = forms.CharField(
        label="Your message",
        widget=forms.Textarea,
        max_length=2000,
        help_text="What you would like to hear about. It is in the email with the link.",
        error_messages={"required": "Enter your message"},
    )
    expires_in = forms.ChoiceField(
        label="How long the link works",
        choices=[(key, label) for key, (_, label) in zip(EXPIRY_KEYS, EXPIRY_CHOICES, strict=True)],
        initial=str(int(DEFAULT_EXPIRY.total_seconds() // 3600)),
        widget=forms.RadioSelect,
    )
    name_as_contributor = forms.BooleanField(
        label="Make them these actions' contributor (asked first next time)", required=False
    )

    def __init__(self, *args: Any, actions: Any, contributors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["actions"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        chosen.queryset = actions
        known = self.fields["contributor"]
        assert isinstance(known, forms.ModelChoiceField)
        known.queryset = contributors
        self.helper = self.build_helper(
            Field.checkboxes("actions", small=True),
            Field.select("contributor"),
            Field.text("name"),
            Field.text("email"),
            Field.textarea("message", rows=4),
            Field.radios("expires_in", small=True, inline=True),
            Field.checkbox("name_as_contributor", small=True),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("contributor") and not self.errors:
            if not data.get("name"):
                self.add_error("name", "Enter their name, or choose someone you have asked before")
            if not data.get("email"):
                self.add_error("email", "Enter their email address")
        return data

    @property
    def expiry(self) -> dt.timedelta:
        return EXPIRY_KEYS[self.cleaned_data["expires_in"]]


class ContributionForm(OnceOnlyFormMixin, GdsFormMixin, forms.Form):
    """A contributor's update on one action."""

    error_nouns = {"text": "your update"}
    submit_label = "Send this update"
    text = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea,
        max_length=5000,
        help_text="What was done, what comes next and any risk to the due date. Do not name "
        "children or families.",
        error_messages={"required": "Enter what has happened"},
    )
    suggested_rag = forms.ChoiceField(
        label="How confident are you it will be delivered on time?",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages=RAG_ERRORS,
    )
    evidence_url = forms.URLField(
        label="A link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    evidence_file = forms.FileField(
        label="Or upload a file (optional)",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, image or text, up to 20 MB.",
    )

    def __init__(self, *args: Any, prefix_for: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"action-{prefix_for}", **kwargs)
        token = self.fields["form_token"]
        token.required = True
        # Hidden: only a page saved before the link's form changed comes without it.
        token.error_messages["required"] = token.error_messages["invalid"] = (
            "This form is out of date. Open the link from the email again and send your update"
        )
        self.checked: CheckedFile | None = None
        self.helper = self.build_helper(
            Field.textarea("text", rows=4),
            Field.radios("suggested_rag", small=True),
            Field.text("evidence_url"),
            Field("evidence_file"),
        )
        self.helper.form_tag = False

    def clean_evidence_url(self) -> str:
        url: str = self.cleaned_data["evidence_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("The link must start with http:// or https://")
        return url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload, url = data.get("evidence_file"), data.get("evidence_url")
        if upload and url:
            self.add_error("evidence_url", "Upload a file or give a link, not both")
        elif upload:
            try:
                self.checked = check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
            except ValidationError as error:
                self.add_error("evidence_file", error)
        return data


class AcceptForm(GdsFormMixin, forms.Form):
    error_nouns = {"text": "the update"}
    submit_label = "Accept the update"
    text = forms.CharField(
        label="The update as it will read",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter the update"},
    )
    rag = forms.ChoiceField(
        label="RAG", choices=RAG_CHOICES, widget=forms.RadioSelect, error_messages=RAG_ERRORS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(
            Field.textarea("text", rows=5), Field.radios("rag", small=True, inline=True)
        )


class DeclineForm(GdsFormMixin, forms.Form):
    error_nouns = {"reason": "why you are declining"}
    submit_label = "Decline the update"
    reason = forms.CharField(
        label="Why are you declining it?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why you are declining this update"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.textarea("reason", rows=3))
