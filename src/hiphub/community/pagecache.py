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

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from hiphub.community import listing
from hiphub.core.pagecache import from_cache, shareable

# A version key is never reused, so this only bounds how long an unread entry takes memory.
TIMEOUT_SECONDS = 3600


def serve(
    request: HttpRequest, thread: str, render: Callable[[bool], HttpResponse]
) -> HttpResponseBase:
    """The page from the cache when it can be shared, else `render(shared=False)`.
    `render(True)` must leave out everything personal (see thread_context)."""
    if not shareable(request, query=("page",)):
        return render(False)
    state = listing.thread_state(thread)
    number = listing.page_number(request.GET.get("page"), state.top_level)
    key = f"community:page:{request.path}:{number}:{state.version}"
    return from_cache(request, key, lambda: render(True), TIMEOUT_SECONDS)
