"""The People page's forms: an invitation, a member's role and agency, and the invitee's new
account."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from agencies.models import Agency, Membership, Partnership, User
from agencies.people.selectors import is_member
from agencies.selectors import partnership_agencies
from ui.forms import GdsFormMixin, OnceOnlyFormMixin, limit_choices


class RoleAndAgencyForm(GdsFormMixin, forms.Form):
    """A role in the partnership, and the agency, which an agency owner must have."""

    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        help_text="A partnership lead writes and signs off the plan and manages its people; an "
        "agency owner updates their own agency's actions; a manager reads the plan and its "
        "dashboard",
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
        help_text="Only for an agency owner: the agency whose actions they update",
        error_messages={"invalid_choice": "Choose an agency that serves this partnership"},
        # static/js/only-for-role.mjs hides the select unless this role is chosen; without
        # script it stays, and `clean` drops whatever was picked for another role.
        widget=forms.Select(attrs={"data-only-for-role": Membership.Role.OWNER}),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        limit_choices(self, "agency", partnership_agencies(partnership))
        self.helper = self.build_helper(*self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [Field.radios("role"), Field.select("agency")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner = data.get("role") == Membership.Role.OWNER
        if not owner:
            # Only an agency owner has an agency: one picked for any other role (or left
            # selected before the role changed) is ignored, never a reason to refuse.
            self.errors.pop("agency", None)
            data["agency"] = None
        elif not data.get("agency") and "agency" not in self.errors:
            self.add_error("agency", "Choose the agency an agency owner works for")
        return data


class InvitationForm(OnceOnlyFormMixin, RoleAndAgencyForm):
    submit_label = "Send invitation"
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Their work email address: the invitation goes to it",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    field_order = ["email", "role", "agency"]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        # Said at once, before any other field is checked: nothing else on the form matters
        # for someone who is already in.
        if is_member(self.partnership, email):
            raise ValidationError(f"{email} is already a member of {self.partnership.name}")
        return email

    def layout_fields(self) -> list[Any]:
        return [Field.text("email", field_width=20), *super().layout_fields()]


class MembershipForm(RoleAndAgencyForm):
    submit_label = "Save changes"


class NewAccountForm(GdsFormMixin, forms.Form):
    """The invitee's name and password: their account is made when they accept."""

    submit_label = "Accept invitation"
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Enter your first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Enter your last name"},
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a strong password",
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = self.build_helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("password1", field_width=20),
            Field.text("password2", field_width=20),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match. Type the same one twice")
        elif first:
            person = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, person)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
