"""Pages travel compressed to browsers that accept gzip (issue 16: light on a phone)."""

import gzip

import pytest
from django.test import Client

from hiphub.core.middleware import is_text

pytestmark = pytest.mark.django_db

PSOAS = "/anatomy/muscles/psoas_major/"
# What `curl --compressed` may transfer for the psoas page (issue 16): at most 12 KB.
BUDGET_BYTES = 12 * 1024


def test_the_psoas_page_is_sent_in_at_most_12_kb(visitor: Client) -> None:
    plain = visitor.get(PSOAS)
    squeezed = visitor.get(PSOAS, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert squeezed["Content-Encoding"] == "gzip"
    assert len(squeezed.content) <= BUDGET_BYTES, f"{len(squeezed.content):,} bytes sent"
    assert int(squeezed["Content-Length"]) == len(squeezed.content)
    assert gzip.decompress(squeezed.content) == plain.content
    assert "Accept-Encoding" in squeezed["Vary"]


def test_a_browser_that_does_not_ask_gets_plain_html(visitor: Client) -> None:
    response = visitor.get(PSOAS)
    assert not response.has_header("Content-Encoding")
    assert b"<!doctype html>" in response.content


def test_a_page_with_a_form_is_compressed_and_its_token_still_works(visitor: Client) -> None:
    response = visitor.get("/accounts/sign-in/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)


def test_the_api_answers_compressed(visitor: Client) -> None:
    response = visitor.get("/api/openapi.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")


@pytest.mark.parametrize(
    ("content_type", "compress"),
    [
        ("text/html; charset=utf-8", True),
        ("text/csv", True),
        ("application/json", True),
        ("application/fhir+json", True),
        ("image/svg+xml", True),
        ("audio/ogg", False),
        ("image/png", False),
        ("application/pdf", False),
        ("", False),
    ],
)
def test_only_text_is_compressed(content_type: str, compress: bool) -> None:
    assert is_text(content_type) is compress
