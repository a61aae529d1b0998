"""How long a session really lasted: the server's clock, lowered by the browser's count."""

import pytest

from hiphub.selfcare import timing
from hiphub.selfcare.timing import Spent


@pytest.mark.parametrize(
    ("chosen", "server", "reported", "expected"),
    [
        (20, 3, 3, Spent(0, cut_short=True)),  # skipped to the end after 3 seconds
        (20, 3, None, Spent(0, cut_short=True)),  # no script: the server's count alone
        (20, 1210, 1200, Spent(20, cut_short=False)),  # ran to the end
        (20, 1198, 1200, Spent(20, cut_short=False)),  # the server's stamp came a moment late
        (20, 3000, None, Spent(20, cut_short=False)),  # a long rest is capped at the length
        (20, 150, 1200, Spent(2, cut_short=True)),  # the page cannot claim more than it was open
        (20, 900, 400, Spent(6, cut_short=True)),  # paused: the countdown ran less than the clock
        (20, 119, None, Spent(1, cut_short=True)),
        (5, -4, None, Spent(0, cut_short=True)),  # a clock that went backwards counts as nothing
        (20, 1195, None, Spent(20, cut_short=False)),  # 5 seconds short: still the whole
        (20, 1194.5, None, Spent(19, cut_short=True)),  # 5.5 seconds short: cut short
        (20, 120, None, Spent(2, cut_short=True)),  # two whole minutes
        (20, 1200, -3, Spent(0, cut_short=True)),  # a countdown that reports less than nothing
    ],
)
def test_relaxation_minutes(chosen, server, reported, expected) -> None:
    assert timing.relaxation(chosen, server, reported) == expected


@pytest.mark.parametrize(
    ("server", "done", "required", "expected"),
    [
        (14 * 60 + 30, 5, 5, Spent(14, cut_short=False)),
        (240, 2, 5, Spent(4, cut_short=True)),
        (10**6, 4, 4, Spent(240, cut_short=False)),
        (120, 3, 3, Spent(2, cut_short=False)),  # two whole minutes
        (-30, 0, 3, Spent(0, cut_short=True)),  # a clock that went backwards counts as nothing
        (240 * 60 + 59, 1, 0, Spent(240, cut_short=False)),  # four hours is the most
        (300, 0, 0, Spent(5, cut_short=False)),  # nothing required: never cut short
    ],
)
def test_exercise_minutes(server, done, required, expected) -> None:
    assert timing.exercise(server, done, required) == expected
