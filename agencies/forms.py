from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your app, or a backup code"},
    )
