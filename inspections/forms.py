"""Forms for the inspection, its findings and its recommendations (written by the lead)."""

from typing import Any

from crispy_forms_gds.layout import (
    HTML,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Size,
)
from django import forms
from django.utils import timezone

from agencies.permissions import AnyUser
from agencies.selectors import partnership_agencies
from inspections.deadlines import DEFAULT_WORKING_DAYS, add_working_days
from inspections.models import Finding, Inspection, Inspectorate, Recommendation, Regime
from inspections.pasted_letter import read_letter
from inspections.permissions import recommendation_fields_editable_by
from inspections.services import next_references
from ui.forms import GdsFormMixin, OnceOnlyFormMixin, date_field, limit_choices


class RegimeChoiceField(forms.ModelChoiceField):
    """Each regime offered with its rule, so the lead sees what choosing it will count."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Regime)
        return f"{obj.name}: {obj.rule_summary[0].lower()}{obj.rule_summary[1:]}"


class InspectionForm(GdsFormMixin, forms.ModelForm):
    error_nouns = {
        "deadline_mode": "how the letter sets the submission deadline",
        "regime": "the kind of inspection or review",
    }

    class DeadlineMode:
        DATE = "date"
        WORKING_DAYS = "working_days"
        RULE = "rule"

    regime = RegimeChoiceField(
        label="Kind of inspection or review",
        queryset=Regime.objects.all(),
        empty_label=None,
        help_text="Each kind comes with its rule for when the plan is due. A date the letter "
        "states always wins over the rule.",
        error_messages={
            "required": "Choose the kind of inspection or review",
            "invalid_choice": "Choose a kind of inspection or review from the list",
        },
    )
    inspectorates = forms.MultipleChoiceField(
        choices=Inspectorate.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one inspectorate"},
    )
    fieldwork_start = date_field("Fieldwork start date", help_text="For example, 19 5 2025")
    fieldwork_end = date_field("Fieldwork end date")
    letter_published = date_field("Date the letter was published", required=False)
    rule_starts_on = date_field(
        "Date the rule counts from, when not the letter",
        required=False,
        help_text="For a child safeguarding practice review: the date the serious incident "
        "became known. Other kinds count from the letter's publication.",
    )
    deadline_mode = forms.ChoiceField(
        label="How does the letter set the submission deadline?",
        choices=[
            (DeadlineMode.DATE, "As a date"),
            (DeadlineMode.WORKING_DAYS, "As a number of working days after the letter"),
            (DeadlineMode.RULE, "It does not: use the rule for this kind of inspection"),
        ],
        widget=forms.RadioSelect,
        initial=DeadlineMode.DATE,
    )
    submission_deadline = date_field(
        "Submission deadline",
        required=False,
        help_text="The date the action plan is due with the inspectorate, as the letter states.",
    )
    deadline_working_days = forms.IntegerField(
        label="Working days after the letter",
        required=False,
        min_value=1,
        max_value=365,
        initial=DEFAULT_WORKING_DAYS,
        help_text="England working days: weekends and bank holidays do not count.",
        # GOV.UK asks for text inputs with a numeric keyboard rather than type="number".
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"invalid": "Enter the number of working days as a whole number"},
    )

    class Meta:
        model = Inspection
        fields = [
            "title",
            "short_title",
            "regime",
            "theme",
            "inspectorates",
            "legal_basis",
            "fieldwork_start",
            "fieldwork_end",
            "letter_published",
            "rule_starts_on",
            "letter_url",
        ]
        labels = {
            "title": "Title of the letter",
            "short_title": "Short title (optional)",
            "letter_url": "Link to the published letter",
        }
        help_texts = {
            "short_title": "e.g. JTAI 2025. It tells this plan from the partnership's others in "
            "queues, emails and file names. Left blank, the kind of inspection and its year are "
            "used."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.deadline_working_days:
            self.initial["deadline_mode"] = self.DeadlineMode.WORKING_DAYS
        elif self.instance.pk and self.instance.submission_deadline is None:
            self.initial["deadline_mode"] = self.DeadlineMode.RULE
        self.fields["submission_deadline"].initial = self.instance.submission_deadline
        self.fields["deadline_working_days"].initial = (
            self.instance.deadline_working_days or DEFAULT_WORKING_DAYS
        )
        self.helper = self.build_helper(
            Field.text("title"),
            Field.text("short_title", field_width=20),
            Field.select("regime"),
            Field.text("theme"),
            Field.checkboxes("inspectorates"),
            Field.text("legal_basis"),
            Fieldset(
                Field("fieldwork_start"),
                Field("fieldwork_end"),
                Field("letter_published"),
                Field("rule_starts_on"),
                Field.text("letter_url"),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                # GOV.UK conditional reveals: without JavaScript both questions simply show.
                ConditionalRadios(
                    "deadline_mode",
                    ConditionalQuestion("As a date", Field("submission_deadline")),
                    ConditionalQuestion(
                        "As a number of working days after the letter",
                        Field.text("deadline_working_days", field_width=4),
                    ),
                    ConditionalQuestion(
                        "It does not: use the rule for this kind of inspection",
                        HTML(
                            '<p class="govuk-body">The plan is due when the rule of the kind '
                            "chosen above says, counted from its start date.</p>"
                        ),
                    ),
                ),
                legend="When the action plan is due",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("fieldwork_start"), data.get("fieldwork_end")
        letter = data.get("letter_published")
        if start and end and end < start:
            self.add_error("fieldwork_end", "The fieldwork end date must be on or after its start")
        if letter and end and letter < end:
            self.add_error(
                "letter_published", "The letter cannot be published before fieldwork ends"
            )
        if data.get("deadline_mode") == self.DeadlineMode.WORKING_DAYS:
            data["submission_deadline"] = None
            if not data.get("deadline_working_days"):
                self.add_error("deadline_working_days", "Enter the number of working days")
            if not letter:
                self.add_error(
                    "letter_published",
                    "Enter the date the letter was published, to count the working days from it",
                )
            deadline = (
                add_working_days(letter, data["deadline_working_days"])
                if letter and data.get("deadline_working_days")
                else None
            )
        elif data.get("deadline_mode") == self.DeadlineMode.RULE:
            data["submission_deadline"] = data["deadline_working_days"] = None
            deadline = self._rule_deadline(data)
        else:
            data["deadline_working_days"] = None
            deadline = data.get("submission_deadline")
            if deadline is None and "submission_deadline" not in self.errors:
                self.add_error("submission_deadline", "Enter the submission deadline")
            if deadline and letter and deadline < letter:
                self.add_error(
                    "submission_deadline", "The deadline must be on or after the letter's date"
                )
            starts = data.get("rule_starts_on")
            regime = data.get("regime")
            if deadline and starts and regime and not regime.starts_at_letter and deadline < starts:
                self.add_error(
                    "submission_deadline",
                    f"The deadline must be on or after the date the rule counts from "
                    f"({starts:%-d %B %Y})",
                )
        if deadline and self.instance.pk is None and deadline < timezone.localdate():
            field = {
                self.DeadlineMode.DATE: "submission_deadline",
                self.DeadlineMode.RULE: "deadline_mode",
            }.get(str(data.get("deadline_mode")), "deadline_working_days")
            self.add_error(field, f"The deadline ({deadline:%-d %B %Y}) is in the past")
        return data

    def _rule_deadline(self, data: dict[str, Any]) -> Any:
        """The deadline the chosen regime's rule gives, with an error saying what it lacks."""
        regime = data.get("regime")
        if not isinstance(regime, Regime):
            return None
        if not regime.has_rule or regime.deadline_count is None:
            self.add_error(
                "deadline_mode",
                f"{regime.name} has no fixed rule: enter the date the letter states",
            )
            return None
        if regime.starts_at_letter:
            if data.get("letter_published") is None and "letter_published" not in self.errors:
                self.add_error(
                    "letter_published",
                    "Enter the date the letter was published, to count the deadline from it",
                )
        elif data.get("rule_starts_on") is None and "rule_starts_on" not in self.errors:
            self.add_error(
                "rule_starts_on",
                f"Enter the date the rule counts from ({regime.start_label.lower()})",
            )
        start = (
            data.get("letter_published") if regime.starts_at_letter else data.get("rule_starts_on")
        )
        return regime.deadline_from(start)

    def save(self, commit: bool = True) -> Inspection:
        self.instance.submission_deadline = self.cleaned_data.get("submission_deadline")
        self.instance.deadline_working_days = self.cleaned_data.get("deadline_working_days")
        return super().save(commit=commit)


class FindingForm(OnceOnlyFormMixin, GdsFormMixin, forms.ModelForm):
    error_nouns = {"kind": "what kind of finding it is"}

    class Meta:
        model = Finding
        fields = ["kind", "reference", "text"]
        labels = {"kind": "What kind of finding is it?", "text": "Text from the letter"}
        help_texts = {"text": "Paste the text exactly as the letter says it."}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.inspection = inspection
        # Radios need no empty "choose one" option: none is checked until the lead picks one.
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = Finding.Kind.choices
        if self.instance.pk is None:
            self.add_another_label = "Save and add another"
        self.helper = self.build_helper(
            Field.radios("kind"),
            Field.text("reference", field_width=10),
            Field.textarea("text", rows=6),
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        clash = Finding.objects.filter(
            inspection=self.instance.inspection, reference__iexact=reference
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Another finding already has the reference {reference}")
        return reference


class FindingsPasteForm(GdsFormMixin, forms.Form):
    """Several findings at once, one per paragraph, as copied from the letter."""

    submit_label = "Add the findings"
    error_nouns = {"kind": "what kind of findings they are"}
    kind = forms.ChoiceField(
        label="What kind of findings are they?",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
    )
    # No max_length: the browser would cut a longer paste short without a word (the textarea's
    # maxlength); `clean_text` says how long it is instead.
    text = forms.CharField(
        label="Findings from the letter",
        widget=forms.Textarea,
        help_text="Paste them with an empty line between one finding and the next. Each becomes "
        "a finding with its own reference (AFI 1, AFI 2, … or S 1, S 2, …), which you can edit.",
        error_messages={"required": "Paste the findings from the letter"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.radios("kind"), Field.textarea("text", rows=14))

    def clean_text(self) -> str:
        text = pasted_text_within_limit(self.cleaned_data["text"])
        if not read_letter(text).paragraphs:
            raise forms.ValidationError(
                "Paste the findings themselves: the text holds only headings"
            )
        return text


# The most a paste may hold: a whole letter is about 10,000 characters.
PASTE_MAX_CHARACTERS = 50000


def pasted_text_within_limit(text: str) -> str:
    if len(text) > PASTE_MAX_CHARACTERS:
        raise forms.ValidationError(
            f"The pasted text is {len(text):,} characters; the most is {PASTE_MAX_CHARACTERS:,}"
        )
    return text


class FindingsPreviewForm(OnceOnlyFormMixin, GdsFormMixin, forms.Form):
    """The paste carried again in hidden fields, and which of its paragraphs to save.

    Its page (inspections/findings_paste_preview.html) draws each paragraph as a ticked checkbox
    with the reference it will get, so the form needs no crispy layout of its own."""

    error_nouns = {"keep": "at least one paragraph to save as a finding"}
    kind = forms.ChoiceField(
        choices=Finding.Kind.choices,
        widget=forms.HiddenInput,
        # Only a damaged page sends it wrong; the view then shows the paste in its own form.
        error_messages={"invalid_choice": "Select what kind of findings they are"},
    )
    text = forms.CharField(widget=forms.HiddenInput)
    keep = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        self.letter = read_letter(str(source.get("text") or ""))
        keep = self.fields["keep"]
        assert isinstance(keep, forms.ChoiceField)
        keep.choices = [(str(i), p) for i, p in enumerate(self.letter.paragraphs)]
        kind = str(source.get("kind") or "")
        self.kind_label = dict(Finding.Kind.choices).get(kind, "")
        references = (
            next_references(inspection=inspection, kind=kind, count=len(self.letter.paragraphs))
            if self.kind_label
            else [""] * len(self.letter.paragraphs)
        )
        ticked = (
            set(self.data.getlist("keep") if hasattr(self.data, "getlist") else [])
            if self.is_bound
            else {str(i) for i in range(len(self.letter.paragraphs))}
        )
        # What the page shows: each paragraph, whether it is ticked, the reference it would get.
        self.rows = [
            (str(i), paragraph, reference, str(i) in ticked)
            for i, (paragraph, reference) in enumerate(
                zip(self.letter.paragraphs, references, strict=True)
            )
        ]
        self.helper = self.build_helper()

    def clean_text(self) -> str:
        return pasted_text_within_limit(self.cleaned_data["text"])


class FindingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) <= 120 else obj.text[:117].rstrip() + "…"
        return f"{obj.reference}: {text}"


class FindingsRemoveForm(GdsFormMixin, forms.Form):
    """Which of the inspection's findings to remove at once (the view asks before it does)."""

    submit_label = "Remove selected findings"
    error_nouns = {"findings": "the findings to remove"}
    findings = FindingChoiceField(
        label="Which findings do you want to remove?",
        queryset=Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "findings", inspection.findings.all())
        self.helper = self.build_helper(Field.checkboxes("findings", small=True))


class RecommendationForm(OnceOnlyFormMixin, GdsFormMixin, forms.ModelForm):
    error_nouns = {
        "finding": "the finding it answers",
        "source": "where it comes from",
        "source_agency": "the agency whose response made it",
    }

    class Meta:
        model = Recommendation
        fields = [
            "finding",
            "reference",
            "title",
            "text",
            "source",
            "source_agency",
            "lead_agency",
            "contributing_agencies",
        ]
        labels = {
            "finding": "Which finding does it answer?",
            "title": "What must improve?",
            "text": "More detail (optional)",
            "source": "Where does it come from?",
            "source_agency": "Whose response made it?",
        }
        widgets = {
            "source": forms.RadioSelect,
            "contributing_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, inspection: Inspection, user: AnyUser | None = None, **kwargs: Any
    ) -> None:
        """`user`: whose edit it is; the form keeps only the fields they may change (a new
        recommendation is the lead's, with every field)."""
        super().__init__(*args, **kwargs)
        self.instance.inspection = inspection
        if user is not None and self.instance.pk:
            editable = recommendation_fields_editable_by(user, self.instance, set(self.fields))
            for name in set(self.fields) - editable:
                del self.fields[name]
        agencies = partnership_agencies(inspection.partnership)
        limit_choices(self, "finding", inspection.findings.all(), empty_label="None")
        limit_choices(self, "lead_agency", agencies)
        limit_choices(self, "source_agency", agencies, empty_label="None")
        limit_choices(self, "contributing_agencies", agencies)
        layout = [
            Field.select("finding"),
            Field.text("reference", field_width=10),
            Field.text("title"),
            Field.textarea("text", rows=4),
            ConditionalRadios(
                "source",
                Recommendation.Source.LETTER.label,
                ConditionalQuestion(
                    Recommendation.Source.AGENCY_RESPONSE.label, Field.select("source_agency")
                ),
            ),
            Field.select("lead_agency"),
            Field.checkboxes("contributing_agencies", small=True),
        ]
        self.helper = self.build_helper(*(f for f in layout if _field_of(f) in self.fields))

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        clash = Recommendation.objects.filter(
            inspection=self.instance.inspection, reference__iexact=reference
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"Another recommendation already has the reference {reference}"
            )
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("source") == Recommendation.Source.AGENCY_RESPONSE and not data.get(
            "source_agency"
        ):
            self.add_error("source_agency", "Select the agency whose response made it")
        if data.get("source") == Recommendation.Source.LETTER:
            data["source_agency"] = None
        lead = (
            data.get("lead_agency") if "lead_agency" in self.fields else self.instance.lead_agency
        )
        contributing = data.get("contributing_agencies")
        if lead and contributing and lead in contributing:
            self.add_error(
                "contributing_agencies", "The lead agency cannot also be a contributing agency"
            )
        return data


def _field_of(item: Any) -> str:
    """The form field a layout item shows (a conditional reveal names its radios' field)."""
    return str(item.field if isinstance(item, ConditionalRadios) else item.fields[0])
