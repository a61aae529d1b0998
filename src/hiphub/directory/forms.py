"""The directory's HTML forms that are not a whole listing (that one is checked by
schemas.ListingIn): the contact relay, a credential, a moderator's decision."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

NUL_REFUSED = (
    "This contains an invisible NUL character (\\0), which cannot be stored. Please remove it."
)
MESSAGE_MAX = 3000


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = NUL_REFUSED


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise forms.ValidationError("Please keep this to one line.")
    return value


class ContactForm(_Form):
    name = forms.CharField(
        label="Your name",
        max_length=80,
        error_messages={"required": "Please give your name, so the therapist knows who wrote."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="The therapist replies to this address from their own email. We do not "
        "show it anywhere or keep it.",
        error_messages={
            "required": "Please give an email address for the reply.",
            "invalid": "That does not look like an email address.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX}),
        help_text="Say what you would like help with. Please do not include anything you "
        "would not want in an email.",
        error_messages={
            "required": "Please write a message.",
            "max_length": f"Please keep the message under {MESSAGE_MAX:,} characters.",
        },
    )
    website = forms.CharField(label="Leave this field empty", required=False)  # honeypot
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    answer = forms.CharField(label="The missing number", required=False)

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"].strip())

    def clean_website(self) -> str:
        value: str = self.cleaned_data["website"]
        if value.strip():
            raise forms.ValidationError("This field must stay empty; nothing was sent.")
        return value


class CredentialForm(_Form):
    body = forms.CharField(
        label="Register or association",
        max_length=120,
        help_text="The body that keeps the public register, for example the Complementary "
        "and Natural Healthcare Council.",
        error_messages={"required": "Please name the register or association."},
    )
    number = forms.CharField(
        label="Registration or membership number",
        max_length=60,
        error_messages={"required": "Please give the number the register lists you under."},
    )
    jurisdiction = forms.CharField(
        label="Country or region it covers",
        max_length=80,
        error_messages={"required": "Please say where the registration applies."},
    )
    expires_on = forms.DateField(
        label="Expiry date (if it has one)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as year-month-day, for example 2027-03-31."},
    )

    def clean_body(self) -> str:
        return _one_line(self.cleaned_data["body"].strip())

    def clean_number(self) -> str:
        return _one_line(self.cleaned_data["number"].strip())

    def clean_jurisdiction(self) -> str:
        return _one_line(self.cleaned_data["jurisdiction"].strip())

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data["expires_on"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(
                "That date has passed. Renew the registration first, then give the new date."
            )
        return value


class VerifyForm(_Form):
    method = forms.CharField(
        label="How you checked it",
        max_length=200,
        help_text="Shown on the listing, for example: CNHC online register, searched by number.",
        error_messages={"required": "Say how you checked it; the listing shows this."},
    )

    def clean_method(self) -> str:
        return _one_line(self.cleaned_data["method"].strip())


class RejectForm(_Form):
    note = forms.CharField(
        label="Why it could not be verified",
        max_length=300,
        help_text="The therapist sees this on their listing page.",
        error_messages={"required": "Give a short reason for the therapist."},
    )

    def clean_note(self) -> str:
        return _one_line(self.cleaned_data["note"].strip())
