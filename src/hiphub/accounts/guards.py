"""The guards views share: "the signed-in member making this request", the moderator and the
therapist."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hiphub.accounts.models import User


def member_of(request: HttpRequest) -> User:
    """The signed-in member, for views that `login_required` (or the API's `django_auth`)
    has already let through; anyone else gets a 403 rather than someone else's data."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def moderator_of(request: HttpRequest) -> User:
    """The signed-in moderator, for views behind `login_required`; any other user gets a 403."""
    user = member_of(request)
    if not user.is_moderator:
        raise PermissionDenied("This page is for moderators only.")
    return user


def therapist_of(request: HttpRequest) -> User:
    """The signed-in therapist, for views behind `login_required`; any other user gets a 403."""
    user = member_of(request)
    if not user.is_therapist:
        raise PermissionDenied("This page is for therapists only.")
    return user
