"""`hiphub directory ...`: load-places, search (checked against an independent great-circle
computation), import and its all-or-nothing errors."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from hiphub.accounts.models import Role, User
from hiphub.directory.models import Listing, Place
from hiphub.directory.schemas import SearchOut
from tests.conftest import make_user
from tests.directory.conftest import PLACES_FILE, SW1A
from tests.directory.test_geo import vector_km

pytestmark = pytest.mark.django_db
runner = CliRunner()


def invoke(cli_app, *args: str) -> Any:
    return runner.invoke(cli_app, ["directory", *args])


def entry(email: str, name: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "email": email,
        "name": name,
        "techniques": ["trigger_point", "myofascial_release"],
        "hands_on_minutes": [60],
        "regions": ["lumbar_paraspinal"],
        "oil": "little",
        "accepting_new_clients": True,
    }
    data.update(extra)
    return data


# Therapists at known points around London, one out of range, two not matching a filter.
REGISTER = [
    entry("near@example.org", "Near", postcode="SW1A"),
    entry("camden@example.org", "Camden", latitude=51.5390, longitude=-0.1426),
    entry("croydon@example.org", "Croydon", postcode="CR0"),
    entry("redhill@example.org", "Redhill", latitude=51.2406, longitude=-0.1700),  # ~29 km
    entry("short@example.org", "Short sessions", postcode="EC1A", hands_on_minutes=[30, 45]),
    entry("swedish@example.org", "Swedish only", postcode="EC1A", techniques=["swedish"]),
    entry("oxford@example.org", "Oxford", postcode="OX1"),
]


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data))
    return path


def test_load_places_then_import_then_search_nearest_first_with_true_distances(
    cli_app, tmp_path
) -> None:
    loaded = invoke(cli_app, "load-places", str(PLACES_FILE))
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded 13 places for GB" in loaded.output
    imported = invoke(cli_app, "import", str(write(tmp_path, REGISTER)))
    assert imported.exit_code == 0, imported.output
    assert "Imported 7 listings; 7 new therapist accounts" in " ".join(imported.output.split())

    result = invoke(cli_app, "search", "--technique", "trigger_point", "--min-minutes", "60",
                    "--near", "SW1A 1AA", "--within-km", "25", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    names = [r["name"] for r in body["results"]]
    assert names == ["Near", "Camden", "Croydon"]
    assert body["count"] == 3
    for found in body["results"]:
        listing = Listing.objects.get(pk=found["id"])
        expected = vector_km(*SW1A, listing.latitude, listing.longitude)
        assert found["distance_km"] == pytest.approx(expected, abs=0.5)
        assert found["distance_km"] <= 25
    distances = [r["distance_km"] for r in body["results"]]
    assert distances == sorted(distances)

    # The same body as the API gives for the same question.
    api = Client().get("/api/directory/therapists", {
        "technique": "trigger_point", "min_minutes": 60, "near": "SW1A 1AA", "within_km": 25})
    assert api.json() == body
    # The API writes the body out without a second check, so the body must be the documented
    # shape exactly: every field SearchOut names, and nothing else.
    assert SearchOut.model_validate(body).model_dump(mode="json") == body

    table = invoke(cli_app, "search", "--near", "Oxford", "--within-km", "5")
    assert table.exit_code == 0
    assert "Within 5 km of Oxford:" in table.output and "1 therapist " in table.output


def test_imported_accounts_are_therapists_who_can_take_over(cli_app, tmp_path, loaded_places):
    make_user("existing")  # a member already
    invoke(cli_app, "import", str(write(tmp_path, [
        entry("existing@example.org", "Existing", postcode="GU1"),
        entry("New@Example.org", "New", postcode="GU1"),
    ])))
    existing = User.objects.get(email="existing@example.org")
    new = User.objects.get(email="new@example.org")
    assert existing.role == new.role == Role.THERAPIST
    assert new.has_usable_password() and not new.email_verified  # a reset link opens it


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([entry("a@example.org", "A", postcode="GU1"), entry("b@example.org", "B",
                                                              postcode="Gildford")],
         "entry 2 ('B'), field postcode: We do not know the postcode or place 'Gildford'. "
         "Did you mean 'Guildford'?"),
        ([entry("a@example.org", "A", postcode="GU1", techniques=["reiki"])],
         "entry 1 ('A'), field techniques: unknown technique 'reiki'"),
        ([entry("a@example.org", "A", postcode="GU1", regions=["elbow"])],
         "entry 1 ('A'), field regions: unknown body region 'elbow'"),
        ([entry("a@example.org", "A")], "entry 1 ('A'), field postcode: give a postcode"),
        ([entry("", "A", postcode="GU1")], "entry 1 ('A'), field email: the owning therapist"),
        ([entry("a@example.org", "A", postcode="GU1"), entry("A@example.org", "B",
                                                              postcode="GU1")],
         "entry 2 ('B'), field email: 'a@example.org' already owns entry 1"),
        ([entry("mo@example.org", "Mo", postcode="GU1")], "is a moderator's account"),
        ([entry("a@example.org", "A", postcode="GU1", hands_on_minutes=[-60])],
         "field hands_on_minutes: Input should be greater than or equal to 1"),
        (["just a name"], "entry 1: must be an object"),
        ({"name": "not a list"}, "must hold a JSON list"),
        ([], "the list is empty"),
    ],
)
def test_import_is_all_or_nothing_and_names_entry_and_field(
    cli_app, tmp_path, loaded_places, mo, entries, message
) -> None:
    result = invoke(cli_app, "import", str(write(tmp_path, entries)))
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert message in output, output
    assert "Nothing was imported." in output
    assert not Listing.objects.exists()
    assert not User.objects.filter(role=Role.THERAPIST).exists()


def test_import_refuses_a_second_listing_and_broken_json(cli_app, tmp_path, loaded_places, tara):
    invoke(cli_app, "import", str(write(tmp_path, [entry("tara@example.org", "T",
                                                         postcode="GU1")])))
    again = invoke(cli_app, "import", str(write(tmp_path, [entry("tara@example.org", "T",
                                                                 postcode="GU1")])))
    assert again.exit_code == 2 and "already has a listing" in again.output
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    result = invoke(cli_app, "import", str(broken))
    assert result.exit_code == 2 and "not valid JSON" in result.output
    missing = invoke(cli_app, "import", str(tmp_path / "nowhere.json"))
    assert missing.exit_code == 2 and "Cannot read" in missing.output


def test_load_places_refuses_a_bad_file_and_loads_nothing(cli_app, tmp_path) -> None:
    bad = tmp_path / "GB.txt"
    lines = PLACES_FILE.read_text().splitlines()
    lines[4] = lines[4].replace("51.2406", "north")
    bad.write_text("\n".join(lines))
    result = invoke(cli_app, "load-places", str(bad))
    assert result.exit_code == 2
    assert "line 5: the latitude 'north' is not a number" in result.output
    assert "Nothing was loaded." in result.output and not Place.objects.exists()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("GB\tX1\tZ\u00fcrich".encode("latin-1"))
    assert invoke(cli_app, "load-places", str(latin1)).exit_code == 2
    assert invoke(cli_app, "load-places", str(tmp_path / "none.txt")).exit_code == 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--technique", "reiki"], "--technique: Unknown technique 'reiki'"),
        (["--region", "saddle"], "--region: 'saddle' is a warning-sign area"),
        (["--near", "SW1A", "--within-km", "-5"], "--within-km: Give the distance"),
        (["--near", "ZZ99"], "--near: We do not know the postcode or place 'ZZ99'"),
        (["--within-km", "5"], "--within-km: Give a postcode or place"),
        (["--min-minutes", "0"], "--min-minutes: Give the shortest hands-on time"),
        (["--oil", "lots"], "--oil: Oil must be one of"),
        (["--min-minutes", "sixty"], "Invalid value for '--min-minutes'"),
    ],
)
def test_search_refuses_bad_input_with_exit_2(cli_app, loaded_places, args, words) -> None:
    result = invoke(cli_app, "search", *args)
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())
