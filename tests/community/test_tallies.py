"""The running counts behind a thread's pages and a routine's summary (issue 16): kept by
every publish, moderation decision and deletion, checked and rebuilt by a command, and
cheap however large the community grows."""

import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiphub.accounts.models import Role, User
from hiphub.accounts.personal_data import erase
from hiphub.community import aggregate, listing, tallies
from hiphub.community.models import Post, RatingTally, Status, ThreadTally, delete_written_with
from tests.community.helpers import PAGE, PROTOCOL_PAGE
from tests.community.test_concurrency import THREADS, file_database  # noqa: F401 - a fixture
from tests.conftest import client_for, make_user

QUEUE = "/community/moderation/"
PAGE_THREAD = "page:hip-and-back"
ROUTINE = "positional_release"


def new_post(status: str = Status.PENDING, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "thread": PAGE_THREAD, "display_name": "Reader", "email": "r@example.net",
        "email_hash": "h", "text": "A calmer evening.", "ip_hash": "i", "status": status,
        "pain_before": 7, "pain_after": 3, "protocol": ROUTINE,
    }
    values.update(fields)
    return Post.add(**values)


def summary() -> dict[str, Any]:
    return listing.summary_for(ROUTINE).as_dict()


@pytest.mark.django_db
def test_every_change_a_moderator_or_poster_makes_keeps_the_counts_true(
    mo: User, alice: User, visitor: Client
) -> None:
    moderator = client_for(mo)
    first, second, third = (new_post(text=f"Report {i}") for i in range(3))
    assert listing.thread_state(PAGE_THREAD).top_level == 0 and summary()["count"] == 0

    moderator.post(QUEUE, {"action": "approve", "post": [first.pk, second.pk, third.pk]})
    assert listing.thread_state(PAGE_THREAD).top_level == 3
    assert summary()["count"] == 3
    assert "Report 2" in visitor.get(PAGE).content.decode()

    reply = new_post(Status.PUBLISHED, parent=first, text="Same here", pain_before=None)
    assert listing.thread_state(PAGE_THREAD).top_level == 3  # replies are not pages' items
    moderator.post(QUEUE, {"action": "reject", "post": [second.pk], "status": "published"})
    assert listing.thread_state(PAGE_THREAD).top_level == 2 and summary()["count"] == 2
    assert "Report 1" not in visitor.get(PAGE).content.decode()

    moderator.post(QUEUE, {"action": "delete", "post": [first.pk], "status": "published"})
    assert not Post.objects.filter(pk=reply.pk).exists()  # the reply went with it
    assert listing.thread_state(PAGE_THREAD).top_level == 1 and summary()["count"] == 1

    mine = new_post(Status.PUBLISHED, user=alice, email_hash="alice")
    written = new_post(Status.PUBLISHED, email_hash="walk-in")
    assert listing.thread_state(PAGE_THREAD).top_level == 3
    delete_written_with("walk-in")
    erase(alice)
    assert not Post.objects.filter(pk__in=[mine.pk, written.pk]).exists()
    assert listing.thread_state(PAGE_THREAD).top_level == 1 and summary()["count"] == 1
    assert tallies.differences() == []


@pytest.mark.django_db
def test_approving_twice_counts_once_and_a_pending_post_is_never_counted(mo: User) -> None:
    post = new_post()
    post.reject(mo)
    assert listing.thread_state(PAGE_THREAD).top_level == 0
    post.approve(mo)
    stale = Post.objects.get(pk=post.pk)
    stale.status = Status.PENDING  # what a second moderator's page still believes
    stale.approve(mo)
    assert listing.thread_state(PAGE_THREAD).top_level == 1 and summary()["count"] == 1


@pytest.mark.django_db
def test_a_report_on_the_education_page_moves_the_routine_page_on(mo: User) -> None:
    """A routine's page shows its summary, so a report of it published anywhere changes it."""
    routine_thread = f"protocol:{ROUTINE}"
    before = listing.thread_state(routine_thread).version
    new_post().approve(mo)
    assert listing.thread_state(routine_thread).version != before
    assert listing.thread_state(routine_thread).top_level == 0


@pytest.mark.django_db
def test_once_cached_the_pages_and_the_summary_read_no_post_rows(visitor: Client) -> None:
    """What a request costs must not grow with the community: the thread's pages, once
    rendered, and the routine's summary come from the tallies, never from the posts."""
    for i in range(30):
        new_post(Status.PUBLISHED, thread=f"protocol:{ROUTINE}", text=f"r{i}")
    for path in (PAGE, PROTOCOL_PAGE, f"/api/community/summary?protocol={ROUTINE}"):
        visitor.get(path)  # fills the caches
        with CaptureQueriesContext(connection) as counted:
            assert visitor.get(path).status_code == 200
        read = [q["sql"] for q in counted.captured_queries]
        assert not [sql for sql in read if '"community_post"' in sql], (path, read)


@pytest.mark.django_db
def test_the_command_finds_drift_and_rebuilds(capsys: Any, visitor: Client) -> None:
    Post.objects.bulk_create(  # an import that goes round the tallies
        Post(thread=PAGE_THREAD, display_name=f"R{i}", email="r@example.net", email_hash="h",
             text=f"Imported {i}", ip_hash="i", status=Status.PUBLISHED, protocol=ROUTINE,
             pain_before=8, pain_after=2)
        for i in range(4)
    )
    assert "Imported 3" not in visitor.get(PAGE).content.decode()
    with pytest.raises(CommandError, match="2 tallies disagree"):
        call_command("community_tallies")
    err = capsys.readouterr().err
    assert f"thread {PAGE_THREAD}: 0 top-level posts counted, 4 published" in err
    call_command("community_tallies", "--rebuild")
    assert "(2 were wrong)" in capsys.readouterr().out
    call_command("community_tallies")
    assert "Every tally agrees" in capsys.readouterr().out
    assert "Imported 3" in visitor.get(PAGE).content.decode()  # the cached page moved on
    assert summary()["count"] == 4


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), max_size=60))
def test_the_summary_from_counts_is_the_summary_of_every_report(
    pairs: list[tuple[int, int]],
) -> None:
    counted: dict[tuple[int, int], int] = {}
    for pair in pairs:
        counted[pair] = counted.get(pair, 0) + 1
    result = aggregate.summarize_counts(counted)
    assert result.count == len(pairs)
    if pairs:
        assert result.median_before == statistics.median(b for b, _ in pairs)
        assert result.median_after == statistics.median(a for _, a in pairs)
        assert result.improved == sum(1 for b, a in pairs if b - a >= 2)
        assert sum(result.changes.values()) == len(pairs)


def _at_once(work: Callable[[int], None]) -> None:
    def one(i: int) -> None:
        try:
            work(i)
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(one, range(THREADS)))


def _fresh(read: Callable[[], Any]) -> Any:
    """Read over a connection of its own (the test's may be another database on SQLite)."""

    def run() -> Any:
        try:
            return read()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_publishes_and_approvals_are_all_counted(
    file_database: None,  # noqa: F811 - the fixture
) -> None:
    moderator = _fresh(lambda: make_user("mo", Role.MODERATOR))
    held = _fresh(lambda: [new_post(text=f"Held {i}").pk for i in range(THREADS)])
    once = _fresh(lambda: new_post(text="Approved by everyone").pk)

    def publish(i: int) -> None:
        new_post(Status.PUBLISHED, text=f"Straight {i}")

    def approve(i: int) -> None:
        Post.objects.get(pk=held[i]).approve(moderator)

    def approve_the_same(i: int) -> None:
        Post.objects.get(pk=once).approve(moderator)

    for work in (publish, approve, approve_the_same):
        _at_once(work)
    published = 2 * THREADS + 1
    assert _fresh(lambda: listing.thread_state(PAGE_THREAD).top_level) == published
    assert _fresh(lambda: summary()["count"]) == published
    assert _fresh(lambda: RatingTally.objects.get().reports) == published
    assert _fresh(lambda: ThreadTally.objects.get(thread=PAGE_THREAD).version) == published
    assert _fresh(tallies.differences) == []
