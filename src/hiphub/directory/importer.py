"""`hiphub directory import FILE.json`: listings moved over from an existing register.

The file is a JSON list of listings in the API's shape (ListingIn) plus `email`, the owning
therapist's account (created when missing). Every entry is checked before anything is
written; one bad entry and nothing is imported, with each problem named by entry and field.

A created account has a random password nobody knows: the therapist takes the listing over
by choosing a password through "Forgot your password?", which also confirms the address.
The listings count as confirmed on the day of the import.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from pydantic import ValidationError

from hiphub.accounts.models import Role, User
from hiphub.directory.editing import LocationError, details_from
from hiphub.directory.models import Listing, ListingDetails
from hiphub.directory.schemas import ListingIn, field_errors

MAX_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 20000
MAX_ERRORS = 50


class ImportFileError(ValueError):
    """Nothing was imported; `errors` names each problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Imported:
    listings: int
    accounts_created: int


def parse(raw: bytes) -> list[Any]:
    if len(raw) > MAX_BYTES:
        raise ImportFileError([f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileError(["the file is not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise ImportFileError([f"not valid JSON: {exc.msg} at line {exc.lineno}"]) from None
    if not isinstance(data, list):
        raise ImportFileError(["the file must hold a JSON list of listings: [{...}, {...}]"])
    if not data:
        raise ImportFileError(["the list is empty"])
    if len(data) > MAX_ENTRIES:
        raise ImportFileError([f"at most {MAX_ENTRIES:,} listings per file"])
    return data


def _label(index: int, entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"entry {index + 1}" + (f" ({name!r})" if isinstance(name, str) and name else "")


def _check(
    index: int, entry: Any, seen: dict[str, int], errors: list[str]
) -> tuple[str, ListingDetails] | None:
    label = _label(index, entry)
    if not isinstance(entry, dict):
        errors.append(f"{label}: must be an object with the listing's fields")
        return None
    fields = dict(entry)
    email = fields.pop("email", None)
    bad = False
    if not isinstance(email, str) or not email.strip():
        errors.append(f"{label}, field email: the owning therapist's email is required")
        bad = True
    else:
        email = email.strip().lower()
        try:
            validate_email(email)
        except DjangoValidationError:
            errors.append(f"{label}, field email: {email!r} is not an email address")
            bad = True
        else:
            if email in seen:
                errors.append(
                    f"{label}, field email: {email!r} already owns entry {seen[email] + 1}; "
                    "each therapist has one listing"
                )
                bad = True
            seen.setdefault(email, index)
            owner = User.objects.filter(email__iexact=email).first()
            if owner is not None and owner.role == Role.MODERATOR:
                errors.append(f"{label}, field email: {email!r} is a moderator's account")
                bad = True
            elif owner is not None and Listing.objects.filter(owner=owner).exists():
                errors.append(
                    f"{label}, field email: {email!r} already has a listing; an import only "
                    "adds new ones"
                )
                bad = True
    try:
        data = ListingIn.model_validate(fields)
    except ValidationError as exc:
        for field, message in field_errors(exc).items():
            errors.append(f"{label}, field {field}: {message}")
        return None
    try:
        details = details_from(data)
    except LocationError as exc:
        errors.append(f"{label}, field {exc.field}: {exc.message}")
        return None
    return None if bad else (str(email), details)


def import_listings(entries: list[Any], today: date) -> Imported:
    """Check every entry, then create all of them in one transaction, or none."""
    errors: list[str] = []
    checked: list[tuple[str, ListingDetails]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        found = _check(index, entry, seen, errors)
        if found is not None:
            checked.append(found)
        if len(errors) >= MAX_ERRORS:
            errors.append("(stopped after this many errors)")
            break
    if errors:
        raise ImportFileError(errors)
    created = 0
    with transaction.atomic():
        for email, details in checked:
            owner = User.objects.filter(email__iexact=email).first()
            if owner is None:
                owner = User.objects.create_user(
                    email, password=secrets.token_urlsafe(32), role=Role.THERAPIST
                )
                created += 1
            elif owner.role != Role.THERAPIST:
                owner.become_therapist()
            Listing.create_for(owner, details, today)
    return Imported(listings=len(checked), accounts_created=created)
