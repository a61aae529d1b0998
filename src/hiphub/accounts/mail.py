"""The account emails: confirm a new address, or tell an address that it already has an
account. Each address gets at most LIMIT of them per WINDOW (core.throttle); the rest are
answered on the page exactly as if they had been sent."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hiphub.accounts.models import User
from hiphub.core import throttle

LIMIT = 3
WINDOW = timedelta(hours=1)
CONFIRM_SALT = "hiphub.accounts.verify-email"

AbsoluteUrl = Callable[[str], str]  # request.build_absolute_uri


def confirmation_token(user: User) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=CONFIRM_SALT)


def user_from_confirmation(token: str) -> User | None:
    """The user a confirmation link was made for, while it is valid and the address unchanged."""
    try:
        claim = signing.loads(token, salt=CONFIRM_SALT, max_age=User.CONFIRM_WITHIN)
        return User.objects.get(pk=claim["uid"], email=claim["email"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        return None


def _send(user: User, subject: str, body: str) -> bool:
    if not throttle.allow("confirm_email", user.email, limit=LIMIT, per=WINDOW):
        return False
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    return True


def send_confirmation(user: User, absolute: AbsoluteUrl) -> bool:
    """A link that confirms the address (and opens a new account). False when held back."""
    link = absolute(reverse("accounts:verify", args=[confirmation_token(user)]))
    site = settings.SITE_NAME
    if user.awaiting_confirmation:
        opening = (
            f"Someone, hopefully you, asked to create a {site} account with this address.\n\n"
            f"Open this link within three days to confirm it, then sign in with the password "
            f"you chose:\n{link}\n\n"
            "If it was not you, ignore this message: the account never opens without the "
            "confirmation, and it is deleted after three days."
        )
    else:
        opening = (
            f"Open this link within three days to confirm the address of your {site} "
            f"account:\n{link}\n\n"
            "If you did not ask for it, ignore this message and nothing will change."
        )
    return _send(user, f"Confirm your email for {site}", opening)


def send_already_registered(user: User, absolute: AbsoluteUrl) -> bool:
    """Someone tried to sign up with an address that has an account: tell the address, not
    the person at the form. False when held back."""
    site = settings.SITE_NAME
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    reset = absolute(reverse("accounts:password_reset_confirm", args=[uid, token]))
    sign_in = absolute(reverse("accounts:sign_in"))
    body = (
        f"Someone, perhaps you, tried to create a {site} account with this address. It "
        "already has one, so nothing new was created and nothing in the account changed.\n\n"
        f"To sign in:\n{sign_in}\n\n"
        "Forgotten the password, or never finished signing up? Choose a new password here "
        f"(the link works once, for three days):\n{reset}\n\n"
        "If it was not you, ignore this message."
    )
    return _send(user, f"Your {site} account", body)
