"""The one guard views share for "the signed-in member making this request"."""

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
