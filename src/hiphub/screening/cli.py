"""`hiphub screen ...`: the safety check and questionnaire scoring from the terminal.

`safety`, `startback`, `odi` and `rmdq` ask each question in turn (Rich prompts), or with
`--json` read the answers as JSON on standard input in the same shape as the API body and print
the API's JSON answer; the body schemas and answer shapes come from the pure
`screening.shapes`, the same ones the API uses. Nothing is stored unless `--user EMAIL` names a
member. Bad input (bad JSON, an unknown flag or item, a wrong number of answers, an out-of-range
answer) exits with status 2 and a message naming the field at fault; nothing is stored then.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from django.conf import settings
from pydantic import BaseModel, ValidationError
from rich.prompt import Confirm, Prompt
from rich.table import Table

from hiphub.cli import console, fail, member_by_email, setup_django
from hiphub.screening import questionnaires as q
from hiphub.screening import shapes
from hiphub.screening.interpret import interpret
from hiphub.screening.redflags import UnknownFlagError, flags_by_level
from hiphub.screening.safety import answer_all, assess

if TYPE_CHECKING:
    from hiphub.accounts.models import User

app = typer.Typer(
    help=(
        "The safety check (red flags) and questionnaire scoring. Nothing is stored unless "
        "--user names a member."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
JsonIn = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Read the answers as JSON on standard input (the API body) and print JSON.",
    ),
]
UserOpt = Annotated[
    str | None,
    typer.Option("--user", metavar="EMAIL", help="Also store the result for this member."),
]
In = TypeVar("In", bound=BaseModel)
Answers = dict[str, int | None]
# Reads the JSON body and returns the answers by item id, how to shape a score as the API
# does, and the field to name (as the API does) when the answers cannot be scored.
Shaper = Callable[[q.Score], dict[str, Any]]
FromJson = Callable[[], tuple[Answers, Shaper, str]]


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _fill(text: str) -> str:
    return text.replace("{emergency_number}", settings.EMERGENCY_NUMBER)


@app.command("red-flags")
def red_flags(as_json: AsJson = False) -> None:
    """Every red flag, grouped by how urgent it is, most serious first."""
    levels = flags_by_level()
    if as_json:
        _print_json(
            [
                {
                    "level": info.level.value,
                    "title": info.title,
                    "flags": [{"id": f.id, "plain": f.plain} for f in info.flags],
                }
                for info in levels
            ]
        )
        return
    table = Table(title="Red flags", title_justify="left")
    for column in ("id", "level", "in plain words"):
        table.add_column(column)
    for info in levels:
        for f in info.flags:
            table.add_row(f.id, info.level.value, f.plain)
    console.print(table)


@app.command()
def triage(
    flags: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FLAG...", help="Ids of the flags answered yes (none: all answered no)."
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """The level of concern for the flags answered yes, and what to do."""
    setup_django()  # the advice names settings.EMERGENCY_NUMBER
    try:
        result = assess(flags or [])
    except UnknownFlagError as exc:
        raise fail(f"flags: {exc}. See `hiphub screen red-flags`.") from None
    if as_json:
        _print_json(result.as_dict(settings.EMERGENCY_NUMBER))
        return
    _print_safety(result.as_dict(settings.EMERGENCY_NUMBER))


def _print_safety(data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['title']}[/] ({data['level']})", highlight=False)
    console.print(data["advice"], highlight=False)
    console.print(data["detail"], highlight=False)
    if data["flags"]:
        console.print("You answered yes to:", highlight=False)
    for f in data["flags"]:
        console.print(f"  - {f['plain']}", highlight=False)
    if data["blocks_self_care"]:
        console.print(
            "Guided self-care stays closed until a new safety check comes back clear.",
            highlight=False,
        )
    console.print(_fill(data["safety_net"]["intro"]), highlight=False)
    for sign in data["safety_net"]["signs"]:
        console.print(f"  - {sign}", highlight=False)
    console.print(data["safety_net"]["outro"], highlight=False)


def _parse_answers(pairs: list[str], answers_json: str | None) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    if answers_json is not None:
        try:
            loaded = json.loads(answers_json)
        except json.JSONDecodeError as exc:
            raise fail(f"--answers-json is not valid JSON: {exc}") from None
        if not isinstance(loaded, dict):
            raise fail("--answers-json must be a JSON object of item id to answer")
        for key, value in loaded.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise fail(f"{key}: expected a whole number or null, got {value!r}")
            answers[str(key)] = value
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise fail(f"--answer {pair!r}: expected ITEM=VALUE, e.g. q1=1")
        raw = raw.strip()
        if raw.lower() in ("", "null", "none", "skip"):
            answers[key] = None
            continue
        try:
            answers[key] = int(raw)
        except ValueError:
            raise fail(f"{key}: expected a whole number, got {raw!r}") from None
    return answers


@app.command()
def instruments(as_json: AsJson = False) -> None:
    """The questionnaires you can score, with their item ids."""
    found = q.instruments().values()
    if as_json:
        _print_json(
            [{"id": i.id, "name": i.name, "items": [it.id for it in i.items]} for i in found]
        )
        return
    table = Table(title="Questionnaires", title_justify="left")
    for column in ("id", "name", "items"):
        table.add_column(column)
    for i in found:
        ids = [it.id for it in i.items]
        table.add_row(i.id, i.name, ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}")
    console.print(table)


@app.command()
def score(
    instrument_id: Annotated[
        str, typer.Argument(metavar="INSTRUMENT", help="start_back, odi, rmdq, nrs or pgic.")
    ],
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", "-a", help="One answer as ITEM=VALUE, e.g. q1=1; repeat."),
    ] = None,
    answers_json: Annotated[
        str | None,
        typer.Option("--answers-json", help="All answers as JSON, e.g. '{\"pain\": 6}'."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Score one questionnaire from its answers (nothing is stored)."""
    answers = _parse_answers(answer or [], answers_json)
    try:
        result = q.score(instrument_id, answers)
    except q.AnswerError as exc:
        raise fail(str(exc)) from None
    if as_json:
        _print_json(result.as_dict())
        return
    _print_reading(result)


def _print_reading(result: q.Score) -> None:
    reading = interpret(result)
    console.print(f"[bold]{reading.headline}[/]", highlight=False)
    console.print(reading.meaning, highlight=False)
    for warning in result.warnings:
        console.print(f"[yellow]{warning}[/]", highlight=False)
    for step in reading.next_steps:
        if step:
            console.print(f"  - {step}", highlight=False)


# --- Answering the safety check and questionnaires -----------------------------------------


def _member(email: str | None) -> User | None:
    """The member to store a result for, checked before any question is asked."""
    return None if email is None else member_by_email(email)


def _read_json(schema: type[In]) -> In:
    """Validate the JSON on standard input against an API body schema (exit 2 if bad)."""
    raw = sys.stdin.read()
    try:
        loaded = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise fail(f"standard input is not valid JSON: {exc}") from None
    if not isinstance(loaded, dict):
        raise fail("standard input must be a JSON object, e.g. " + _EXAMPLES[schema.__name__])
    try:
        return schema.model_validate(loaded)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
            problems.append(f"{where.lstrip('.') or 'input'}: {err['msg']}")
        raise fail("; ".join(problems)) from None


_EXAMPLES = {
    "TriageIn": '{"flags": ["saddle_numbness"]}',
    "StartBackIn": '{"agree": [8 booleans], "bothersomeness": "very much"}',
    "OdiIn": '{"sections": [10 values, each 0-5 or null]}',
    "RmdqIn": '{"ticks": [24 booleans]}',
}


def _ask(field: str, prompt: str, choices: list[str]) -> str:
    try:
        return Prompt.ask(prompt, console=console, choices=choices)
    except EOFError:
        raise fail(f"{field}: the input ended before this question was answered") from None


def _ask_item(number: int, item: q.Item, allow_skip: bool = False) -> int | None:
    """One question in hiphub's wording with numbered answers; the value of the choice."""
    console.print(f"\n[bold]{number}. {item.text}[/]", highlight=False)
    for i, opt in enumerate(item.options, 1):
        console.print(f"  {i}  {opt.label}", highlight=False)
    choices = [str(i) for i in range(1, len(item.options) + 1)]
    if allow_skip:
        console.print("  s  Skip: this does not apply to me", highlight=False)
        choices.append("s")
    picked = _ask(item.id, "Your answer", choices)
    if picked == "s":
        return None
    return item.options[int(picked) - 1].value


def _ask_instrument(instrument_id: str) -> dict[str, int | None]:
    inst = q.instrument(instrument_id)
    console.print(f"[bold]{inst.name}[/]", highlight=False)
    console.print(inst.intro, highlight=False)
    return {
        item.id: _ask_item(n, item, allow_skip=item.optional)
        for n, item in enumerate(inst.items, 1)
    }


def _confirm(field: str, question: str) -> bool:
    try:
        return Confirm.ask(question, console=console)
    except EOFError:
        raise fail(f"{field}: the input ended before this question was answered") from None


def _store(user: User | None, instrument_id: str, answers: dict[str, int | None]) -> None:
    if user is None:
        return
    from hiphub.screening.models import QuestionnaireResult

    QuestionnaireResult.record(user, instrument_id, answers)


def _saved(user: User | None, as_json: bool) -> None:
    if user is not None and not as_json:
        console.print(f"Saved to the history of {user.email}.", highlight=False)


@app.command()
def safety(as_json: JsonIn = False, user: UserOpt = None) -> None:
    """The safety check: a yes/no question per red flag, then what to do.

    With --json, reads {"flags": [ids answered yes]} on standard input.
    """
    member = _member(user)
    setup_django()  # the advice names settings.EMERGENCY_NUMBER
    if as_json:
        flags = _read_json(shapes.TriageIn).flags
    else:
        console.print(
            "[bold]Safety check[/]: answer each question about the last few days.",
            highlight=False,
        )
        flags = answer_all(
            lambda flag: _confirm(flag.id, flag.question),
            lambda group: console.print(f"\n[bold]{group.title}[/]", highlight=False),
        )
    try:
        data = assess(flags).as_dict(settings.EMERGENCY_NUMBER)  # as the API answers
    except UnknownFlagError as exc:
        raise fail(f"flags: {exc}. See `hiphub screen red-flags`.") from None
    if member is not None:
        from hiphub.screening.models import SafetyCheck

        SafetyCheck.record(member, flags)
    if as_json:
        _print_json(data)
        return
    console.print()
    _print_safety(data)
    _saved(member, as_json)


def _questionnaire(
    instrument_id: str,
    as_json: bool,
    user: str | None,
    from_json: FromJson,
) -> None:
    member = _member(user)
    out, field = None, None
    if as_json:
        answers, out, field = from_json()
    else:
        answers = _ask_instrument(instrument_id)
    try:
        result = q.score(instrument_id, answers)
    except q.AnswerError as exc:
        raise fail(f"{field or exc.field}: {exc.message}") from None
    _store(member, instrument_id, answers)
    if out is not None:
        _print_json(out(result))
        return
    console.print()
    _print_reading(result)
    _saved(member, as_json)


@app.command()
def startback(as_json: JsonIn = False, user: UserOpt = None) -> None:
    """STarT Back: nine questions, then the risk group and what it suggests.

    With --json, reads {"agree": [8 booleans], "bothersomeness": "very much"} on standard input
    (not at all, a little, moderately, very much or extremely; "slightly" means a little).
    """

    def from_json() -> tuple[Answers, Shaper, str]:
        body = _read_json(shapes.StartBackIn)
        return (
            shapes.startback_answers(body.agree, body.bothersomeness),
            shapes.startback_out,
            "agree",
        )

    _questionnaire("start_back", as_json, user, from_json)


@app.command()
def odi(as_json: JsonIn = False, user: UserOpt = None) -> None:
    """Oswestry Disability Index: ten sections (any can be skipped), then the percent.

    With --json, reads {"sections": [10 values, each 0-5 or null]} on standard input.
    """

    def from_json() -> tuple[Answers, Shaper, str]:
        body = _read_json(shapes.OdiIn)
        return shapes.odi_answers(body.sections), shapes.odi_out, "sections"

    _questionnaire("odi", as_json, user, from_json)


@app.command()
def rmdq(as_json: JsonIn = False, user: UserOpt = None) -> None:
    """Roland-Morris: 24 statements, answer yes to each that is true today; then the score.

    With --json, reads {"ticks": [24 booleans]} on standard input.
    """

    def from_json() -> tuple[Answers, Shaper, str]:
        body = _read_json(shapes.RmdqIn)
        return shapes.rmdq_answers(body.ticks), shapes.rmdq_out, "ticks"

    _questionnaire("rmdq", as_json, user, from_json)
