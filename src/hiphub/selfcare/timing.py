"""How long a session really lasted. Pure: the numbers come from times the server signed
(see clock.py), and what a browser reports can only shorten them, never lengthen them.

A person who skips to the end of a 20-minute relaxation after a few seconds has relaxed for 0
minutes, and the journal says so and marks the session cut short.
"""

from dataclasses import dataclass

# A countdown that ran to its end is "not cut short" even if the server's clock, started a
# moment after the browser's, counts a few seconds less.
GRACE_SECONDS = 5.0
MAX_MINUTES = 240


@dataclass(frozen=True)
class Spent:
    minutes: int
    cut_short: bool


def relaxation(chosen_minutes: int, server_seconds: float, reported_seconds: float | None) -> Spent:
    """Minutes spent relaxing: the time since the server saw the relaxation start (or the page
    open), lowered to what the browser's countdown reports when it reports less, and never
    more than the length chosen. A session short of its length by more than a few seconds is
    cut short, and then counts whole minutes only (3 seconds is 0 minutes)."""
    planned = chosen_minutes * 60.0
    seconds = min(planned, max(0.0, server_seconds))
    if reported_seconds is not None:
        seconds = min(seconds, max(0.0, reported_seconds))
    if seconds >= planned - GRACE_SECONDS:
        return Spent(chosen_minutes, cut_short=False)
    return Spent(int(seconds // 60), cut_short=True)


def exercise(server_seconds: float, done: int, required: int) -> Spent:
    """Minutes from the start of the exercises to the end, by the server's clock (whole
    minutes, at most four hours); cut short when a required exercise was not done."""
    minutes = min(MAX_MINUTES, int(max(0.0, server_seconds) // 60))
    return Spent(minutes, cut_short=done < required)
