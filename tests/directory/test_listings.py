"""Listings and credentials as stored: one per therapist, the database's own checks, the
rounding of home addresses, confirming and staleness (models.py, editing.py)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from hiphub.directory import editing, geo
from hiphub.directory.models import Credential, CredentialStatus, Listing
from tests.directory.conftest import SW1A, TODAY, listing_input, make_listing

pytestmark = pytest.mark.django_db


def test_saving_twice_keeps_one_listing_and_confirms_it(tara, loaded_places) -> None:
    first = make_listing(tara, today=TODAY - timedelta(days=100))
    assert first.is_stale(TODAY)
    again, created = editing.save_for(tara, listing_input(name="Tara G."), TODAY)
    assert not created and again.pk == first.pk and Listing.objects.count() == 1
    assert again.name == "Tara G." and again.confirmed_on == TODAY and not again.is_stale(TODAY)
    assert again.longest_minutes == 90
    assert again.technique_tags == "|myofascial_release|trigger_point|"


def test_the_database_allows_one_listing_per_therapist(tara, loaded_places) -> None:
    listing = make_listing(tara)
    listing.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        listing.save()


@pytest.mark.parametrize(
    ("field", "value"),
    [("longest_minutes", 0), ("latitude", 90.5), ("longitude", -181), ("oil", "lots"),
     ("travel_radius_km", 0)],
)
def test_the_database_refuses_impossible_values(tara, loaded_places, field, value) -> None:
    listing = make_listing(tara)
    setattr(listing, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        listing.save()


def test_a_clinic_shows_its_postcode_district_and_point(tara, loaded_places) -> None:
    listing = make_listing(tara)
    assert listing.place == "SW1A, London"
    assert (listing.latitude, listing.longitude) == pytest.approx(SW1A)
    assert listing.location_text == "SW1A 1AA"


def test_a_home_is_kept_only_rounded_with_the_town_shown(tara, loaded_places) -> None:
    listing = make_listing(tara, works_from_home=True)
    assert listing.place == "London"  # not the postcode
    assert (listing.latitude, listing.longitude) == geo.round_home(*SW1A)
    assert (listing.latitude, listing.longitude) != pytest.approx(SW1A, abs=1e-4)
    assert 0 < geo.distance_km(*SW1A, listing.latitude, listing.longitude) <= 0.75


def test_coordinates_instead_of_a_postcode_take_the_nearest_town(tara, loaded_places) -> None:
    listing = make_listing(tara, postcode=None, latitude=51.75, longitude=-1.26)
    assert listing.place == "Oxford" and listing.location_text == ""


def test_a_postcode_that_is_not_loaded_names_the_field(tara, loaded_places) -> None:
    with pytest.raises(editing.LocationError) as caught:
        make_listing(tara, postcode="Oxfrod")
    assert caught.value.field == "postcode" and "Did you mean 'Oxford'" in caught.value.message
    assert not Listing.objects.exists()


def test_confirming_resets_the_clock_and_the_reminder(tara, loaded_places) -> None:
    listing = make_listing(tara, today=date(2026, 8, 1))
    listing.mark_reminded(date(2026, 11, 1))
    listing.confirm_accepting(False, TODAY)
    listing.refresh_from_db()
    assert (listing.accepting_new_clients, listing.confirmed_on, listing.reminded_on) == (
        False, TODAY, None,
    )


def test_stale_after_ninety_days() -> None:
    listing = Listing(confirmed_on=TODAY - timedelta(days=90))
    assert not listing.is_stale(TODAY)
    assert listing.is_stale(TODAY + timedelta(days=1))


def test_a_verification_says_how_and_when_and_lapses_at_expiry(tara, mo, loaded_places) -> None:
    listing = make_listing(tara)
    credential = Credential.objects.create(
        listing=listing, body="CNHC", number="123", jurisdiction="UK",
        expires_on=TODAY + timedelta(days=30),
    )
    assert not credential.is_current(TODAY)
    credential.verify(mo, "CNHC online register", TODAY)
    assert credential.is_current(TODAY) and credential.verified_by == mo
    assert credential.is_current(TODAY + timedelta(days=30))
    assert not credential.is_current(TODAY + timedelta(days=31))
    assert credential.has_lapsed(TODAY + timedelta(days=31))
    assert list(Credential.objects.lapsed(TODAY + timedelta(days=31))) == [credential]
    credential.renew("CNHC", "123", "UK", TODAY + timedelta(days=400))
    assert credential.status == CredentialStatus.PENDING and credential.method == ""


def test_the_database_refuses_a_verification_without_how(tara, loaded_places) -> None:
    credential = Credential.objects.create(
        listing=make_listing(tara), body="CNHC", number="1", jurisdiction="UK"
    )
    credential.status = CredentialStatus.VERIFIED
    credential.verified_on = TODAY
    with pytest.raises(IntegrityError), transaction.atomic():
        credential.save()
