"""Salted hashes of addresses (community/hashing.py): how an address is matched without being
stored readable, and which deletion links are refused. Pure: no database."""

from typing import Any

import pytest
import time_machine

from hiphub.community.hashing import hash_from_signed, private_hash, signed_hash

RITA = "rita@example.net"
# HMAC-SHA256 of "rita@example.net", worked out once. If either changes, every address already
# stored as a hash (confirmed addresses, bans, deletion requests) stops matching.
RITA_WITH_SALT_PEPPER = "2616e16bdd16978a0f40e1ac96b9bbc0e50e2e61c87684737b1923fa409f49b0"
RITA_WITH_SECRET_KEY = "4811a3c1c9c6fbdd2f5ceabd548f579cc7808c25315f526c97e25fd9b12b4ee8"


@pytest.fixture
def salted(settings: Any) -> None:
    settings.COMMUNITY_IP_SALT = "pepper"


def test_an_address_hashes_with_the_community_salt_to_the_same_value_as_before(
    salted: None,
) -> None:
    assert private_hash(RITA) == RITA_WITH_SALT_PEPPER


def test_with_no_community_salt_the_secret_key_salts_the_hash(settings: Any) -> None:
    settings.COMMUNITY_IP_SALT = ""
    settings.SECRET_KEY = "not-a-real-key"
    assert private_hash(RITA) == RITA_WITH_SECRET_KEY


def test_an_address_typed_with_capitals_and_spaces_matches_the_same_address(
    salted: None,
) -> None:
    assert private_hash("  Rita@Example.NET \n") == RITA_WITH_SALT_PEPPER


def test_a_link_token_carries_the_hash_and_never_the_address(salted: None) -> None:
    token = signed_hash(RITA, "delete")
    assert "rita" not in token.lower()
    assert hash_from_signed(token, "delete", max_age=60) == RITA_WITH_SALT_PEPPER


def test_a_token_made_for_another_purpose_is_refused(salted: None) -> None:
    assert hash_from_signed(signed_hash(RITA, "unsubscribe"), "delete", max_age=60) is None


def test_a_forged_token_is_refused(salted: None) -> None:
    token = signed_hash(RITA, "delete")
    value, _, signature = token.rpartition(":")
    forged = f"{value}:{signature[::-1]}"
    assert hash_from_signed(forged, "delete", max_age=60) is None
    assert hash_from_signed("not a token", "delete", max_age=60) is None


def test_a_token_is_accepted_until_exactly_its_age_limit_and_refused_a_second_later(
    salted: None, frozen: time_machine.Traveller
) -> None:
    token = signed_hash(RITA, "delete")
    frozen.shift(60)
    assert hash_from_signed(token, "delete", max_age=60) == RITA_WITH_SALT_PEPPER
    frozen.shift(1)
    assert hash_from_signed(token, "delete", max_age=60) is None
