import datetime as dt
from typing import Any, ClassVar

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.tokens import latest_expiry
from outbox.services import Draft, queue_email
from ui.forms import CleanTextMixin, GdsFormMixin, GovukMessagesMixin, date_field


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying in plain words what to do. An unknown address and a wrong
    password get the same message, so the page never tells anyone who has an account."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "The email address or password is not right. Check them and try again, "
            "or reset your password"
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = (
            "Enter your email address, like name@example.org"
        )
        self.fields["password"].error_messages["required"] = "Enter your password"


class TokenForm(CleanTextMixin, GovukMessagesMixin, forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your app, or a backup code"},
    )


class AccessTokenForm(GdsFormMixin, forms.Form):
    submit_label = "Create token"

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="So you know where it is used, for example: Board report in Power BI",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    expires_on = date_field(
        "Expiry date", help_text="At most a year from today. For example, 31 3 2027"
    )

    def clean_expires_on(self) -> dt.date:
        expires_on: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if expires_on <= today:
            raise forms.ValidationError("The expiry date must be in the future")
        if expires_on > latest_expiry(today):
            limit = latest_expiry(today)
            raise forms.ValidationError(
                f"The expiry date must be on or before {limit:%-d %B %Y}: "
                "a token lasts at most a year"
            )
        return expires_on

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.build_helper(Field.text("name"), Field("expires_on"))


class PasswordResetForm(CleanTextMixin, GovukMessagesMixin, DjangoPasswordResetForm):
    """Django's form in plain words, with its email written to the outbox like every other:
    retried if the mail server is down, and its link blanked from the row once sent."""

    error_nouns: ClassVar[dict[str, str]] = {"email": "your email address"}

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        draft = Draft(
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
            html=render_to_string(html_email_template_name, context)
            if html_email_template_name
            else "",
            kind=email_template_name.removesuffix("-body.txt"),
        )
        queue_email(draft, to=to_email, recipient=context["user"])
