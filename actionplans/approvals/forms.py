"""The lead's forms for naming approvers, and an approver's answer."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from actionplans.approvals import selectors
from actionplans.approvals.models import Approver
from actionplans.plans.models import ActionPlan
from agencies.models import Agency, User
from ui.forms import GdsFormMixin, limit_choices


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.email})"


class AddApproverForm(GdsFormMixin, forms.Form):
    submit_label = "Add the approver"
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Agency")
    person = PersonChoice(
        queryset=User.objects.none(),
        label="Person who approves for it",
        help_text="Someone who works for that agency in this partnership, or a partnership lead.",
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = Approver.objects.filter(plan=plan).values("agency_id")
        limit_choices(
            self,
            "agency",
            Agency.objects.filter(partnerships=plan.inspection.partnership_id).exclude(
                pk__in=taken
            ),
            empty_label="Choose an agency",
        )
        limit_choices(
            self, "person", selectors.partnership_people(plan), empty_label="Choose a person"
        )
        self.helper = self.build_helper(Field("agency"), Field("person"))


class ChangeApproverForm(GdsFormMixin, forms.Form):
    submit_label = "Save the approver"
    person = PersonChoice(queryset=User.objects.none(), label="Person who approves")

    def __init__(self, *args: Any, approver: Approver, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].label = f"Person who approves for {approver.agency}"
        self.fields[
            "person"
        ].help_text = (
            f"Someone who works for {approver.agency} in this partnership, or a partnership lead."
        )
        limit_choices(
            self,
            "person",
            selectors.partnership_people(approver.plan),
            empty_label="Choose a person",
        )
        self.helper = self.build_helper(Field("person"))


class AnswerForm(GdsFormMixin, forms.Form):
    submit_label = "Send my answer"
    error_nouns = {"answer": "whether you approve the plan"}
    answer = forms.ChoiceField(
        label="Do you approve the plan as it reads now?",
        choices=[
            ("approve", "Yes, I approve it"),
            ("changes", "No, changes are needed"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="What needs to change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed if you ask for changes: the lead is told what you wrote.",
    )
    digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.radios("answer"), Field("reason"), "digest")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("answer") == "changes" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter what needs to change before the plan can be approved")
        return cleaned
