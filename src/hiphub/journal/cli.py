"""`hiphub journal ...`: a member's journal from the terminal (import, export, statistics)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from hiphub.cli import console, err_console, fail, member_by_email

app = typer.Typer(help="A member's self-care journal.", no_args_is_help=True, rich_markup_mode=None)
UserOption = Annotated[str, typer.Option("--user", help="The member's email address.")]


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV with a header row, as `export` writes it.")],
    user_email: UserOption,
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"imported": N, "skipped": N} as JSON.')
    ] = False,
) -> None:
    """Import sessions from CSV (at most 2 MB and 10,000 rows): every row or none, each
    problem named by line and column. Rows that repeat a session already in the journal are
    skipped and counted."""
    user = member_by_email(user_email)
    from hiphub.journal import csvio

    try:
        with file.open("rb") as handle:
            data = csvio.read_limited(handle)
        result = csvio.import_csv(user, data)
    except OSError as exc:
        raise fail(f"Cannot read {file}: {exc.strerror or exc}.") from None
    except csvio.CsvImportError as exc:
        for line in exc.errors[:20]:
            err_console.print(f"  {line}", highlight=False, markup=False)
        raise fail("Nothing was imported.") from None
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
        return
    console.print(f"{user.email}: {result.sentence()}", highlight=False)


@app.command()
def export(
    user_email: UserOption,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of printing.")
    ] = None,
) -> None:
    """Export every session as CSV."""
    user = member_by_email(user_email)
    from hiphub.journal import csvio

    text = csvio.export_csv(user)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"Cannot write {output}: {exc.strerror or exc}.") from None
    console.print(f"Wrote {text.count(chr(10)) - 1} sessions to {output}.")


@app.command()
def stats(
    user_email: UserOption,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (as the API returns).")
    ] = False,
) -> None:
    """The member's before/after statistics, with a plain reading of each and its limits."""
    user = member_by_email(user_email)
    from hiphub.journal import service

    summary = service.summary_for(user)
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]{summary['sessions']} sessions[/]")
    for measure in ("pain", "tension"):
        console.print(f"\n[bold]{measure.capitalize()}[/]")
        for line in summary[measure]["interpretation"]:
            console.print(f"  • {line}", highlight=False)
    for line in summary["interpretation"]:
        console.print(f"\n{line}", highlight=False)
