"""Whole pages kept per worker for visitors who bring nothing of their own: no session cookie
(so not signed in, and no one-off message waiting) and no query string. Such a visitor gets
the same bytes as every other, so a page built only from reference data and settings is
rendered once per worker and then read from the cache.

A page with a form is never kept: asking for a CSRF token marks the request, and a marked
response is sent as rendered. community.pagecache does the same for pages whose discussion
changes, under the thread's version.
"""

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

# Reference pages change only with a new release, which restarts the workers; the timeout
# bounds the memory of pages nobody asks for any more.
TIMEOUT_SECONDS = 3600


def shareable(request: HttpRequest, query: Collection[str] = ()) -> bool:
    """Whether this request gets the same bytes as every other visitor's: GET or HEAD, no
    session cookie, and no query parameter other than those named in `query`."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= set(query)
    )


def keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether a rendered response may be served to other visitors: a 200 that sets no
    cookie and whose page asked for no CSRF token."""
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and isinstance(response, HttpResponse)
    )


def from_cache(
    request: HttpRequest, key: str, render: Callable[[], HttpResponseBase], timeout: int
) -> HttpResponseBase:
    """The body kept under `key`, or `render()`, kept when it may be (see `keepable`). The
    caller has checked that the request is `shareable`."""
    body = cache.get(key)
    if body is not None:
        response: HttpResponseBase = HttpResponse(body)
    else:
        response = render()
        if keepable(request, response):
            cache.set(key, response.content, timeout)  # type: ignore[attr-defined]
    # A signed-in member's copy of the same address differs: shared caches must not mix them.
    patch_vary_headers(response, ["Cookie"])
    return response


def for_visitors(view: View) -> View:
    """Serve a page that depends only on its address from the worker's cache to visitors
    who can share it (see `shareable`); everyone else gets it rendered."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not shareable(request):
            return view(request, *args, **kwargs)
        return from_cache(
            request,
            f"visitor-page:{request.path}",
            lambda: view(request, *args, **kwargs),
            TIMEOUT_SECONDS,
        )

    return wrapper  # type: ignore[return-value]
