"""`hiphub practice ...`: a therapist's client list from the server's terminal. Every client
shown is read through access.client_data, so it appears in that client's access log as a read
"from the server's command line"."""

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from hiphub.cli import console, fail, setup_django

app = typer.Typer(
    help="A therapist's clients and their home programmes.", no_args_is_help=True,
    rich_markup_mode=None,
)


def _row(summary: Any) -> dict[str, Any]:
    """One client as the dashboard shows them, as plain JSON-ready values."""
    data = summary.as_dict()
    return {
        "id": data["id"],
        "client": data["client"],
        "scopes": data["scopes"],
        "plan": summary.plan.lines if summary.plan else None,
        "this_week": summary.adherence.sentences()[0] if summary.adherence else None,
        "last_session": (
            summary.last_session["started_at"].isoformat() if summary.last_session else None
        ),
        "alerts": [a.headline for a in summary.alerts],
    }


@app.command()
def clients(
    therapist_email: Annotated[
        str, typer.Option("--therapist", help="The therapist's email address.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, one object per client.")]
    = False,
) -> None:
    """The clients who share with this therapist now, as on the dashboard: plan, this week,
    last session and alerts, only what each client shares. Each client's access log records
    the read."""
    setup_django()
    from hiphub.accounts.models import User

    therapist = User.objects.filter(email__iexact=therapist_email.strip()).first()
    if therapist is None:
        raise fail(f"--therapist: no account with the email {therapist_email!r}.")
    if not therapist.is_therapist:
        raise fail(f"--therapist: {therapist.email} does not have the therapist role.")
    from hiphub.practice import service
    from hiphub.practice.models import Channel

    rows = [_row(s) for s in service.dashboard(therapist, Channel.COMMAND_LINE)]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print("No client shares with you yet.")
        return
    table = Table("Client", "Shares", "Plan", "This week", "Last session", "Alerts")
    for row in rows:
        table.add_row(
            row["client"], ", ".join(row["scopes"]), "; ".join(row["plan"] or ["none yet"]),
            row["this_week"] or "–", (row["last_session"] or "–")[:10],
            "; ".join(row["alerts"]) or "–",
        )
    console.print(table)
