"""Reading what the community has published: pages of a thread, its version for the render
cache, the post a reply link points at, a routine's summary and the moderators' count."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from hiphub.community import aggregate
from hiphub.community.models import Post, RatingTally, ThreadTally
from hiphub.core.parsing import object_id

PER_PAGE = 20


class _CountedPaginator(Paginator):
    """A paginator told how many items there are, so it need not count them again."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def page_number(raw: str | None, count: int) -> int:
    """The page a `?page=` asks for, kept within the pages there are (as Paginator.get_page)."""
    pages = max(1, -(-count // PER_PAGE))
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), pages)


def thread_page(thread: str, number: int | str | None = 1, count: int | None = None) -> Page:
    """Published top-level posts, newest first, each with its published replies. Pass
    `count` (from thread_state) to spare the paginator its own counting query."""
    posts = (
        Post.objects.published()
        .filter(thread=thread, parent__isnull=True)
        .prefetch_related(
            Prefetch("replies", queryset=Post.objects.published().order_by("created_at", "id"))
        )
    )
    paginator = (
        Paginator(posts, PER_PAGE) if count is None else _CountedPaginator(posts, PER_PAGE, count)
    )
    return paginator.get_page(number)


@dataclass(frozen=True)
class ThreadState:
    top_level: int  # published top-level posts: what the pages count
    version: str  # changes whenever what the thread shows could change


def thread_state(thread: str) -> ThreadState:
    """The page count and the version that is part of the cache keys of a thread's rendered
    posts: one row of the thread's tally (models.ThreadTally), kept up to date by every
    publish, moderation decision and deletion, so the cost does not grow with the thread.
    It comes from the database, so every worker process agrees."""
    top_level, version = ThreadTally.state(thread)
    return ThreadState(top_level, str(version))


def reply_target(thread: str, raw: str | None) -> Post | None:
    """The published top-level post a `?reply=<id>` link points at, if it is in this thread."""
    post_id = object_id(raw)
    if post_id is None:
        return None
    return Post.objects.published().filter(thread=thread, parent__isnull=True, pk=post_id).first()


def summary_for(protocol_id: str) -> aggregate.Summary:
    """From the routine's rating tallies (at most 121 rows), not from every report."""
    rows = RatingTally.objects.filter(protocol=protocol_id, reports__gt=0)
    return aggregate.summarize_counts(
        {(b, a): n for b, a, n in rows.values_list("pain_before", "pain_after", "reports")}
    )


def pending_count() -> int:
    """Posts waiting for a moderator (shown in the moderators' navigation)."""
    return Post.objects.pending().count()


def published_counts() -> dict[str, int]:
    """Published reports (top-level posts) in each thread, by thread key, for the reports
    index: read from the threads' running tallies, one small row each, so the page costs the
    same with 100,000 reports as with 500."""
    return dict(ThreadTally.objects.values_list("thread", "top_level"))
