"""`hiphub session`: the guided routine in a terminal, reading the same protocol file as the web.

Safety check first (a member's recent check counts), ratings before, equipment and step
cues, a live countdown (space pauses, q quits and asks whether to save), optional audio through
sox's `play`, ratings after, then a summary, saved to a member's journal with `--user`.
An exercise routine runs each exercise with a timer per hold or repetition and a rest between
sets (space pauses, s skips the exercise, q stops). The journal gets the minutes the countdown
really ran, and whether the session was cut short.
"""

import select
import shutil
import signal
import subprocess
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.live import Live
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.table import Table
from rich.text import Text

from hiphub.cli import console, fail, member_by_email, setup_django
from hiphub.core.wording import change_phrase, change_words
from hiphub.selfcare import timing
from hiphub.selfcare.countdown import Countdown, mmss

if TYPE_CHECKING:
    from hiphub.selfcare.protocol import Dose, Protocol

app = typer.Typer(
    help="Run the guided self-care session in the terminal.",
    invoke_without_command=True,
    rich_markup_mode=None,
)

# Seconds, from a monotonic clock. Tests swap in a fast clock.
CLOCK: Callable[[], float] = time.monotonic
BLOCKED_EXIT = 3


class Keys:
    """Single key presses without Enter when stdin is a terminal; nothing otherwise."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()

    @contextmanager
    def raw(self) -> Iterator[None]:
        if not self.interactive:
            yield
            return
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def poll(self, timeout: float) -> str | None:
        if not self.interactive:
            time.sleep(min(timeout, 0.01))
            return None
        ready, _, _ = select.select([sys.stdin], [], [], timeout)
        return sys.stdin.read(1) if ready else None


class Player:
    """Background audio through sox's `play`, paused and resumed with the countdown."""

    def __init__(self, path: Any) -> None:
        self.process = subprocess.Popen(
            ["play", "-q", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def pause(self, paused: bool) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=5)


def _rating(question: str) -> int:
    while True:
        value = IntPrompt.ask(f"{question} (0–10)", console=console)
        if 0 <= value <= 10:
            return value
        console.print("Please enter a whole number from 0 to 10.")


def _ask(question: str) -> bool:
    return Confirm.ask(question, console=console, default=False)


def _safety_check(user: Any) -> bool:
    """True when self-care may go ahead (the same gate as the web player). A member with a
    valid full check answers only the short "anything new?" check; any yes, or no valid check,
    means the full check. A member's answers are stored; without --user nothing is."""
    from django.conf import settings

    from hiphub.screening import gatekeeper
    from hiphub.screening.gate import Needs
    from hiphub.screening.models import PreSessionCheck, SafetyCheck
    from hiphub.screening.safety import answer_all, answer_pre_session, assess

    if user is not None:
        gate = gatekeeper.gate_for_user(user)
        if gate.open and gate.checked_at is not None:
            console.print(f"Your safety check from {gate.checked_at:%d %b %H:%M} still applies.")
            return True
        if gate.needs == Needs.PRE_SESSION_CHECK and gate.checked_at is not None:
            console.print(
                f"Your safety check from {gate.checked_at:%d %b} still counts. "
                "[bold]Anything new since then?[/] Answer each question y or n.\n"
            )
            yes = answer_pre_session(lambda q: _ask(q.question))
            PreSessionCheck.record(user, yes)
            if not yes:
                return True
            console.print("\nYou told us something is new, so here is the full check.\n")
    console.print("[bold]First, a safety check.[/] Answer each question y or n.\n")
    yes = answer_all(
        lambda flag: _ask(flag.question), lambda group: console.print(f"[bold]{group.title}[/]")
    )
    if user is not None:
        SafetyCheck.record(user, yes)
    result = assess(yes, cleared=gatekeeper.gate_for_user(user).cleared if user else ())
    advice = result.as_dict(settings.EMERGENCY_NUMBER)
    style = "bold red" if result.blocks_self_care else "bold"
    console.print(f"\n[{style}]{advice['title']}[/]")
    console.print(advice["advice"], highlight=False)
    if result.blocks_self_care:
        console.print("\nThe guided session stays closed until a new check passes.")
        console.print(advice["safety_net"]["intro"], highlight=False)
        for sign in advice["safety_net"]["signs"]:
            console.print(f"  • {sign}", highlight=False)
        return False
    return True


@dataclass(frozen=True)
class Ran:
    """How a countdown ended: run to the end or stopped, and the seconds it really ran."""

    completed: bool
    seconds: float


def _relax(seconds: float, audio_path: Any | None) -> Ran:
    """Run the countdown; `completed` is False if the person quit before the end."""
    keys = Keys()
    countdown = Countdown(seconds, clock=CLOCK)
    player = Player(audio_path) if audio_path is not None else None
    countdown.start()
    hint = "space pause/resume · q quit" if keys.interactive else ""
    try:
        with keys.raw(), Live(console=console, refresh_per_second=4, transient=True) as live:
            while not countdown.finished:
                state = "paused" if countdown.paused else "relax"
                live.update(Text(f"{mmss(countdown.remaining())}  {state}   {hint}"))
                key = keys.poll(0.25)
                if key == " ":
                    countdown.toggle()
                    if player:
                        player.pause(countdown.paused)
                elif key in ("q", "Q"):
                    return Ran(False, countdown.elapsed())
    finally:
        if player:
            player.stop()
    console.print("\a[bold]Time is up.[/] Take your time coming back; roll to your side first.")
    return Ran(True, countdown.elapsed())


def _exercise(dose: "Dose") -> str:
    """Run one exercise's holds or repetitions, rests and change of sides, one countdown
    each. Returns "done", "skipped" (s) or "quit" (q)."""
    keys = Keys()
    hint = "space pause/resume · s skip · q stop" if keys.interactive else ""
    with keys.raw(), Live(console=console, refresh_per_second=4, transient=True) as live:
        for label, seconds in dose.parts():
            countdown = Countdown(seconds, clock=CLOCK)
            countdown.start()
            while not countdown.finished:
                state = " (paused)" if countdown.paused else ""
                live.update(Text(f"{label}{state}  {mmss(countdown.remaining())}   {hint}"))
                key = keys.poll(0.2)
                if key == " ":
                    countdown.toggle()
                elif key in ("s", "S"):
                    return "skipped"
                elif key in ("q", "Q"):
                    return "quit"
    console.print("\a[bold]Done.[/]")
    return "done"


def _run_exercises(protocol: "Protocol") -> tuple[list[str], float, bool]:
    """Each step in turn; returns the exercises done, the seconds from the start of the first
    to the end, and whether the person stopped the routine."""
    done: list[str] = []
    started: float | None = None
    for step in protocol.steps:
        console.print(f"\n[bold]{step.title or 'Get ready'}[/]", highlight=False)
        console.print(step.cue, highlight=False)
        if step.dose is None:
            Prompt.ask("Press Enter when ready", default="", show_default=False, console=console)
            continue
        console.print(f"{step.dose.words()}.", highlight=False)
        choice = Prompt.ask(
            "Press Enter to start, s to skip" + (" (optional)" if step.optional else ""),
            default="",
            show_default=False,
            console=console,
        )
        if choice.strip().lower() == "s":
            continue
        if started is None:
            started = CLOCK()
        outcome = _exercise(step.dose)
        if outcome == "done":
            done.append(step.id)
        elif outcome == "quit":
            return done, CLOCK() - started, True
    return done, (CLOCK() - started) if started is not None else 0.0, False


@app.callback()
def session(
    protocol_id: Annotated[
        str,
        typer.Option(
            "--protocol",
            help="Which routine: positional_release (the supported rest), gentle_mobility or "
            "hip_trunk_strength (exercise routines).",
        ),
    ] = "positional_release",
    minutes: Annotated[
        int | None,
        typer.Option(help="Relaxation length (rest routines only; the default if omitted)."),
    ] = None,
    user_email: Annotated[
        str | None, typer.Option("--user", help="Save to this member's journal.")
    ] = None,
    play_audio: Annotated[
        bool, typer.Option("--audio/--no-audio", help="Play the guided relaxation with sox.")
    ] = False,
    variant_id: Annotated[
        str | None,
        typer.Option(
            "--variant",
            help="How to lie: thigh_pillows (default), knees_up or side_lying "
            "(on your side, e.g. later in pregnancy or when lying on your back hurts).",
        ),
    ] = None,
) -> None:
    """Run a guided self-care routine in the terminal and print (or save) a summary."""
    setup_django()
    from django.utils import timezone

    from hiphub.journal.schemas import SessionIn
    from hiphub.selfcare import audio
    from hiphub.selfcare.protocol import UnknownProtocolError, get

    try:
        protocol = get(protocol_id)
    except UnknownProtocolError as exc:
        raise fail(str(exc).strip('"')) from None
    if protocol.is_exercise:
        for given, option in ((minutes, "--minutes"), (variant_id, "--variant")):
            if given is not None:
                raise fail(f"{option}: {protocol.title!r} is an exercise routine; leave it out.")
        if play_audio:
            raise fail("--audio: the guided relaxation audio is for the rest routines.")
        _exercise_session(protocol, user_email)
        return
    try:
        length = protocol.validate_minutes(minutes or protocol.minutes.default)
    except ValueError as exc:
        raise fail(str(exc).strip('"')) from None
    try:
        variant = protocol.variant(variant_id) if variant_id else protocol.default_variant
    except ValueError as exc:
        raise fail(f"--variant: {exc}") from None
    user = None if user_email is None else member_by_email(user_email)
    audio_path = None
    if play_audio:
        if not (audio.tools_available() and shutil.which("play")):
            raise fail(
                "Audio needs a voice (festival with festvox-us-slt-hts, or espeak-ng) and sox "
                "(with `play`); run without --audio."
            )
        console.print("Preparing the guided relaxation audio ...")
        audio_path = audio.cached_render(protocol, length)

    console.rule(protocol.title)
    if not _safety_check(user):
        raise typer.Exit(BLOCKED_EXIT)
    started = timezone.now()
    pain_before = _rating("Pain now")
    tension_before = _rating("Hip tension now")
    console.print("\n[bold]You will need[/]")
    for item in protocol.equipment:
        console.print(f"  • {item.name}{' (optional)' if item.optional else ''}: {item.note}")
    console.print(f"\n[bold]{variant.name}[/]: {variant.summary}", highlight=False)
    for step in protocol.steps_for(variant.id):
        if step.id == "relax":
            continue
        console.print(f"\n{step.cue}")
        Prompt.ask("Press Enter when ready", default="", show_default=False, console=console)
    console.print(f"\n{protocol.step('relax').cue}")
    from django.conf import settings

    from hiphub.core.emergency import fill_text

    for rule in protocol.stop_if:
        action = fill_text(rule.action, settings.EMERGENCY_NUMBER)
        style = "bold red" if rule.emergency else ""
        console.print(f"  Stop if: {rule.sign} {action}", style=style, highlight=False)
    ran = _relax(length * 60, audio_path)
    if not ran.completed and not Confirm.ask("Stopped early. Save what you have?", console=console):
        console.print("Nothing was saved.")
        raise typer.Exit(0)
    spent = timing.relaxation(length, ran.seconds, None)
    pain_after = _rating("Pain now, after the rest")
    tension_after = _rating("Hip tension now, after the rest")
    twitches = Confirm.ask("Did you feel small twitches?", console=console, default=False)
    notes = _notes()

    data = SessionIn(
        protocol=protocol.id,
        variant=variant.id,
        started_at=started,
        ended_at=max(timezone.now(), started),
        minutes=spent.minutes,
        planned_minutes=length,
        cut_short=spent.cut_short,
        pain_before=pain_before,
        pain_after=pain_after,
        tension_before=tension_before,
        tension_after=tension_after,
        twitches=twitches,
        notes=notes[:2000],
    )
    if spent.cut_short:
        console.print(f"You relaxed for {spent.minutes} of the {length} minutes you chose.")
    else:
        console.print(f"You relaxed for {length} minutes.")
    _print_summary(data.pain_before, data.pain_after, data.tension_before, data.tension_after)
    _save(user, data, started)


def _save(user: Any, data: Any, started: Any) -> None:
    """Save to a member's journal if the gate still allows it (or say why not)."""
    from hiphub.journal import service
    from hiphub.screening import gatekeeper
    from hiphub.screening.gate import refusal

    if user is None:
        console.print("Not saved (use --user EMAIL to keep a journal).")
        return
    allowed = gatekeeper.may_save_for_user(user, started)
    if not allowed.open:  # e.g. a check with warning signs answered meanwhile on the web
        console.print(refusal(allowed), highlight=False)
        raise typer.Exit(BLOCKED_EXIT)
    saved = service.create_session(user, data)
    console.print(f"Saved to {user.email}'s journal (session {saved.pk}).")


def _exercise_session(protocol: "Protocol", user_email: str | None) -> None:
    """An exercise routine: the same gate, ratings and journal as the rest."""
    from django.conf import settings
    from django.utils import timezone

    from hiphub.core.emergency import fill_text
    from hiphub.journal.schemas import SessionIn

    user = None if user_email is None else member_by_email(user_email)
    console.rule(protocol.title)
    if not _safety_check(user):
        raise typer.Exit(BLOCKED_EXIT)
    started = timezone.now()
    pain_before = _rating("Pain now")
    tension_before = _rating("Hip tension now")
    console.print("\n[bold]You will need[/]")
    for item in protocol.equipment:
        console.print(f"  • {item.name}{' (optional)' if item.optional else ''}: {item.note}")
    for rule in protocol.stop_if:
        action = fill_text(rule.action, settings.EMERGENCY_NUMBER)
        style = "bold red" if rule.emergency else ""
        console.print(f"  Stop if: {rule.sign} {action}", style=style, highlight=False)
    done, seconds, stopped = _run_exercises(protocol)
    if stopped and not Confirm.ask("Stopped early. Save what you have?", console=console):
        console.print("Nothing was saved.")
        raise typer.Exit(0)
    required = [s.id for s in protocol.exercises if not s.optional]
    spent = timing.exercise(seconds, len([d for d in done if d in required]), len(required))
    pain_after = _rating("Pain now, after the exercises")
    tension_after = _rating("Hip tension now, after the exercises")
    notes = _notes()
    data = SessionIn(
        protocol=protocol.id,
        started_at=started,
        ended_at=max(timezone.now(), started),
        minutes=spent.minutes,
        cut_short=spent.cut_short,
        done_steps=done,
        pain_before=pain_before,
        pain_after=pain_after,
        tension_before=tension_before,
        tension_after=tension_after,
        notes=notes[:2000],
    )
    console.print(
        f"You did {len(done)} of the {len(protocol.exercises)} exercises in "
        f"{spent.minutes} minute{'' if spent.minutes == 1 else 's'}"
        f"{', and stopped before the end' if spent.cut_short else ''}."
    )
    _print_summary(pain_before, pain_after, tension_before, tension_after)
    _save(user, data, started)


def _notes() -> str:
    """Free-text notes, asked again if they hold a NUL character (a stray paste), which the
    journal refuses."""
    while True:
        notes = Prompt.ask("Notes (optional)", default="", show_default=False, console=console)
        if "\x00" not in notes:
            return notes
        console.print(
            "The notes contain a NUL character, which cannot be saved; please type them again."
        )


def _print_summary(*ratings: int | None) -> None:
    pain_before, pain_after, tension_before, tension_after = ratings
    table = Table(title="Before → after", title_justify="left")
    for column in ("", "before", "after", "change"):
        table.add_column(column)
    for name, before, after in (
        ("Pain", pain_before, pain_after),
        ("Hip tension", tension_before, tension_after),
    ):
        change = "–" if before is None or after is None else change_words(before, after)
        table.add_row(name, str(before), str(after), change)
    console.print(table)
    if pain_before is not None and pain_after is not None:
        console.print(change_phrase("Pain", pain_before, pain_after) + ".", highlight=False)
    console.print(
        "One session shows how you felt straight after it; only the pattern over many "
        "sessions in the journal can begin to show whether the routine helps you.",
        highlight=False,
    )
