"""One throttle for outgoing email floods, shared by every worker through the database."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from hiphub.core import throttle
from hiphub.core.models import ThrottleBucket

HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("hits", "now", "allowed", "kept"),
    [
        ([], at(0), True, [at(0)]),
        ([at(0), at(10)], at(20), True, [at(0), at(10), at(20)]),
        ([at(0), at(10), at(20)], at(30), False, [at(0), at(10), at(20)]),
        # The window slides: an hour after the oldest use, one more is allowed.
        ([at(0), at(10), at(20)], at(60), True, [at(10), at(20), at(60)]),
        ([at(0), at(10), at(20)], at(59.9), False, [at(0), at(10), at(20)]),
        # A use stamped a moment later (another clock) still counts.
        ([at(0), at(10), at(20.01)], at(20), False, [at(0), at(10), at(20.01)]),
    ],
)
def test_decide(hits: list[datetime], now: datetime, allowed: bool, kept: list[datetime]) -> None:
    assert throttle.decide(hits, now, limit=3, per=HOUR) == (allowed, kept)


@pytest.mark.django_db
def test_three_an_hour_per_address_whatever_its_letter_case(frozen: Any) -> None:
    results = [
        throttle.allow("password_reset", email, limit=3, per=HOUR)
        for email in ["a@example.org", "A@Example.org", " a@example.org ", "a@example.org"]
    ]
    assert results == [True, True, True, False]
    # Another address, and another action for the same address, have their own count.
    assert throttle.allow("password_reset", "b@example.org", limit=3, per=HOUR)
    assert throttle.allow("confirm_email", "a@example.org", limit=3, per=HOUR)
    frozen.shift(3600)
    assert throttle.allow("password_reset", "a@example.org", limit=3, per=HOUR)


@pytest.mark.django_db
def test_only_a_salted_hash_of_the_address_is_stored() -> None:
    throttle.allow("password_reset", "alice@example.org", limit=3, per=HOUR)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ThrottleBucket._meta.db_table}")  # noqa: S608
        stored = repr(cursor.fetchall())
    assert "alice" not in stored
    assert throttle.key_for("password_reset", "alice@example.org") in stored


@pytest.mark.django_db
def test_purge_deletes_only_buckets_whose_window_has_passed(frozen: Any) -> None:
    throttle.allow("password_reset", "old@example.org", limit=3, per=HOUR)
    frozen.shift(1800)
    throttle.allow("password_reset", "new@example.org", limit=3, per=HOUR)
    frozen.shift(1801)
    assert throttle.purge_expired() == 1
    assert ThrottleBucket.objects.count() == 1


@pytest.mark.parametrize(("limit", "per"), [(0, HOUR), (3, timedelta(0))])
def test_a_limit_that_allows_nothing_is_a_programming_error(limit: int, per: timedelta) -> None:
    with pytest.raises(ValueError, match="limit"):
        throttle.allow("x", "y", limit=limit, per=per)


WORKER = """
import os, pathlib, sys, time
from datetime import timedelta

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "hiphub.settings"
django.setup()
from django.db import connection

from hiphub.core import throttle

connection.ensure_connection()
folder = pathlib.Path(sys.argv[1])
(folder / f"ready-{sys.argv[2]}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
print(throttle.allow("flood", "x@example.org", limit=3, per=timedelta(hours=1)))
"""


@pytest.mark.django_db(transaction=True)
def test_simultaneous_workers_cannot_slip_past_the_limit(tmp_path: Path) -> None:
    """Six processes, as gunicorn workers would be, ask at the same moment: exactly three
    are allowed, on SQLite (a file in the data folder) and on PostgreSQL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPHUB_", "DATABASE_"))}
    env["HIPHUB_DATA_DIR"] = str(tmp_path / "data")
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        subprocess.run(
            [sys.executable, "-m", "hiphub", "manage", "migrate", "core", "-v0"],
            env=env,
            check=True,
            timeout=600,
        )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), str(n)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < len(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()
    answers = [worker.communicate(timeout=600)[0].strip() for worker in workers]
    assert sorted(answers) == ["False"] * 3 + ["True"] * 3
