"""The fair test's operations: start one, find today's slot, log ratings, stop, and analyse.
The model holds the records, experiment.py the design and the statistics; this joins them,
for the web pages, the API and the PDF alike."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.journal.models import JournalSession
from hiphub.reports import experiment as design
from hiphub.reports.experiment import DesignError, FairTestResult, SlotRatings
from hiphub.reports.models import (
    AlreadyRunning,
    Condition,
    Experiment,
    ExperimentSlot,
    NotRunning,
    Status,
)
from hiphub.selfcare.protocol import Protocol, UnknownProtocolError, protocols
from hiphub.selfcare.protocol import get as get_protocol

__all__ = [
    "AlreadyRunning",
    "DesignError",
    "FairTestResult",
    "NotRunning",
    "RatingRefused",
    "condition_name",
    "current_for",
    "log_ratings",
    "result",
    "result_for",
    "start",
    "stop",
]


class RatingRefused(ValueError):
    """A rating given on the wrong day, or for a slot the test does not have."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def session_minutes(protocol: Protocol) -> int:
    """How long a session of the routine takes, and so how long its matching rest lasts."""
    return protocol.estimated_minutes if protocol.is_exercise else protocol.minutes.default


def _routine(field: str, protocol_id: str) -> Protocol:
    try:
        return get_protocol(protocol_id)
    except UnknownProtocolError:
        known = ", ".join(sorted(protocols()))
        raise DesignError(field, f"unknown routine {protocol_id!r}; known: {known}") from None


def condition_name(routine: str) -> str:
    """'the supported positional release rest', or 'a plain rest'."""
    if routine == design.REST:
        return "a plain rest"
    try:
        title = get_protocol(routine).title
    except UnknownProtocolError:
        return routine
    return "the " + title[:1].lower() + title[1:]


def start(
    user: User,
    *,
    routine_a: str,
    routine_b: str,
    weeks: int,
    weekdays: list[int],
    block_size: int | None = None,
    minutes: int | None = None,
    first_day: date | None = None,
) -> Experiment:
    """Check the choices (DesignError names the one at fault), draw the assignment and store
    it with every slot. AlreadyRunning if the member has a test running."""
    a = _routine("routine_a", routine_a)
    if routine_b != design.REST:
        _routine("routine_b", routine_b)
        if routine_b == routine_a:
            raise DesignError("routine_b", "choose a different routine, or a plain rest")
    chosen_block = design.check_design(weeks, weekdays, block_size)
    length = session_minutes(a) if minutes is None else minutes
    if not 1 <= length <= 120:
        raise DesignError("minutes", "must be 1 to 120 minutes")
    today = timezone.localdate()
    first = first_day or today
    if first < today or first > today + timedelta(days=28):
        raise DesignError("first_day", "must be today or within the next four weeks")
    _close_if_over(user, today)
    return Experiment.start(
        user, routine_a=a.id, routine_b=routine_b, minutes=length, weeks=weeks,
        weekdays=list(weekdays), block_size=chosen_block, first_day=first,
        seed=design.new_seed(), now=timezone.now(),
    )


def _close_if_over(user: User, today: date) -> None:
    for test in Experiment.objects.filter(user=user, status=Status.RUNNING):
        if test.is_due_to_finish(today):
            test.finish(timezone.now())


def current_for(user: User) -> Experiment | None:
    """The member's newest test (running, finished or stopped), if any."""
    return Experiment.objects.filter(user=user).first()


def get_for(user: User, experiment_id: int) -> Experiment | None:
    return Experiment.objects.filter(user=user, pk=experiment_id).first()


def slot_on(test: Experiment, day: date) -> ExperimentSlot | None:
    return test.slots.filter(day=day).first()


def log_ratings(test: Experiment, day: date, ratings: dict[str, int]) -> ExperimentSlot:
    """Store the ratings of the slot on `day`, each only in its window (see
    experiment.rating_refusal); nothing is stored if any of them is refused."""
    today = timezone.localdate()
    if test.state(today) != Status.RUNNING:  # (still running on the last slot's next morning)
        raise NotRunning
    slot = slot_on(test, day)
    if slot is None:
        raise RatingRefused("date", f"the test has no session planned on {day.isoformat()}")
    for name in ratings:
        refusal = design.rating_refusal(name, slot.day, today)
        if refusal:
            raise RatingRefused(name, refusal)
    if ratings:
        slot.rate(ratings, timezone.now())
    return slot


def stop(test: Experiment) -> None:
    test.stop(timezone.now())


def start_rest(test: Experiment, day: date) -> ExperimentSlot:
    """Note when today's rest slot began, for its timer."""
    today = timezone.localdate()
    slot = slot_on(test, day)
    if test.state(today) != Status.RUNNING:
        raise NotRunning
    if slot is None or slot.day != today or not _is_rest(test, slot):
        raise RatingRefused("date", "only today's rest session can be started")
    slot.start_rest(timezone.now())
    return slot


def _is_rest(test: Experiment, slot: ExperimentSlot) -> bool:
    return test.compares_with_rest and slot.condition == Condition.B


def routine_of(test: Experiment, slot: ExperimentSlot) -> str:
    return test.routine_a if slot.condition == Condition.A else test.routine_b


def todays_session(test: Experiment, slot: ExperimentSlot, user: User) -> JournalSession | None:
    """The guided session of the slot's routine done on the slot's day, if any; its ratings
    are offered in the slot's form (the person confirms them)."""
    routine = routine_of(test, slot)
    if routine == design.REST:
        return None
    zone = timezone.get_current_timezone()
    begins = datetime.combine(slot.day, time.min, tzinfo=zone)
    return (
        JournalSession.objects.filter(
            user=user, protocol=routine, started_at__gte=begins,
            started_at__lt=begins + timedelta(days=1),
        )
        .order_by("-started_at")
        .first()
    )


def result(test: Experiment) -> FairTestResult:
    slots = tuple(
        SlotRatings(s.condition, s.pain_before, s.pain_after, s.pain_morning)
        for s in test.slots.all()  # in position order
    )
    found = _analysed(
        slots, test.block_size, test.seed_number,
        condition_name(test.routine_a), condition_name(test.routine_b),
        test.status == Status.STOPPED,
    )
    return replace(found, lines=list(found.lines), comparisons=list(found.comparisons))


@lru_cache(maxsize=128)
def _analysed(
    slots: tuple[SlotRatings, ...], block_size: int, seed: int, name_a: str, name_b: str,
    stopped_early: bool,
) -> FairTestResult:
    """The analysis takes a few tenths of a second; the same ratings give the same result."""
    return design.analyse(slots, block_size, seed, name_a, name_b, stopped_early=stopped_early)


def result_for(user: User) -> FairTestResult | None:
    """The result of the member's newest finished or stopped test, for the PDF; None while
    it is still running or when there has been none."""
    today = timezone.localdate()
    for test in Experiment.objects.filter(user=user):
        if test.state(today) in (Status.FINISHED, Status.STOPPED):
            return result(test)
    return None


@dataclass(frozen=True)
class Progress:
    planned: int
    past: int  # slots whose day has come
    rated: int  # slots with at least one rating


def progress(test: Experiment, today: date) -> Progress:
    slots = list(test.slots.all())
    return Progress(
        planned=len(slots),
        past=sum(s.day <= today for s in slots),
        rated=sum(s.rated_at is not None for s in slots),
    )


def export_for(user: User) -> list[dict[str, Any]]:
    """Personal-data exporter (see accounts/personal_data.py): one dict per test."""
    return [t.as_record() for t in Experiment.objects.filter(user=user).order_by("created_at")]
