"""Forms for actions, progress, revised dates, evidence, sending an action back, and the plan
page's search."""

import unicodedata
import uuid
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone

from actionplans.plans.evidence import check_upload
from actionplans.plans.models import Action, Evidence, ProgressUpdate, Rag
from actionplans.plans.permissions import action_fields_editable_by
from actionplans.plans.rag import MEANINGS, Suggestion, suggested_rag
from actionplans.plans.selectors import NO_UPDATES, ActionFilters, RecentUpdates
from agencies.models import Agency, Membership, User
from agencies.selectors import partnership_agencies
from ui.forms import (
    CleanTextMixin,
    GdsFormMixin,
    OnceOnlyFormMixin,
    Select,
    date_field,
    limit_choices,
)

# What an owner may choose: "complete" is the lead's to give, by signing off.
OWNER_STATUSES = [(s.value, s.label) for s in Action.Status if s != Action.Status.COMPLETE]
# What an owner may give: blue comes with sign-off, and "not yet rated" is only where they start.
DELIVERY_RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN]


class ActionForm(OnceOnlyFormMixin, GdsFormMixin, forms.ModelForm):
    """The action: the whole of it for the partnership lead; for an agency owner, only the fields
    `action_fields_editable_by` gives them (its named lead, from the people of their agency)."""

    error_nouns = {"lead_user": "the lead person's account"}

    start_date = date_field("Start date")
    due_date = date_field("Due date")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "recommendation",
            "reference",
            "title",
            "description",
            "owner_agency",
            "contributing_agencies",
            "lead_name",
            "lead_user",
            "start_date",
            "due_date",
            "success_measure",
        ]
        labels = {
            "title": "What will be done?",
            "owner_agency": "Owner agency",
            "lead_user": "Lead person's account (for reminders)",
            "success_measure": "Success measure",
        }
        # The readiness checklist asks for a "success measure": the form uses the same words.
        help_texts = {
            "success_measure": "How will we know it worked? For example: 95% of high-risk "
            "referrals reach the front door within the agreed limit."
        }
        widgets = {"contributing_agencies": forms.CheckboxSelectMultiple}
        error_messages = {"lead_name": {"required": "Enter the named lead person"}}

    def __init__(self, *args: Any, plan: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        partnership = plan.inspection.partnership
        # Mass assignment guard: a field this person may not change is not in the form at all.
        editable = action_fields_editable_by(user, self.instance, set(self.fields) - {"version"})
        for name in set(self.fields) - editable - {"version"}:
            del self.fields[name]
        agencies = partnership_agencies(partnership)
        limit_choices(self, "recommendation", plan.inspection.recommendations.all())
        limit_choices(self, "owner_agency", agencies)
        limit_choices(self, "contributing_agencies", agencies)
        # The lead person's account is someone who updates actions for the owner agency.
        people = User.objects.filter(
            is_active=True,
            memberships__partnership=partnership,
            memberships__agency__isnull=False,
        )
        if "owner_agency" not in self.fields:
            # An owner names someone of the action's own agency.
            people = people.filter(memberships__agency=self.instance.owner_agency)
        # Two people may share a name: the list says which agency each works for.
        self.agency_of = {
            user_id: (agency_id, name)
            for user_id, agency_id, name in Membership.objects.filter(
                partnership=partnership, agency__isnull=False
            ).values_list("user_id", "agency_id", "agency__name")
        }
        if "lead_user" in self.fields:
            lead_user = self.fields["lead_user"]
            assert isinstance(lead_user, forms.ModelChoiceField)
            # Each option says its person's agency, so that static/js/filter-by-agency.mjs can
            # offer only the chosen owner agency's people.
            lead_user.widget = Select(
                attrs={"data-filter-by": "id_owner_agency"}
                if "owner_agency" in self.fields
                else {},
                option_attrs=lambda user: (
                    {"data-agency": str(self.agency_of[user.pk][0])}
                    if user.pk in self.agency_of
                    else {}
                ),
            )
            limit_choices(
                self,
                "lead_user",
                people.distinct().order_by("first_name", "last_name"),
                empty_label="No account",
            )
            lead_user.label_from_instance = lambda obj: (  # type: ignore[method-assign]
                f"{obj} ({self.agency_of[obj.pk][1]})" if obj.pk in self.agency_of else str(obj)
            )
            if "lead_name" in self.fields:
                # Choosing the lead's account is enough: their name fills an empty named lead.
                self.fields["lead_name"].required = False
                self.fields["lead_name"].help_text = (
                    "As written in the plan. Leave it empty to use the name of the account "
                    "chosen below."
                )
        if self.instance.pk is None:
            self.add_another_label = "Save and add another"
        self.fields["version"].initial = self.instance.version
        self.helper = self.build_helper(
            *self._present(
                Field.select("recommendation"),
                Field.text("reference", field_width=10),
                Field.text("title"),
                Field.textarea("description", rows=4),
            ),
            *self._fieldset(
                "Who",
                Field.select("owner_agency"),
                Field.checkboxes("contributing_agencies", small=True),
                Field.text("lead_name"),
                Field.select("lead_user"),
            ),
            *self._fieldset("When", Field("start_date"), Field("due_date")),
            *self._present(Field.textarea("success_measure", rows=3)),
            Field("version"),
        )

    def _present(self, *items: Field) -> list[Field]:
        return [item for item in items if item.fields[0] in self.fields]

    def _fieldset(self, legend: str, *items: Field) -> list[Fieldset]:
        present = self._present(*items)
        if not present:
            return []
        return [Fieldset(*present, legend=legend, legend_size=Size.MEDIUM)]

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        clash = Action.objects.filter(plan=self.instance.plan, reference__iexact=reference)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"Another action already has the reference {reference}")
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be on or after the start date")
        revised = self.instance.revised_due_date
        if start and revised and revised < start:
            self.add_error("start_date", "The start date must be on or before the revised due date")
        if not data.get("lead_name", "").strip():
            if data.get("lead_user"):
                data["lead_name"] = data["lead_user"].get_full_name() or str(data["lead_user"])
            elif "lead_name" not in self.errors:
                self.add_error("lead_name", "Enter the named lead person")
        owner, contributing = data.get("owner_agency"), data.get("contributing_agencies")
        lead_user = data.get("lead_user")
        owner_agency = owner if "owner_agency" in self.fields else self.instance.owner_agency
        if lead_user and owner_agency and self.agency_of[lead_user.pk][0] != owner_agency.pk:
            self.add_error(
                "lead_user",
                f"{lead_user} does not work for {owner_agency.name}: choose someone who does, "
                "or No account",
            )
        if owner and contributing and owner in contributing:
            self.add_error(
                "contributing_agencies", "The owner agency cannot also be a contributing agency"
            )
        return data


class ProgressUpdateForm(OnceOnlyFormMixin, GdsFormMixin, forms.ModelForm):
    """A dated note with the RAG and status at that time: the owner's everyday form."""

    error_nouns = {"text": "the update"}

    submit_label = "Add update"
    rag = forms.ChoiceField(
        label="How confident are you it will be delivered on time?",
        choices=[(r.value, r.label) for r in DELIVERY_RAGS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select red, amber or green",
            "invalid_choice": "Select red, amber or green",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=OWNER_STATUSES,
        widget=forms.RadioSelect,
        help_text="Choose 'Awaiting sign-off' when the action is done: the partnership lead "
        "then checks it and signs it off.",
    )

    class Meta:
        model = ProgressUpdate
        fields = ["text", "internal", "rag", "status"]
        labels = {
            "text": "What has happened since the last update?",
            "internal": "Internal note: only people in this partnership see it, never in "
            "documents sent outside",
        }
        # crispy-forms-gds's character count needs a hint to describe the field.
        help_texts = {
            "text": "What was done, what comes next and any risk to the due date. Do not name "
            "children or families.",
            "internal": "For example, a concern about staffing you want the partnership to know "
            "about but not the inspectorate. It is left out of the exported plan, the spreadsheets "
            "and the submission pack.",
        }
        error_messages = {"text": {"required": "Enter what has happened"}}

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action.rag in DELIVERY_RAGS:
            self.initial.setdefault("rag", action.rag)
        # Each colour says what it means; the one the dates point to says so, and why.
        suggestion = suggested_rag(action, timezone.localdate())
        rag_field = self.fields["rag"]
        assert isinstance(rag_field, forms.ChoiceField)
        suggested = f" Suggested from the dates: {suggestion.reason}."
        rag_field.choices = [
            Choice(r.value, r.label, hint=MEANINGS[r] + (suggested if r == suggestion.rag else ""))
            for r in DELIVERY_RAGS
        ]
        self.initial.setdefault(
            "status",
            action.status if action.status != Action.Status.COMPLETE else "in_progress",
        )
        self.fields["text"].validators.append(MaxLengthValidator(5000))
        self.fields["text"].widget.attrs["maxlength"] = 5000
        self.helper = self.build_helper(
            Field.textarea("text", rows=5, max_characters=5000),
            Field(
                "internal",
                template="ui/_checkbox_with_hint.html",
                context={"checkboxes_small": True},
            ),
            Field.radios("rag"),
            Field.radios("status"),
        )


class RevisedDueDateForm(GdsFormMixin, forms.Form):
    error_nouns = {"revised_reason": "the reason"}
    submit_label = "Revise the due date"
    revised_due_date = date_field("New due date")
    revised_reason = forms.CharField(
        label="Why has the date changed?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the date has changed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.initial.setdefault("version", action.version)
        self.helper = self.build_helper(
            Field("revised_due_date"),
            Field.textarea("revised_reason", rows=4),
            Field("version"),
        )

    def clean_revised_due_date(self) -> Any:
        new = self.cleaned_data["revised_due_date"]
        # A date already passed would clear the readiness gap with a promise nobody can keep.
        if new < timezone.localdate():
            raise ValidationError(
                "The revised due date must be today or later: a date that has passed cannot be "
                "met. Enter the date the action will now be delivered by"
            )
        if new < self.action.start_date:
            raise ValidationError(
                f"The new due date must be on or after the start date, "
                f"{self.action.start_date:%-d %B %Y}"
            )
        if new == self.action.current_due_date:
            raise ValidationError("The new due date is the same as the current one")
        return new


class EvidenceForm(OnceOnlyFormMixin, GdsFormMixin, forms.Form):
    error_nouns = {"description": "what the evidence shows"}
    submit_label = "Add evidence"
    description = forms.CharField(
        label="What does it show?",
        max_length=300,
        error_messages={"required": "Enter what the evidence shows"},
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, image or text, up to 20 MB.",
    )
    url = forms.URLField(
        label="Or give a link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, a page on your intranet or a shared document.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked: Any = None
        self.helper = self.build_helper(
            Field.text("description"),
            Field("file"),
            Field.text("url"),
        )
        self.helper.form_tag = False

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("The link must start with http:// or https://")
        return url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload, url = data.get("file"), data.get("url")
        if upload and url:
            raise ValidationError("Upload a file or give a link, not both")
        if not upload and not url and not self.errors:
            self.add_error("file", "Upload a file or give a link")
        if upload:
            try:
                self.checked = check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
            except ValidationError as error:
                self.add_error("file", error)
        return data

    @property
    def kind(self) -> str:
        return Evidence.Kind.FILE if self.cleaned_data.get("file") else Evidence.Kind.LINK


class SendBackForm(GdsFormMixin, forms.Form):
    error_nouns = {"reason": "what is still needed"}
    submit_label = "Send back"
    reason = forms.CharField(
        label="What is still needed before it can be signed off?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter what is still needed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.textarea("reason", rows=4))


class ReopenForm(GdsFormMixin, forms.Form):
    error_nouns = {"reason": "why the action is reopened"}
    submit_label = "Reopen the action"
    reason = forms.CharField(
        label="Why are you reopening it?",
        help_text="The owner and everyone who reads the action's history will see this.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the action is reopened"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.textarea("reason", rows=4))


class SearchTextField(forms.CharField):
    """Search text as typed, less control characters (a pasted tab, or a null byte in a
    hand-made address) and runs of spaces, which no action's words contain."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
        return " ".join(text.split())


SEARCH_MAX_LENGTH = 100
SORT_CHOICES = [
    ("", "Plan order"),
    ("due", "Due date, soonest first"),
    ("reference", "Reference"),
    ("rag", "RAG, red first"),
]


FILTER_FIELDS = ("agency", "status", "rag", "sort", "overdue", "awaiting_sign_off")


class ActionSearchForm(forms.Form):
    """The plan page's search, filters and order, sent by GET so that what someone found is an
    address they can bookmark or share. A value the form cannot use is left out of the search,
    with a message saying so; the rest still applies."""

    q = SearchTextField(
        label="Search actions",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="Reference, title, named lead or the text of a progress update",
        error_messages={"max_length": f"Search for {SEARCH_MAX_LENGTH} characters or fewer"},
    )
    agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Action.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    rag = forms.ChoiceField(
        label="RAG",
        choices=[("", "All RAGs"), *Rag.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a RAG from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose an order from the list"},
    )
    overdue = forms.BooleanField(label="Overdue", required=False)
    awaiting_sign_off = forms.BooleanField(label="Awaiting sign-off", required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)

    def filters_asked(self) -> bool:
        """Whether the address sets anything beyond the search text (the filters then show)."""
        return any(str(self.data.get(name, "")).strip() for name in FILTER_FIELDS)

    def selects(self) -> list[forms.BoundField]:
        return [self[name] for name in ("agency", "status", "rag", "sort")]

    def show_only(self) -> list[forms.BoundField]:
        return [self["overdue"], self["awaiting_sign_off"]]

    def filters(self) -> ActionFilters:
        """What the valid fields ask for (an invalid one asks for nothing)."""
        self.is_valid()
        data = self.cleaned_data
        agency = data.get("agency")
        return ActionFilters(
            text=data.get("q") or "",
            agency_id=agency.pk if agency else None,
            status=data.get("status") or "",
            rag=data.get("rag") or "",
            overdue=bool(data.get("overdue")),
            awaiting_sign_off=bool(data.get("awaiting_sign_off")),
            sort=data.get("sort") or "",
        )


class UpdateAllForm(OnceOnlyFormMixin, forms.Form):
    """The page of "Update all my actions" as a whole: its one-time token."""

    def row_token(self, action: Action) -> uuid.UUID | None:
        """Each row's own token, drawn from the page's: sending the page again saves no row
        twice, while a row refused the first time (its token rolled back) can still be saved."""
        page = self.one_time_token()
        return uuid.uuid5(page, str(action.pk)) if page is not None else None


class ProgressRowForm(CleanTextMixin, forms.Form):
    """One action's row of "Update all my actions": RAG, status and a short update.

    A row whose update is empty and whose RAG and status are as they were is blank: it is not
    touched. Any other row needs its update, as a progress update always does."""

    rag = forms.ChoiceField(
        label="RAG",
        choices=[(r.value, r.label) for r in DELIVERY_RAGS],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose red, amber or green"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=OWNER_STATUSES,
        required=False,
        error_messages={
            "invalid_choice": "Choose one of the statuses listed: only the partnership lead "
            "signs an action off"
        },
    )
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
        required=False,
        validators=[MaxLengthValidator(5000)],
        error_messages={"max_length": "Keep the update to 5,000 characters or fewer"},
    )

    def __init__(
        self, *args: Any, action: Action, recent: RecentUpdates = NO_UPDATES, **kwargs: Any
    ) -> None:
        kwargs["prefix"] = f"action-{action.pk}"
        super().__init__(*args, **kwargs)
        self.action = action
        # Shown beside the fields: what was said last, and what the lead asked for.
        self.recent = recent
        self.initial = {
            "rag": action.rag if action.rag != Rag.BLUE else Rag.GREEN,
            "status": action.status,
        }

    @property
    def suggestion(self) -> Suggestion:
        return suggested_rag(self.action, timezone.localdate())

    @property
    def is_blank(self) -> bool:
        if not self.is_bound:
            return True
        data = {name: self[name].value() or "" for name in ("rag", "status", "text")}
        return not data["text"].strip() and all(
            data[name] in ("", self.initial[name]) for name in ("rag", "status")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank:
            return data
        reference = self.action.reference
        if not data.get("text") and "text" not in self.errors:
            self.add_error("text", f"Enter what has happened on action {reference}")
        if not data.get("rag") and "rag" not in self.errors:
            self.add_error("rag", f"Choose red, amber or green for action {reference}")
        if not data.get("status") and "status" not in self.errors:
            self.add_error("status", f"Choose the status of action {reference}")
        return data
