"""The directory API: searching, one listing, and a therapist's own listing."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from hiphub.directory.models import Credential, Listing
from tests.conftest import client_for
from tests.directory.conftest import GU1, OX1, TODAY, make_listing, therapist

pytestmark = pytest.mark.django_db

RESULT_FIELDS = {
    "id", "name", "techniques", "hands_on_minutes", "regions", "oil", "accepting_new_clients",
    "confirmed_on", "verified", "place", "distance_km",
}


@pytest.fixture
def three(frozen, loaded_places, tara, mo) -> dict[str, Listing]:
    """Tara in Westminster; Uma in Croydon (no trigger points, normal oil); Vic in Oxford."""
    near = make_listing(tara)
    credential = Credential.objects.create(listing=near, body="CNHC", number="9", jurisdiction="UK")
    credential.verify(mo, "CNHC online register", TODAY - timedelta(days=3))
    croydon = make_listing(
        therapist("uma"), name="Uma", postcode="CR0", techniques=["swedish"], oil="normal",
        hands_on_minutes=[45], today=TODAY - timedelta(days=200),
    )
    oxford = make_listing(therapist("vic"), name="Vic", postcode="OX1")
    return {"near": near, "croydon": croydon, "oxford": oxford}


def get(client: Client, **query: Any) -> Any:
    return client.get("/api/directory/therapists", query)


def test_the_answer_has_the_issues_shape(visitor, three) -> None:
    body = get(visitor, near="SW1A 1AA", within_km=25).json()
    assert body["count"] == 2
    first = body["results"][0]
    assert set(first) >= RESULT_FIELDS
    assert first == {
        **first,
        "id": three["near"].pk,
        "name": "Tara Green",
        "techniques": ["myofascial_release", "trigger_point"],
        "hands_on_minutes": [60, 90],
        "regions": ["lumbar_paraspinal", "sacroiliac_joint", "upper_buttock"],
        "oil": "little",
        "accepting_new_clients": True,
        "confirmed_on": "2026-11-24",
        "verified": {"on": "2026-11-21", "method": "CNHC online register"},
        "place": "SW1A, London",
        "distance_km": 0.0,
        "stale": False,
    }
    second = body["results"][1]
    assert second["id"] == three["croydon"].pk and second["verified"] is None
    assert second["distance_km"] == pytest.approx(14.5, abs=0.2) and second["stale"] is True
    assert body["near"]["place"] == "SW1A, London" and body["near"]["within_km"] == 25


def test_filters_combine(visitor, three) -> None:
    body = get(visitor, technique=["trigger_point", "myofascial_release"], min_minutes=60,
               oil="little", accepting="true", region="sacroiliac_joint").json()
    assert [r["name"] for r in body["results"]] == ["Tara Green", "Vic"]
    assert all(r["distance_km"] is None for r in body["results"])
    only_oxford = get(visitor, near="Oxford", within_km=10, technique="trigger_point").json()
    assert [r["name"] for r in only_oxford["results"]] == ["Vic"]
    by_name = get(visitor, q="uma").json()
    assert [r["name"] for r in by_name["results"]] == ["Uma"]


def test_nothing_found_says_which_filter_to_loosen(visitor, three) -> None:
    body = get(visitor, near="Guildford", within_km=10, technique="trigger_point").json()
    assert body["count"] == 0 and body["results"] == []
    assert body["loosen"] == []  # nothing within 20 km either, of any technique
    wide = get(visitor, near="Guildford", within_km=40, technique="swedish", min_minutes=60).json()
    assert wide["count"] == 0
    assert wide["loosen"] == [
        {"field": "min_minutes", "label": "with any session length", "count": 1}
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"technique": "reiki"}, "technique"),
        ({"region": "elbow"}, "region"),
        ({"region": "saddle"}, "region"),
        ({"near": "Oxford", "within_km": -5}, "within_km"),
        ({"within_km": 5}, "within_km"),
        ({"near": "Atlantis"}, "near"),
        ({"min_minutes": -1}, "min_minutes"),
        ({"min_minutes": "an hour"}, "min_minutes"),
        ({"oil": "lots"}, "oil"),
        ({"accepting": "perhaps"}, "accepting"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(visitor, three, query, field) -> None:
    response = get(visitor, **query)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == field


def test_one_listing_in_full_and_a_missing_one(visitor, three) -> None:
    listing = three["near"]
    body = visitor.get(f"/api/directory/therapists/{listing.pk}").json()
    assert body["credentials"] == [
        {"id": listing.credentials.get().pk, "body": "CNHC", "number": "9", "jurisdiction": "UK",
         "expires_on": None, "verified": {"on": "2026-11-21", "method": "CNHC online register"},
         "status": "verified"}
    ]
    assert body["url"] == f"/therapists/{listing.pk}/"
    missing = visitor.get("/api/directory/therapists/999999")
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]


def test_techniques_list(visitor) -> None:
    body = visitor.get("/api/directory/techniques").json()
    assert body[0]["id"] == "myofascial_release" and body[0]["approach"] is True
    assert body[0]["url"] == "/therapists/techniques/myofascial-release/"


# --- A therapist's own listing --------------------------------------------------------------

NEW = {
    "name": "Tara Green",
    "techniques": ["trigger_point"],
    "hands_on_minutes": [75],
    "regions": ["posterior_hip"],
    "oil": "none",
    "accepting_new_clients": True,
    "postcode": "GU1",
    "languages": ["English", "Welsh"],
    "website": "https://example.org/tara",
}


def put(client: Client, body: dict[str, Any]) -> Any:
    return client.put("/api/directory/my-listing", body, content_type="application/json")


def test_a_therapist_creates_reads_confirms_and_removes_their_listing(
    frozen, tara, loaded_places
) -> None:
    client = client_for(tara)
    assert client.get("/api/directory/my-listing").status_code == 404
    created = put(client, NEW)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["place"] == "GU1, Guildford" and body["postcode"] == "GU1"
    assert body["languages"] == ["English", "Welsh"]
    listing = Listing.objects.get(owner=tara)
    assert (listing.latitude, listing.longitude) == pytest.approx(GU1)
    replaced = put(client, {**NEW, "postcode": "OX1", "hands_on_minutes": [90, 60]})
    assert replaced.status_code == 200 and replaced.json()["hands_on_minutes"] == [60, 90]
    assert Listing.objects.get(owner=tara).latitude == pytest.approx(OX1[0])

    frozen.shift(timedelta(days=95))
    client = client_for(tara)  # the old session expired long ago
    assert client.get("/api/directory/my-listing").json()["stale"] is True
    confirmed = client.post(
        "/api/directory/my-listing/confirm", {"accepting_new_clients": False},
        content_type="application/json",
    ).json()
    assert confirmed["stale"] is False and confirmed["accepting_new_clients"] is False
    assert confirmed["confirmed_on"] == "2027-02-27"

    added = client.post(
        "/api/directory/my-listing/credentials",
        {"body": "CNHC", "number": "77", "jurisdiction": "UK", "expires_on": "2028-01-31"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["status"] == "pending"
    gone = client.delete(f"/api/directory/my-listing/credentials/{added.json()['id']}")
    assert gone.status_code == 204 and not Credential.objects.exists()
    assert client.delete("/api/directory/my-listing").status_code == 204
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"techniques": ["reiki"]}, "techniques"),
        ({"techniques": []}, "techniques"),
        ({"regions": ["saddle"]}, "regions"),
        ({"hands_on_minutes": [0]}, "hands_on_minutes"),
        ({"hands_on_minutes": ["60"]}, "hands_on_minutes"),
        ({"oil": "plenty"}, "oil"),
        ({"postcode": "ZZ9"}, "postcode"),
        ({"postcode": ""}, "postcode"),
        ({"postcode": "", "latitude": 95.0, "longitude": 0.0}, "latitude"),
        ({"postcode": "", "latitude": 51.0}, "longitude"),
        ({"latitude": 51.0, "longitude": 0.1}, "postcode"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"phone": "call me"}, "phone"),
        ({"name": "Tara\nGreen"}, "name"),
        ({"travel_radius_km": -3}, "travel_radius_km"),
    ],
)
def test_a_bad_listing_is_a_422_naming_the_field_and_nothing_is_saved(
    tara, loaded_places, change, field
) -> None:
    response = put(client_for(tara), {**NEW, **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"][0]["loc"]
    assert not Listing.objects.exists()


def test_only_a_signed_in_therapist_has_a_listing(visitor, alice, mo) -> None:
    assert visitor.get("/api/directory/my-listing").status_code == 401
    for user in (alice, mo):
        response = put(client_for(user), NEW)
        assert response.status_code == 403
        assert "List my practice" in response.json()["detail"]


def test_a_therapist_cannot_remove_anothers_credential(tara, loaded_places) -> None:
    other = make_listing(therapist("uma"), name="Uma")
    credential = Credential.objects.create(listing=other, body="X", number="1", jurisdiction="UK")
    make_listing(tara)
    response = client_for(tara).delete(f"/api/directory/my-listing/credentials/{credential.pk}")
    assert response.status_code == 404 and Credential.objects.filter(pk=credential.pk).exists()


def test_a_result_shows_the_newest_current_verification_and_a_search_reads_twice(
    visitor, three, mo, django_assert_num_queries
) -> None:
    listing = three["near"]
    older = Credential.objects.create(listing=listing, body="AMT", number="1", jurisdiction="UK")
    older.verify(mo, "AMT register", TODAY - timedelta(days=30))
    newest_but_lapsed = Credential.objects.create(
        listing=listing, body="FHT", number="2", jurisdiction="UK",
        expires_on=TODAY - timedelta(days=1),
    )
    newest_but_lapsed.verify(mo, "FHT register", TODAY - timedelta(days=2))
    get(visitor, near="SW1A 1AA")  # the place is now known to this worker
    # The candidates, then one page of results with their verifications; no session.
    with django_assert_num_queries(2):
        body = get(visitor, near="SW1A 1AA", technique="trigger_point").json()
    found = {r["id"]: r for r in body["results"]}
    assert found[listing.pk]["verified"] == {"on": "2026-11-21", "method": "CNHC online register"}
    assert found[listing.pk]["url"] == f"/therapists/{listing.pk}/"
