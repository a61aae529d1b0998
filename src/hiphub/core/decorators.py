"""View decorators shared by every app."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def read_only(view: View) -> View:
    """A page that only reads: GET and HEAD are allowed, anything else gets a friendly 405.
    CSRF checking is skipped because such a view never changes anything, so a stray POST
    is told the method is wrong instead of that a form expired."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    return csrf_exempt(require_safe(wrapper))  # type: ignore[return-value]
