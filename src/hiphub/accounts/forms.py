from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from hiphub.accounts import mail
from hiphub.accounts.models import User
from hiphub.core import throttle


class SignInForm(AuthenticationForm):
    remember = forms.BooleanField(
        required=False, label="Keep me signed in on this device for 30 days"
    )


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, also for sign-ups still waiting for their confirmation (a reset
    link proves the address just as well), and at most a few emails an hour per address."""

    def get_users(self, email: str) -> Iterator[User]:
        for user in User.objects.filter(email__iexact=email.strip()):
            if user.has_usable_password() and (user.is_active or user.awaiting_confirmation):
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        if throttle.allow("password_reset", to_email, limit=mail.LIMIT, per=mail.WINDOW):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="Used to sign in and to reset your password. Never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        max_length=60,
        required=False,
        help_text="Optional. The name others see if you share a report.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = forms.CharField(
        strip=False,
        help_text="At least 8 characters, not only numbers, not a common password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        # Whether the address already has an account is never said here, only by email to
        # the address itself (views.sign_up), so the form cannot be used to test addresses.
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        strip=False,
        label="Your password, to confirm",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right. Nothing was deleted.")
        return password
