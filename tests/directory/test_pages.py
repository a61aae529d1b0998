"""The directory's pages: search, a listing, techniques, the checklist, and the links from
"Where does it hurt?" and the safety check."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from hiphub.directory.models import Credential
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for
from tests.directory.conftest import TODAY, make_listing, therapist

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def listings(frozen, loaded_places, tara, mo):
    near = make_listing(tara)
    Credential.objects.create(
        listing=near, body="CNHC", number="9", jurisdiction="UK"
    ).verify(mo, "CNHC online register", TODAY)
    stale = make_listing(
        therapist("uma"), name="Uma Stale", postcode="CR0", today=TODAY - timedelta(days=120)
    )
    return near, stale


def test_search_by_technique_and_postcode_shows_distances(visitor, listings) -> None:
    page = text(visitor.get("/therapists/", {"technique": "trigger_point", "near": "SW1A 1AA"}))
    assert "2 therapists within 25 km of SW1A, London" in page
    assert "0.0 km away" in page and "14.4 km away" in page
    assert page.index("Tara Green") < page.index("Uma Stale")
    assert "Verified on 24 Nov 2026 (CNHC online register)" in page
    assert 'class="result stale"' in page
    assert "Not confirmed since 27 July 2026" in page
    assert "Not verified" in page


def test_bad_input_redisplays_the_form_with_the_message(visitor, listings) -> None:
    response = visitor.get(
        "/therapists/", {"near": "Oxfrd", "technique": "trigger_point", "within_km": "10"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Did you mean &#x27;Oxford&#x27;?" in page
    assert 'value="Oxfrd"' in page  # what was typed stays
    assert 'value="trigger_point" checked' in page
    assert '<option value="10" selected>' in page


@pytest.mark.parametrize(
    "query",
    [{"technique": "reiki"}, {"region": "saddle"}, {"near": "Oxford", "within_km": "-3"},
     {"min_minutes": "lots"}, {"within_km": "\x00"}, {"page": "0"}, {"page": "99"}],
)
def test_hostile_queries_get_a_page_not_a_500(visitor, listings, query) -> None:
    assert visitor.get("/therapists/", query).status_code in (200, 400)


def test_an_empty_search_suggests_what_to_loosen(visitor, listings) -> None:
    page = text(visitor.get("/therapists/", {"near": "Oxford", "technique": "trigger_point"}))
    assert "No listing matches all of that." in page
    assert "Search within 50 km" not in page  # Oxford–London is ~80 km
    page = text(visitor.get("/therapists/", {"technique": "swedish", "q": "tara"}))
    assert "Search with any technique</a>: 1 therapist" in page
    assert "Search without the name search</a>" not in page  # nobody uses Swedish


def test_no_filters_lists_everyone_most_recently_confirmed_first(visitor, listings) -> None:
    page = text(visitor.get("/therapists/"))
    assert "2 therapists" in page and page.index("Tara Green") < page.index("Uma Stale")


def test_the_listing_page(visitor, listings) -> None:
    near, stale = listings
    page = text(visitor.get(f"/therapists/{near.pk}/"))
    assert "60, 90 minutes" in page and "not counting talking" in page
    assert "verified on 24 Nov 2026 (CNHC online register)" in page
    assert 'href="/therapists/techniques/trigger-point/"' in page
    assert "Write to Tara Green" in page and 'name="challenge"' in page
    stale_page = text(visitor.get(f"/therapists/{stale.pk}/"))
    assert "Not confirmed since 27 July 2026." in stale_page
    assert "Not verified: no credentials given." in stale_page
    assert visitor.get("/therapists/999999/").status_code == 404


def test_technique_pages(visitor) -> None:
    page = text(visitor.get("/therapists/techniques/"))
    assert "low-certainty" in page and "Cochrane" in page
    detail = text(visitor.get("/therapists/techniques/positional-release/"))
    assert "about 90 seconds" in detail and "Jones LH" in detail
    assert 'href="/therapists/?technique=positional_release#results"' in detail
    assert visitor.get("/therapists/techniques/reiki/").status_code == 404


def test_a_technique_page_lists_each_source_once(visitor) -> None:
    # Myofascial release cites the Cochrane review that the evidence note cites too.
    detail = text(visitor.get("/therapists/techniques/myofascial-release/"))
    assert detail.count("https://doi.org/10.1002/14651858.CD001929.pub3") == 1
    assert "https://www.nice.org.uk/guidance/ng59" in detail


def test_the_checklist_prints_and_uses_the_latest_safety_check(alice) -> None:
    visitor_page = text(Client().get("/therapists/what-to-ask/"))
    assert 'media="print"' in visitor_page and "Take the safety check" in visitor_page
    assert "<script" not in visitor_page.split("</main>")[0].split("<main")[1]
    SafetyCheck.record(alice, ["history_of_cancer"])
    page = text(client_for(alice).get("/therapists/what-to-ask/"))
    assert "you answered yes to:" in page
    assert "Your safety check says to see a doctor first." in page


def test_where_does_it_hurt_links_to_therapists_for_those_areas(visitor) -> None:
    chosen = {"region": ["sacroiliac_joint", "groin"]}
    page = text(visitor.get("/anatomy/where-does-it-hurt/", chosen))
    assert (
        'href="/therapists/?region=sacroiliac_joint&amp;region=groin#results"'
        ">Find a therapist who treats these areas</a>" in page
    )
    alert = text(visitor.get("/anatomy/where-does-it-hurt/", {"region": "saddle"}))
    assert "Find a therapist" not in alert


@pytest.mark.parametrize(
    ("flags", "offered"),
    [([], True), (["age_over_50_new_onset"], True), (["history_of_cancer"], False),
     (["saddle_numbness"], False)],
)
def test_the_safety_result_offers_therapists_only_when_self_care_is_allowed_or_a_gp_visit_advised(
    alice, flags, offered
) -> None:
    SafetyCheck.record(alice, flags)
    page = text(client_for(alice).get("/check/safety/result/"))
    assert ("find a therapist who treats the low back and hips" in page) is offered
    if offered:
        link = "/therapists/?region=lumbar_paraspinal&amp;region=posterior_hip#results"
        assert f'href="{link}"' in page
