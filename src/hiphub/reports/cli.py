"""`hiphub report ...`: a member's report and exports written to a file."""

import typer

app = typer.Typer(
    help="A member's one-page report and standard exports.", no_args_is_help=True,
    rich_markup_mode=None,
)
