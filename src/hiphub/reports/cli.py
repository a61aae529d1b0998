"""`hiphub report ...`: a member's report and exports written to a file."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hiphub.cli import console, fail, member_by_email

app = typer.Typer(
    help="A member's one-page report and standard exports.", no_args_is_help=True,
    rich_markup_mode=None,
)
UserOption = Annotated[str, typer.Option("--user", help="The member's email address.")]


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


def _write(output: Path | None, content: bytes, what: str) -> None:
    """Write the whole file or nothing (a failed write leaves no half file behind)."""
    if output is None:
        typer.echo(content.decode("utf-8"), nl=False)
        return
    partial = output.with_name(output.name + ".part")
    try:
        partial.write_bytes(content)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise fail(f"-o: cannot write {output}: {exc.strerror or exc}.") from None
    console.print(f"Wrote {what} to {output}.", highlight=False)


@app.command()
def pdf(
    user_email: UserOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")],
    paper: Annotated[Paper, typer.Option(help="Page size.")] = Paper.A4,
    questions: Annotated[
        str, typer.Option(help="Your questions for the clinician, printed in their box.")
    ] = "",
) -> None:
    """The one-page report for a clinician, as a PDF."""
    user = member_by_email(user_email)
    from hiphub.reports import data, pdf

    try:
        text = pdf.check_questions(questions)
    except pdf.BadQuestions as exc:
        raise fail(f"--questions: {exc}") from None
    content = pdf.render(data.for_member(user), paper=paper.value, questions=text)
    _write(output, content, f"a one-page report ({paper.value})")


@app.command()
def fhir(
    user_email: UserOption,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of printing.")
    ] = None,
    with_name: Annotated[
        bool, typer.Option("--with-name", help="Put the member's display name on the Patient.")
    ] = False,
    low_back_pain: Annotated[
        bool, typer.Option("--low-back-pain",
                           help="Add a patient-reported Condition: low back pain.")
    ] = False,
) -> None:
    """A FHIR R4 Bundle (type collection) of the member's ratings and questionnaires."""
    user = member_by_email(user_email)
    from hiphub.reports import data, fhir

    found = fhir.bundle(data.for_member(user), with_name=with_name, condition=low_back_pain)
    _write(output, fhir.to_json(found).encode("utf-8"),
           f"a FHIR bundle of {len(found['entry'])} resources")


@app.command("csv")
def csv_(
    user_email: UserOption,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of printing.")
    ] = None,
) -> None:
    """Every measurement as CSV in long format: one row per measurement."""
    user = member_by_email(user_email)
    from hiphub.reports import data, longcsv

    text = longcsv.to_csv(data.for_member(user))
    _write(output, text.encode("utf-8"), f"{text.count(chr(10)) - 1} measurements")
