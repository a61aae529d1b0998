"""`hiphub session` end to end through its prompts, with a fast clock for the countdown."""

import itertools

import pytest
from typer.testing import CliRunner

from hiphub.journal.models import JournalSession
from hiphub.screening.models import PreSessionCheck, SafetyCheck
from hiphub.screening.redflags import load
from hiphub.screening.safety import question_groups
from hiphub.selfcare import terminal
from hiphub.selfcare.protocol import get

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()
FLAG_COUNT = sum(len(g.flags) for g in question_groups())
PROTOCOL = get("positional_release")
STEPS = sum(1 for s in PROTOCOL.steps_for(PROTOCOL.default_variant.id) if s.id != "relax")


@pytest.fixture(autouse=True)
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count(step=30.0)  # every look at the clock moves it 30 s on
    monkeypatch.setattr(terminal, "CLOCK", lambda: next(ticks))


def typed(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def clean_check() -> list[str]:
    return ["n"] * FLAG_COUNT


def session_answers() -> list[str]:
    return ["7", "6", *[""] * STEPS, "4", "3", "y", "felt calmer"]


def test_member_session_is_saved_after_a_clean_check(cli_app, alice) -> None:
    result = runner.invoke(
        cli_app,
        ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*clean_check(), *session_answers()),
    )
    assert result.exit_code == 0, result.output
    session = JournalSession.objects.get(user=alice)
    assert (session.pain_before, session.pain_after, session.minutes) == (7, 4, 5)
    assert session.twitches is True and session.notes == "felt calmer"
    assert "Time is up" in result.output and "went down by 3" in result.output
    assert "-3" not in result.output
    assert SafetyCheck.objects.filter(user=alice).count() == 1


def test_a_recent_clean_check_is_not_asked_again(cli_app, alice) -> None:
    SafetyCheck.record(alice, [])
    result = runner.invoke(
        cli_app,
        ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*session_answers()),
    )
    assert result.exit_code == 0, result.output
    assert "still applies" in result.output
    assert JournalSession.objects.filter(user=alice).count() == 1


def test_after_a_session_the_member_answers_only_the_short_check(cli_app, alice) -> None:
    SafetyCheck.record(alice, [])
    first = runner.invoke(
        cli_app, ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*session_answers()),
    )
    assert first.exit_code == 0, first.output
    short = ["n"] * len(load().pre_session)
    second = runner.invoke(
        cli_app, ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*short, *session_answers()),
    )
    assert second.exit_code == 0, second.output
    assert "Anything new since then?" in second.output
    assert "First, a safety check" not in second.output
    assert JournalSession.objects.filter(user=alice).count() == 2
    assert PreSessionCheck.objects.filter(user=alice, yes=[]).count() == 1


def test_a_yes_on_the_short_check_asks_the_full_check(cli_app, alice) -> None:
    SafetyCheck.record(alice, [])
    runner.invoke(
        cli_app, ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*session_answers()),
    )
    short = ["y", *["n"] * (len(load().pre_session) - 1)]
    result = runner.invoke(
        cli_app, ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*short, "y", *["n"] * (FLAG_COUNT - 1)),
    )
    assert result.exit_code == terminal.BLOCKED_EXIT, result.output
    assert "something is new" in result.output and "First, a safety check" in result.output
    assert JournalSession.objects.filter(user=alice).count() == 1


def test_an_emergency_answer_stops_the_session(cli_app) -> None:
    answers = ["y", *["n"] * (FLAG_COUNT - 1)]  # the first question is saddle numbness
    result = runner.invoke(cli_app, ["session"], input=typed(*answers))
    assert result.exit_code == terminal.BLOCKED_EXIT
    assert "stays closed" in result.output
    assert "Pain now" not in result.output
    assert JournalSession.objects.count() == 0


def test_without_a_user_nothing_is_saved(cli_app) -> None:
    result = runner.invoke(
        cli_app, ["session", "--minutes", "5"], input=typed(*clean_check(), *session_answers())
    )
    assert result.exit_code == 0, result.output
    assert "Not saved" in result.output
    assert JournalSession.objects.count() == 0 and SafetyCheck.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minutes", "3"], "minutes must be between 5 and 60"),
        (["--protocol", "nope"], "nope"),
        (["--user", "nobody@example.org"], "no member with the email"),
    ],
)
def test_bad_options_exit_2(cli_app, args, message) -> None:
    result = runner.invoke(cli_app, ["session", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_space_pauses_and_q_quits(monkeypatch: pytest.MonkeyPatch) -> None:
    presses = iter([" ", None, " ", "q"])
    seen_paused: list[bool] = []

    def poll(self: terminal.Keys, timeout: float) -> str | None:
        return next(presses)

    original_toggle = terminal.Countdown.toggle

    def toggle(self: terminal.Countdown) -> None:
        original_toggle(self)
        seen_paused.append(self.paused)

    monkeypatch.setattr(terminal.Keys, "poll", poll)
    monkeypatch.setattr(terminal.Countdown, "toggle", toggle)
    assert terminal._relax(20 * 60, None).completed is False
    assert seen_paused == [True, False]


def test_quitting_early_asks_whether_to_save(cli_app, alice, monkeypatch) -> None:
    monkeypatch.setattr(terminal.Keys, "poll", lambda self, timeout: "q")
    SafetyCheck.record(alice, [])
    result = runner.invoke(
        cli_app,
        ["session", "--user", alice.email, "--minutes", "5"],
        input=typed("7", "6", *[""] * STEPS, "n"),
    )
    assert result.exit_code == 0, result.output
    assert "Nothing was saved" in result.output
    assert JournalSession.objects.count() == 0


def test_notes_with_a_nul_character_are_asked_again(cli_app, alice) -> None:
    SafetyCheck.record(alice, [])
    answers = session_answers()
    answers[-1] = "bad\x00paste"
    result = runner.invoke(
        cli_app,
        ["session", "--user", alice.email, "--minutes", "5"],
        input=typed(*answers, "calmer now"),
    )
    assert result.exit_code == 0, result.output
    assert "NUL character" in result.output
    assert JournalSession.objects.get(user=alice).notes == "calmer now"


def test_quitting_the_relaxation_saves_the_minutes_it_really_ran(cli_app, alice, monkeypatch):
    presses = iter([None, None, "q"])
    monkeypatch.setattr(terminal.Keys, "poll", lambda self, timeout: next(presses))
    SafetyCheck.record(alice, [])
    result = runner.invoke(
        cli_app,
        ["session", "--user", alice.email, "--minutes", "20"],
        input=typed("7", "6", *[""] * STEPS, "y", "5", "5", "n", ""),
    )
    assert result.exit_code == 0, result.output
    session = JournalSession.objects.get(user=alice)
    # The fast clock moves 30 s a look: the countdown ran a few minutes of the 20, not 20.
    assert session.planned_minutes == 20 and session.cut_short is True
    assert session.minutes is not None and session.minutes < 5
    assert f"You relaxed for {session.minutes} of the 20 minutes you chose." in result.output


@pytest.mark.parametrize("protocol_id", ["gentle_mobility", "hip_trunk_strength"])
def test_an_exercise_routine_runs_in_the_terminal_and_is_saved(cli_app, alice, protocol_id):
    SafetyCheck.record(alice, [])
    protocol = get(protocol_id)
    result = runner.invoke(
        cli_app,
        ["session", "--protocol", protocol_id, "--user", alice.email],
        input=typed("6", "5", *[""] * len(protocol.steps), "4", "5", "loosened up"),
    )
    assert result.exit_code == 0, result.output
    session = JournalSession.objects.get(user=alice)
    assert (session.protocol, session.pain_before, session.pain_after) == (protocol_id, 6, 4)
    assert session.done_steps == [s.id for s in protocol.exercises]
    assert session.cut_short is False and session.notes == "loosened up"
    for step in protocol.exercises:
        assert step.dose is not None and step.dose.words() in " ".join(result.output.split())
    assert "Pain went down by 2 (6 → 4)." in result.output


def test_a_skipped_exercise_marks_the_routine_cut_short(cli_app, alice) -> None:
    SafetyCheck.record(alice, [])
    protocol = get("hip_trunk_strength")
    answers = ["s" if s.id == "bridges" else "" for s in protocol.steps]
    result = runner.invoke(
        cli_app,
        ["session", "--protocol", protocol.id, "--user", alice.email],
        input=typed("6", "5", *answers, "5", "5", ""),
    )
    assert result.exit_code == 0, result.output
    session = JournalSession.objects.get(user=alice)
    assert "bridges" not in session.done_steps and session.cut_short is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minutes", "20"], "--minutes: 'Gentle mobility for the low back and hips' is an"),
        (["--variant", "knees_up"], "--variant:"),
        (["--audio"], "--audio: the guided relaxation audio is for the rest routines."),
    ],
)
def test_exercise_routines_refuse_rest_options(cli_app, args, message) -> None:
    result = runner.invoke(cli_app, ["session", "--protocol", "gentle_mobility", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
