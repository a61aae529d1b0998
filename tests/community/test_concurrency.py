"""The rate limit holds under real concurrency: each thread has its own database connection.

On SQLite the test database normally lives in memory with a shared cache, where a second
writer fails at once ("database table is locked") instead of waiting as it does on the file
the site uses; so these tests copy it to a file first (`file_database`).
"""

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from hiphub.community import captcha
from hiphub.community.models import Post
from tests.community.helpers import form_data

THREADS = 20


@pytest.fixture
def file_database(tmp_path: Any) -> Any:
    """On SQLite, point new connections at a file copy of the test database for this test.

    The test's own connection stays on the in-memory database (closing it would destroy
    that), so read results with `stored_posts()`, which asks from a thread of its own.
    """
    if connection.vendor != "sqlite":
        yield
        return
    settings = connections.settings["default"]  # the dict every new connection is made from
    memory = settings["NAME"]
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = memory


def stored_posts() -> int:
    """How many posts are stored, read over a fresh connection (see `file_database`)."""

    def count() -> int:
        try:
            return Post.objects.count()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(count).result()


def _together(send: Any) -> list[int]:
    """Run `send(i)` in 20 threads released at the same instant; their status codes."""
    Client().get("/api/community/captcha")  # load the URLs and views first, not in the race
    barrier = threading.Barrier(THREADS)

    def one(i: int) -> int:
        try:
            barrier.wait()
            return int(send(i))
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def _token() -> str:
    # Issued 10 s ago, so the minimum fill time has passed without waiting.
    return captcha.make_challenge(now=time.time() - 10).token


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_api_posts_from_one_address_store_exactly_five(
    file_database: None,
) -> None:
    bodies = []
    for i in range(THREADS):
        body = form_data(_token(), email=f"poster{i}@example.net")
        body["answer"] = int(body["answer"])
        bodies.append(json.dumps(body))

    def send(i: int) -> int:
        client = Client(REMOTE_ADDR="198.51.100.7")
        return client.post(
            "/api/community/posts", bodies[i], content_type="application/json"
        ).status_code

    codes = _together(send)
    assert stored_posts() == 5
    assert sorted(codes) == [201] * 5 + [429] * 15


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_posts_with_one_email_from_many_addresses_store_exactly_five(
    file_database: None,
) -> None:
    forms = [form_data(_token(), email="same@example.net") for _ in range(THREADS)]

    def send(i: int) -> int:
        client = Client(REMOTE_ADDR=f"198.51.100.{i + 10}")
        return client.post("/community/post/", forms[i]).status_code

    codes = _together(send)
    assert stored_posts() == 5
    assert sorted(codes) == [302] * 5 + [429] * 15
