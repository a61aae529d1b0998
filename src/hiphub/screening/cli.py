"""`hiphub screen ...`: the safety check and questionnaire scoring from the terminal.

Nothing is stored. Bad input (an unknown flag, item or answer) exits with status 2 and a
message naming the item at fault.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from django.conf import settings
from rich.table import Table

from hiphub.cli import console, fail
from hiphub.screening import questionnaires as q
from hiphub.screening.interpret import interpret
from hiphub.screening.redflags import UnknownFlagError, flags_by_level
from hiphub.screening.safety import assess

app = typer.Typer(
    help="The safety check (red flags) and questionnaire scoring. Nothing is stored.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


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
    try:
        result = assess(flags or [])
    except UnknownFlagError as exc:
        raise fail(f"flags: {exc}. See `hiphub screen red-flags`.") from None
    if as_json:
        _print_json(result.as_dict(settings.EMERGENCY_NUMBER))
        return
    data = result.as_dict(settings.EMERGENCY_NUMBER)
    console.print(f"[bold]{result.info.title}[/] ({result.level.value})", highlight=False)
    console.print(data["advice"], highlight=False)
    for f in result.flags:
        console.print(f"  - {f.plain}", highlight=False)
    console.print(_fill(data["safety_net"]["intro"]), highlight=False)
    for sign in result.safety_net:
        console.print(f"  - {sign}", highlight=False)


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
    reading = interpret(result)
    console.print(f"[bold]{reading.headline}[/]", highlight=False)
    console.print(reading.meaning, highlight=False)
    for warning in result.warnings:
        console.print(f"[yellow]{warning}[/]", highlight=False)
    for step in reading.next_steps:
        if step:
            console.print(f"  - {step}", highlight=False)
