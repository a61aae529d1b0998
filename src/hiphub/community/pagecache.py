"""Whole pages with a discussion (the education page, a routine's page) served from Django's
cache to visitors who bring nothing of their own: no session cookie (so not signed in and no
one-off message waiting) and no query but `?page=`. Such a page carries no per-visitor
token: its form fetches the single-use captcha question and a CSRF token when someone
starts writing (community.js and views.challenge), and without JavaScript a "Write a post"
link opens the page again at `?write=1`, rendered live with both in its form.

The cache key holds the thread's version (models.ThreadTally), which every publish,
moderation decision and deletion moves on in the same transaction, so a change shows at
once in every worker; reading it is one indexed row whatever the size of the community.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from hiphub.community import listing

# A version key is never reused, so this only bounds how long an unread entry takes memory.
TIMEOUT_SECONDS = 3600


def shareable(request: HttpRequest) -> bool:
    """Whether this request gets the same bytes as every other visitor's."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= {"page"}
    )


def serve(
    request: HttpRequest, thread: str, render: Callable[[bool], HttpResponse]
) -> HttpResponse:
    """The page from the cache when it can be shared, else `render(shared=False)`.
    `render(True)` must leave out everything personal (see thread_context)."""
    if not shareable(request):
        return render(False)
    state = listing.thread_state(thread)
    number = listing.page_number(request.GET.get("page"), state.top_level)
    key = f"community:page:{request.path}:{number}:{state.version}"
    body = cache.get(key)
    if body is None:
        response = render(True)
        if response.status_code == 200:
            cache.set(key, response.content, TIMEOUT_SECONDS)
    else:
        response = HttpResponse(body)
    # A signed-in member's copy of the same address differs: shared caches must not mix them.
    patch_vary_headers(response, ["Cookie"])
    return response
