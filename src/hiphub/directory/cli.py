"""`hiphub directory ...`: load places, import listings, search and verify credentials."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from hiphub.cli import console, err_console, fail, setup_django

app = typer.Typer(
    help="The therapist directory: places, listings, search and credentials.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

# The option each search filter comes from, to name it in a message.
OPTIONS = {
    "technique": "--technique",
    "min_minutes": "--min-minutes",
    "region": "--region",
    "oil": "--oil",
    "accepting": "--accepting",
    "near": "--near",
    "within_km": "--within-km",
    "q": "--q",
}


@app.command("load-places")
def load_places(
    file: Annotated[
        Path, typer.Argument(help="A GeoNames postal-code file (tab-separated), e.g. GB.txt.")
    ],
) -> None:
    """Load a GeoNames postal-code file (one country's file from
    download.geonames.org/export/zip/, unzipped). Loading a country again replaces its
    places. Every line is checked first: one bad line and nothing is loaded."""
    setup_django()
    from hiphub.directory import gazetteer, places

    try:
        with file.open(encoding="utf-8") as handle:
            rows = places.parse(handle)
    except OSError as exc:
        raise fail(f"Cannot read {file}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise fail(f"{file} is not UTF-8 text; GeoNames files are.") from None
    except places.PlacesFileError as exc:
        for line in exc.errors:
            err_console.print(f"  {line}", highlight=False, markup=False)
        raise fail("Nothing was loaded.") from None
    loaded = gazetteer.load(rows)
    console.print(
        f"Loaded {loaded.rows:,} places for {', '.join(loaded.countries)}"
        + (f" (replacing {loaded.replaced:,})." if loaded.replaced else "."),
        highlight=False,
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A JSON list of listings.")],
) -> None:
    """Import listings from a JSON list in the API's shape, each with `email` (the owning
    therapist's account, created when missing) and `postcode` or `latitude`/`longitude`.
    All or nothing: every problem is named by entry and field."""
    setup_django()
    from django.utils import timezone

    from hiphub.directory import importer

    try:
        raw = file.read_bytes()
        entries = importer.parse(raw)
        done = importer.import_listings(entries, timezone.localdate())
    except OSError as exc:
        raise fail(f"Cannot read {file}: {exc.strerror or exc}.") from None
    except importer.ImportFileError as exc:
        for line in exc.errors:
            err_console.print(f"  {line}", highlight=False, markup=False)
        raise fail("Nothing was imported.") from None
    console.print(
        f"Imported {done.listings} listings; {done.accounts_created} new therapist accounts "
        "(each takes its listing over by choosing a password with \u201cForgot your "
        "password?\u201d).",
        highlight=False,
    )


def _row(result: dict[str, Any]) -> list[str]:
    verified = result["verified"]
    return [
        "" if result["distance_km"] is None else f"{result['distance_km']:.1f} km",
        f"{result['name']} (#{result['id']})",
        result["place"],
        ", ".join(result["techniques"]),
        ", ".join(str(m) for m in result["hands_on_minutes"]),
        result["oil"],
        "yes" if result["accepting_new_clients"] else "no",
        f"{verified['on']} ({verified['method']})" if verified else "not verified",
        str(result["confirmed_on"]) + (" (stale)" if result["stale"] else ""),
    ]


@app.command("search")
def search_(
    technique: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A technique id; repeat for several (all must match)."),
    ] = None,
    min_minutes: Annotated[
        int | None, typer.Option(help="At least this many hands-on minutes in a session.")
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A body region treated; repeat (all must match)."),
    ] = None,
    oil: Annotated[
        str | None, typer.Option(help="At most this much oil: none, little, normal.")
    ] = None,
    accepting: Annotated[
        bool, typer.Option("--accepting", help="Only therapists accepting new clients.")
    ] = False,
    near: Annotated[str | None, typer.Option(help="A postcode or place name.")] = None,
    within_km: Annotated[
        float | None, typer.Option(help="Distance from --near in km (default 25).")
    ] = None,
    q: Annotated[
        str | None, typer.Option("--q", help="Words in the name or practice name.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="At most this many results.")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the API's JSON answer instead of a table.")
    ] = False,
) -> None:
    """Search the directory with the API's filters; nearest first when --near is given."""
    setup_django()
    from django.utils import timezone

    from hiphub.anatomy.atlas import load as load_anatomy
    from hiphub.directory import finder, search, techniques
    from hiphub.directory.schemas import SearchOut

    raw = {
        "technique": technique or [],
        "min_minutes": [] if min_minutes is None else [str(min_minutes)],
        "region": region or [],
        "oil": [oil] if oil is not None else [],
        "accepting": ["true"] if accepting else [],
        "near": [near] if near is not None else [],
        "within_km": [] if within_km is None else [repr(within_km)],
        "q": [q] if q is not None else [],
    }
    atlas = load_anatomy()
    try:
        filters = search.parse_filters(
            raw,
            techniques=techniques.load().techniques,
            regions=atlas.body_regions,
            alert_regions=atlas.alert_regions,
        )
        body = finder.search_body(filters, today=timezone.localdate(), limit=limit)
    except search.FilterError as error:
        raise fail(f"{OPTIONS[error.field]}: {error.message}") from None
    shaped = SearchOut.model_validate(body).model_dump(mode="json")
    if as_json:
        typer.echo(json.dumps(shaped, indent=2, ensure_ascii=False))
        return
    if shaped["near"]:
        near_out = shaped["near"]
        console.print(
            f"Within {near_out['within_km']:g} km of {near_out['place']}:", highlight=False
        )
    count = shaped["count"]
    table = Table(title=f"{count} therapist{'s' if count != 1 else ''}", title_justify="left")
    for column in ("distance", "name", "place", "techniques", "minutes", "oil", "accepting",
                   "verified", "confirmed"):
        table.add_column(column)
    for result in shaped["results"]:
        table.add_row(*_row(result))
    console.print(table)
    for item in shaped["loosen"]:
        console.print(f"  {item['count']} would match {item['label']}.", highlight=False)


@app.command("credentials")
def credentials() -> None:
    """Credentials waiting for a moderator, with the ids `verify` takes."""
    setup_django()
    from hiphub.directory.models import Credential, CredentialStatus

    table = Table(title="Credentials waiting for a moderator", title_justify="left")
    for column in ("id", "listing", "body", "number", "jurisdiction", "expires"):
        table.add_column(column)
    for c in Credential.objects.filter(status=CredentialStatus.PENDING).select_related("listing"):
        table.add_row(
            str(c.pk), f"{c.listing.name} (#{c.listing_id})", c.body, c.number, c.jurisdiction,
            str(c.expires_on or ""),
        )
    console.print(table)


@app.command("verify")
def verify(
    credential_id: Annotated[int, typer.Argument(metavar="ID", help="The credential's id.")],
    method: Annotated[
        str, typer.Option(help="How it was checked, shown on the listing (e.g. 'CNHC register').")
    ],
    moderator: Annotated[
        str | None, typer.Option(help="The moderator's email, recorded as who checked it.")
    ] = None,
) -> None:
    """Record that a credential was checked against its public register (for moderators)."""
    setup_django()
    from django.utils import timezone

    from hiphub.accounts.models import User
    from hiphub.directory.forms import VerifyForm
    from hiphub.directory.models import Credential

    form = VerifyForm({"method": method})
    if not form.is_valid():
        raise fail(f"--method: {form.errors['method'][0]}")
    who = None
    if moderator is not None:
        who = User.objects.filter(email__iexact=moderator.strip()).first()
        if who is None or not who.is_moderator:
            raise fail(f"--moderator: {moderator!r} is not a moderator's account.")
    credential = Credential.objects.filter(pk=credential_id).first()
    if credential is None:
        raise fail(
            f"ID: there is no credential {credential_id} (see `hiphub directory credentials`)."
        )
    credential.verify(who, form.cleaned_data["method"], timezone.localdate())
    console.print(
        f"Credential {credential.pk} ({credential.body} {credential.number}) verified on "
        f"{credential.verified_on} ({credential.method}).",
        highlight=False,
    )
