"""The gate as a pure rule (screening/gate.py): checks in, decision out. No database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from hiphub.screening.gate import (
    CHECK_COVERS,
    CLEARANCE_VALID,
    FULL_CHECK_VALID,
    REASON_BLOCKED,
    REASON_NO_CHECK,
    REASON_OPEN,
    REASON_PRE_SESSION,
    REASON_SOMETHING_NEW,
    Clearance,
    FullCheck,
    GateInput,
    Needs,
    PreSessionCheck,
    decide,
    may_save,
    refusal,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def ago(**kwargs: float) -> datetime:
    return NOW - timedelta(**kwargs)


def full(at: datetime, *flags: str) -> FullCheck:
    return FullCheck(at, tuple(flags))


def test_no_check_needs_the_full_check() -> None:
    gate = decide(GateInput(), NOW)
    assert (gate.open, gate.needs, gate.reason) == (False, Needs.FULL_CHECK, REASON_NO_CHECK)
    assert gate.level is None and gate.checked_at is None and not gate.blocked


@pytest.mark.parametrize(
    ("flags", "level"),
    [((), "self_care"), (("not_improving_4_6_weeks",), "see_gp_soon")],
)
def test_a_fresh_clean_check_opens_the_gate(flags: tuple[str, ...], level: str) -> None:
    gate = decide(GateInput(full(ago(minutes=5), *flags)), NOW)
    assert (gate.open, gate.level, gate.reason, gate.needs) == (True, level, REASON_OPEN, None)
    assert gate.checked_at == ago(minutes=5)
    assert gate.closes_at == ago(minutes=5) + CHECK_COVERS


@pytest.mark.parametrize(
    ("flags", "level"),
    [
        (("saddle_numbness",), "emergency"),
        (("urinary_retention_or_poor_stream",), "emergency"),
        (("new_unsteady_walking",), "emergency"),
        (("progressive_one_sided_leg_symptoms",), "urgent_same_day"),
        (("night_or_rest_pain", "age_over_50_new_onset"), "urgent_same_day"),
    ],
)
def test_blocking_signs_close_the_gate_however_old(flags: tuple[str, ...], level: str) -> None:
    for age in (timedelta(minutes=1), FULL_CHECK_VALID * 3):
        gate = decide(GateInput(full(NOW - age, *flags)), NOW)
        assert (gate.open, gate.blocked, gate.level) == (False, True, level)
        assert gate.reason == REASON_BLOCKED and gate.needs is None


def test_a_clean_check_lasts_28_days_to_the_second() -> None:
    at = NOW - FULL_CHECK_VALID
    # Exactly 28 days old still counts (a short check answered just now covers the session).
    inputs = GateInput(full(at), PreSessionCheck(ago(minutes=1), ()))
    assert decide(inputs, NOW).open
    late = decide(inputs, NOW + timedelta(seconds=1))
    assert (late.open, late.needs, late.reason) == (False, Needs.FULL_CHECK, REASON_NO_CHECK)
    assert late.level == "self_care" and not late.blocked


def test_the_full_check_covers_one_session_within_12_hours() -> None:
    check = full(NOW - CHECK_COVERS)
    assert decide(GateInput(check), NOW).open  # exactly 12 hours: still covered
    gate = decide(GateInput(check), NOW + timedelta(seconds=1))
    assert (gate.open, gate.needs, gate.reason) == (
        False,
        Needs.PRE_SESSION_CHECK,
        REASON_PRE_SESSION,
    )


def test_a_session_since_the_check_asks_for_the_short_check() -> None:
    check = full(ago(hours=2))
    assert not decide(GateInput(check, session_starts=(ago(hours=3),)), NOW).needs
    for started in (ago(hours=2), ago(hours=1)):  # at or after the check
        gate = decide(GateInput(check, session_starts=(started,)), NOW)
        assert (gate.open, gate.needs) == (False, Needs.PRE_SESSION_CHECK)


def test_a_clean_short_check_opens_the_next_session() -> None:
    inputs = GateInput(
        full(ago(days=10)),
        PreSessionCheck(ago(minutes=3), ()),
        session_starts=(ago(days=2),),
    )
    gate = decide(inputs, NOW)
    assert gate.open and gate.closes_at == ago(minutes=3) + CHECK_COVERS
    # ...once: a session started after it uses it up.
    used = GateInput(inputs.full, inputs.pre_session, session_starts=(ago(minutes=1),))
    assert decide(used, NOW).needs == Needs.PRE_SESSION_CHECK


def test_the_gate_closes_at_whichever_comes_first() -> None:
    at = NOW - FULL_CHECK_VALID + timedelta(hours=1)
    inputs = GateInput(full(at), PreSessionCheck(ago(minutes=1), ()))
    assert decide(inputs, NOW).closes_at == at + FULL_CHECK_VALID


def test_a_yes_to_the_short_check_needs_the_full_check_again() -> None:
    inputs = GateInput(full(ago(days=3)), PreSessionCheck(ago(minutes=1), ("fever_or_unwell",)))
    gate = decide(inputs, NOW)
    assert (gate.open, gate.needs, gate.reason) == (False, Needs.FULL_CHECK, REASON_SOMETHING_NEW)
    # A newer full check answers it.
    assert decide(GateInput(full(NOW), inputs.pre_session), NOW).open


def test_a_short_check_older_than_the_full_check_is_ignored() -> None:
    inputs = GateInput(full(ago(hours=1)), PreSessionCheck(ago(hours=2), ("fall_or_injury",)))
    assert decide(inputs, NOW).open


def test_a_short_check_at_the_same_moment_as_the_full_check_counts() -> None:
    inputs = GateInput(full(ago(hours=1)), PreSessionCheck(ago(hours=1), ("fall_or_injury",)))
    assert decide(inputs, NOW).reason == REASON_SOMETHING_NEW


def clearance(*flags: str, assessed: date = TODAY) -> Clearance:
    return Clearance(tuple(flags), assessed)


def test_a_cleared_history_flag_alone_opens_the_gate() -> None:
    check = full(ago(minutes=5), "history_of_cancer")
    assert decide(GateInput(check), NOW).blocked
    gate = decide(GateInput(check, clearances=(clearance("history_of_cancer"),)), NOW)
    assert gate.open and not gate.blocked
    assert gate.level == "urgent_same_day"  # the answers still say what they said
    assert gate.cleared == ("history_of_cancer",)


def test_an_emergency_flag_can_never_be_cleared() -> None:
    check = full(ago(minutes=5), "saddle_numbness")
    gate = decide(GateInput(check, clearances=(clearance("saddle_numbness"),)), NOW)
    assert gate.blocked and gate.cleared == ()


def test_a_flag_that_is_not_history_cannot_be_cleared() -> None:
    check = full(ago(minutes=5), "fever_or_systemically_unwell")
    gate = decide(GateInput(check, clearances=(clearance("fever_or_systemically_unwell"),)), NOW)
    assert gate.blocked


def test_clearance_covers_only_its_own_flags() -> None:
    check = full(ago(minutes=5), "history_of_cancer", "infection_risk")
    gate = decide(GateInput(check, clearances=(clearance("history_of_cancer"),)), NOW)
    assert gate.blocked and gate.cleared == ("history_of_cancer",)


def test_clearance_lapses_six_months_after_the_assessment() -> None:
    check = full(ago(minutes=5), "fracture_risk_minor_trauma")
    edge = TODAY - CLEARANCE_VALID
    on_the_edge = (clearance("fracture_risk_minor_trauma", assessed=edge),)
    assert decide(GateInput(check, clearances=on_the_edge), NOW).open
    a_day_late = (clearance("fracture_risk_minor_trauma", assessed=edge - timedelta(days=1)),)
    assert decide(GateInput(check, clearances=a_day_late), NOW).blocked


def test_saving_needs_the_gate_open_when_the_session_started() -> None:
    started = ago(minutes=40)
    inputs = GateInput(full(ago(minutes=50)))
    assert may_save(inputs, started, NOW).open
    # A session started before any check cannot be saved once the gate has closed again...
    stale = GateInput(full(ago(minutes=30)), session_starts=(ago(minutes=20),))
    assert not may_save(stale, started, NOW).open
    # ...but may while the gate is open now (saving it is as good as starting one now).
    assert may_save(GateInput(full(ago(minutes=30))), started, NOW).open
    # A check that grew old during a long session keeps the ratings.
    long = GateInput(full(NOW - CHECK_COVERS - timedelta(minutes=30)))
    assert may_save(long, ago(minutes=40), NOW).open


def test_saving_is_refused_after_a_blocking_check_during_the_session() -> None:
    inputs = GateInput(full(ago(minutes=5), "chest_pain"))
    gate = may_save(inputs, ago(minutes=40), NOW)
    assert gate.blocked and not gate.open


def test_an_earlier_session_since_the_check_uses_it_up_for_a_backdated_one() -> None:
    inputs = GateInput(full(ago(hours=3)), session_starts=(ago(hours=2), ago(minutes=10)))
    assert not may_save(inputs, ago(hours=1), NOW).open
    assert may_save(inputs, ago(hours=2, minutes=30), NOW).open


@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        (GateInput(), "no recent safety check"),
        (GateInput(full(ago(minutes=1), "chest_pain")), "need a doctor"),
        (GateInput(full(ago(hours=13))), "short check"),
        (
            GateInput(full(ago(hours=1)), PreSessionCheck(ago(minutes=1), ("new_unsteadiness",))),
            "something new",
        ),
    ],
)
def test_refusals_say_why_and_that_nothing_was_saved(inputs: GateInput, words: str) -> None:
    text = refusal(decide(inputs, NOW))
    assert words in text and "not saved" in text


# --- Saving a session: what "as the session started" means (gate.as_of) -------------------
# Each row: the inputs, when the session started, and whether its ratings may be saved now.
# `now` is NOW; in each row the gate is closed now for a reason other than a blocking sign,
# so the answer depends on the gate as it stood when the session started.


def _long_session_rows() -> list[tuple[str, GateInput, datetime, bool]]:
    return [
        (
            # The full check in the same second as the start covers the session.
            "full check at the very moment the session started",
            GateInput(full(ago(hours=13))),
            ago(hours=13),
            True,
        ),
        (
            # A clean short check covered the session, which used it up; 13 hours later the
            # ratings are still saved.
            "short check used up by this very session",
            GateInput(
                full(ago(days=10)),
                PreSessionCheck(ago(hours=14), ()),
                session_starts=(ago(hours=13, minutes=30),),
            ),
            ago(hours=13, minutes=30),
            True,
        ),
        (
            "short check in the same second as the start",
            GateInput(full(ago(days=10)), PreSessionCheck(ago(hours=13), ())),
            ago(hours=13),
            True,
        ),
        (
            # A "yes" on a short check answered after the session started needs a new full
            # check for the next session, but costs this one nothing: it was not a blocking
            # sign.
            "something new told after the session started",
            GateInput(full(ago(hours=2)), PreSessionCheck(ago(minutes=10), ("new_unsteadiness",))),
            ago(hours=1),
            True,
        ),
        (
            # Another session recorded with the same start (the same session sent twice) is not
            # an earlier session that used the check up.
            "a session recorded with the same start",
            GateInput(full(ago(hours=13)), session_starts=(ago(hours=12, minutes=30),)),
            ago(hours=12, minutes=30),
            True,
        ),
        (
            # A clinician's clearance still counts when looking back to the start.
            "a cleared history flag, looked at as the session started",
            GateInput(
                full(ago(hours=13), "history_of_cancer"),
                clearances=(clearance("history_of_cancer"),),
            ),
            ago(hours=12, minutes=30),
            True,
        ),
        (
            "a session started before any check",
            GateInput(full(ago(hours=13))),
            ago(hours=13, seconds=1),
            False,
        ),
        (
            "a short check answered a second after the start does not cover it",
            GateInput(full(ago(days=10)), PreSessionCheck(ago(hours=13), ())),
            ago(hours=13, seconds=1),
            False,
        ),
    ]


@pytest.mark.parametrize(
    ("inputs", "started", "saved"),
    [row[1:] for row in _long_session_rows()],
    ids=[row[0] for row in _long_session_rows()],
)
def test_a_long_session_is_saved_when_the_gate_was_open_as_it_started(
    inputs: GateInput, started: datetime, saved: bool
) -> None:
    assert not decide(inputs, NOW).open  # closed now: the start decides
    gate = may_save(inputs, started, NOW)
    assert gate.open is saved
    if not saved:
        assert "not saved" in refusal(gate)


# Every refusal word for word: these sentences are what the journal shows when a session
# cannot be saved.
@pytest.mark.parametrize(
    ("inputs", "text"),
    [
        (
            GateInput(),
            "There is no recent safety check, so this session was not saved. Please answer the "
            "safety check before a session.",
        ),
        (
            GateInput(full(ago(days=29))),
            "There is no recent safety check, so this session was not saved. Please answer the "
            "safety check before a session.",
        ),
        (
            GateInput(full(ago(minutes=1), "chest_pain")),
            "Your latest safety check found signs that need a doctor before self-care, so this "
            "session was not saved. Please follow the advice of that check.",
        ),
        (
            GateInput(full(ago(hours=13))),
            "Each session needs the short check that nothing new has happened, answered before "
            "it starts. This session was not saved.",
        ),
        (
            GateInput(full(ago(hours=1)), PreSessionCheck(ago(minutes=1), ("new_unsteadiness",))),
            "You told us something new has happened since your safety check, so the full check "
            "is needed again. This session was not saved.",
        ),
    ],
)
def test_refusals_word_for_word(inputs: GateInput, text: str) -> None:
    assert refusal(decide(inputs, NOW)) == text
