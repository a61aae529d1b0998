"""`hiphub anatomy ...`: the anatomy graph from the terminal, as tables or as JSON."""

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from hiphub.anatomy import answers, graph
from hiphub.anatomy.atlas import UnknownIdError, load
from hiphub.cli import console, fail, setup_django

app = typer.Typer(
    help="Explore the muscles of the hip and low back and how they connect.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


@app.command("list")
def list_muscles(as_json: AsJson = False) -> None:
    """Every muscle, by group."""
    atlas = load()
    if as_json:
        _print_json(
            [
                {"id": m.id, "name": m.name, "lay_name": m.lay_name, "group": g.id}
                for g, members in atlas.muscles_by_group()
                for m in members
            ]
        )
        return
    table = _table("Muscles", "id", "name", "group")
    for group, members in atlas.muscles_by_group():
        for m in members:
            table.add_row(m.id, f"{m.name} ({m.lay_name})", group.name)
    console.print(table)


@app.command()
def muscle(
    muscle_id: Annotated[
        str, typer.Argument(metavar="MUSCLE", help="A muscle id, e.g. psoas_major.")
    ],
    as_json: AsJson = False,
) -> None:
    """Where a muscle attaches, what it does, its nerve roots and referral pattern."""
    atlas = load()
    try:
        m = atlas.muscle(muscle_id)
    except UnknownIdError as exc:
        raise fail(str(exc)) from None
    rows = graph.attachments(m.id)
    if as_json:
        _print_json(graph.muscle_record(m.id))
        return
    console.print(f"[bold]{m.name}[/] ({m.lay_name})")
    table = _table("Attachments", "", "landmark", "bone")
    for r in rows:
        table.add_row(r.role, r.landmark_name, r.bone_name)
    console.print(table)
    console.print("Actions: " + "; ".join(atlas.actions[a].text for a in m.actions))
    console.print(f"Nerve: {m.nerve} ({m.roots_text})")
    if m.referral:
        names = [atlas.body_regions[r].name.lower() for r in m.referral]
        console.print("Commonly described referral: " + ", ".join(names))
    console.print(f"Position of ease: {m.ease} ({atlas.ease_summary(m)}.)")
    console.print("Sources: " + "; ".join(s.name for s in m.sources))


@app.command()
def pain(
    regions: Annotated[
        list[str],
        typer.Argument(metavar="REGION...", help="Body region ids, e.g. sacroiliac_joint."),
    ],
    as_json: AsJson = False,
) -> None:
    """Muscles whose commonly described referral covers where it hurts (not a diagnosis).

    Choosing the saddle area prints the emergency advice instead and exits with status 3.
    """
    setup_django()  # the emergency advice names settings.EMERGENCY_NUMBER
    from django.conf import settings

    try:
        body = answers.pain_body(regions, settings.EMERGENCY_NUMBER)
    except UnknownIdError as exc:
        raise fail(str(exc)) from None
    if as_json:
        _print_json(body)
    elif body["safety"]:
        _print_alert(body)
    else:
        _print_candidates(body)
    if body["safety"]:
        raise typer.Exit(3)


def _print_alert(body: dict[str, Any]) -> None:
    safety = body["safety"]
    console.print(f"[bold]{safety['title']}[/]", highlight=False)
    for alert in body["alerts"]:
        console.print(alert["note"], highlight=False)
    for flag in safety["flags"]:
        console.print(f"  - {flag['plain']}", highlight=False)
    console.print(f"[bold]{safety['advice']}[/]", highlight=False)
    console.print(safety["detail"], highlight=False)


def _print_candidates(body: dict[str, Any]) -> None:
    table = _table("Candidate muscles", "muscle", "explains", "why")
    for c in body["candidates"]:
        table.add_row(c["name"], str(len(c["regions"])), c["reason"])
    console.print(table)
    for other in body["other_sources"]:
        console.print(f"[bold]{other['name']}[/]: {other['text']}", highlight=False)
    console.print("Referral maps are commonly described patterns, not a diagnosis.")


@app.command()
def hub(as_json: AsJson = False) -> None:
    """Skeletal regions ranked by how many muscles connect through them."""
    body = answers.hub_body()
    if as_json:
        _print_json(body)
        return
    table = _table("The hub", "region", "muscles", "betweenness")
    for h in body["regions"]:
        table.add_row(h["name"], str(h["muscles"]), f"{h['betweenness']:.2f}")
    console.print(table)


@app.command()
def compensators(
    muscle_id: Annotated[str, typer.Argument(metavar="MUSCLE")], as_json: AsJson = False
) -> None:
    """Muscles that share this one's work and may take over when it does not work well."""
    try:
        found = graph.compensators(muscle_id)
    except UnknownIdError as exc:
        raise fail(str(exc)) from None
    if as_json:
        _print_json(graph.as_json(found))
        return
    table = _table("Compensators", "muscle", "why")
    for c in found:
        table.add_row(c.name, c.reason)
    console.print(table)


@app.command()
def path(
    from_muscle: Annotated[str, typer.Argument(metavar="FROM")],
    to_muscle: Annotated[str, typer.Argument(metavar="TO")],
    as_json: AsJson = False,
) -> None:
    """The shortest chain of shared bones joining two muscles."""
    try:
        body = answers.path_body(from_muscle, to_muscle)
    except UnknownIdError as exc:
        raise fail(str(exc)) from None
    if as_json:
        _print_json(body)
        return
    console.print(" → ".join(s["name"] for s in body["path"]) or "These muscles do not connect.")


@app.command()
def regions(as_json: AsJson = False) -> None:
    """The body regions you can name with `hiphub anatomy pain`."""
    rows = answers.region_rows()
    if as_json:
        _print_json(rows)
        return
    table = _table("Body regions", "id", "name", "seen from")
    for r in rows:
        warning = " (a warning sign: shows the emergency advice)" if r["red_flag"] else ""
        table.add_row(r["id"], r["name"] + warning, r["placement"])
    console.print(table)
