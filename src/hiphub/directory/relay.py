"""The contact relay: a visitor writes to a therapist without either seeing the other's
email address first. The message goes to the therapist by email with the visitor's address
as Reply-To, so the therapist answers from their own mail (and only then does the visitor
learn their address). Nothing of the message is stored.

Checks, in order: the form's fields and honeypot, the arithmetic question (for anyone not
signed in with a confirmed address; community's single-use captcha), then the limits:
CONTACT_PER_ADDRESS messages an hour from one client address and CONTACT_PER_LISTING a day
to one therapist, shared by every worker (core.throttle).
"""

from collections.abc import Callable, Mapping
from datetime import timedelta
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from hiphub.community import captcha, challenges
from hiphub.core import throttle
from hiphub.directory.forms import ContactForm
from hiphub.directory.models import Listing

CONTACT_PER_ADDRESS = 5
ADDRESS_WINDOW = timedelta(hours=1)
CONTACT_PER_LISTING = 10
LISTING_WINDOW = timedelta(days=1)


class RejectedError(Exception):
    def __init__(self, form: ContactForm) -> None:
        super().__init__("the message was not sent")
        self.form = form


class LimitedError(Exception):
    """Too many messages; answered with 429 and this message."""


def needs_captcha(user: Any) -> bool:
    signed_in = user is not None and user.is_authenticated
    return not (signed_in and getattr(user, "email_verified", False))


def can_contact(listing: Listing) -> bool:
    return bool(listing.owner.is_active and listing.owner.email)


def send(
    listing: Listing,
    data: Mapping[str, Any],
    *,
    user: Any,
    ip: str,
    absolute_url: Callable[[str], str],
) -> None:
    """Check the message and email it to the therapist, or raise RejectedError (with the
    form's errors) or LimitedError."""
    form = ContactForm(data)
    form.is_valid()
    if needs_captcha(user):
        try:
            challenges.spend(data.get("challenge"), data.get("answer"))
        except captcha.CaptchaError as error:
            form.add_error("answer", error.message)
    if not can_contact(listing):
        form.add_error(None, "This therapist cannot be contacted through hiphub at the moment.")
    if form.errors:
        raise RejectedError(form)
    if not throttle.allow(
        "directory_contact_address", ip or "unknown", limit=CONTACT_PER_ADDRESS, per=ADDRESS_WINDOW
    ):
        raise LimitedError(
            "You have sent several messages in the last hour. Please wait an hour before "
            "sending another."
        )
    if not throttle.allow(
        "directory_contact_listing", str(listing.pk), limit=CONTACT_PER_LISTING, per=LISTING_WINDOW
    ):
        raise LimitedError(
            "This therapist has had many messages through hiphub today. Please try again "
            "tomorrow, or use the phone number or website on their listing if they give one."
        )
    cleaned = form.cleaned_data
    body = render_to_string(
        "directory/contact_email.txt",
        {
            "name": cleaned["name"],
            "email": cleaned["email"],
            "message": cleaned["message"],
            "site_name": settings.SITE_NAME,
            "listing_url": absolute_url(reverse("directory:listing", args=[listing.pk])),
        },
    )
    EmailMessage(
        subject=f"{settings.SITE_NAME}: a message from {cleaned['name']}",
        body=body,
        to=[listing.owner.email],
        reply_to=[formataddr((cleaned["name"], cleaned["email"]))],
    ).send()
