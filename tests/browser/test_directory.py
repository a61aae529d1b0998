"""The therapist directory in a real Chromium, end to end: a therapist signs up and lists
their practice, a moderator verifies their credential, and a visitor on a 360 px phone finds
them by technique and postcode with the distance shown. Every response any of the three
browsers receives is kept and searched for the therapist's email address.

The server runs in this process (live_server), so the confirmation email is read from
Django's test outbox, as the therapist would read it from their mail.
"""

import re
from pathlib import Path
from typing import Any

from django.core import mail

from hiphub.directory import gazetteer, places
from hiphub.directory.models import Listing
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

PLACES_FILE = Path(__file__).parent.parent / "directory" / "data" / "places_gb.txt"
EMAIL = "sam.rivers.private@example.net"


class Bodies:
    """Every page and JSON body a browser context receives, read as each one arrives."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.unread: list[str] = []

    def attach(self, context: Any) -> None:
        context.on("response", self._keep)

    def _keep(self, response: Any) -> None:
        kind = response.headers.get("content-type", "")
        if response.status < 300 and ("html" in kind or "json" in kind):
            try:
                self.seen.append((response.url, response.text()))
            except Exception:  # the page was left before its body could be read
                self.unread.append(response.url)


def _confirmation_path() -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/verify/\S+)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def test_sign_up_list_verify_and_find_on_a_phone(
    page: Any, browser: Any, live_server: Any, mo: Any
) -> None:
    with PLACES_FILE.open(encoding="utf-8") as handle:
        gazetteer.load(places.parse(handle))
    bodies = Bodies()
    bodies.attach(page.context)

    # A therapist signs up, confirms the address and lists the practice.
    page.goto("/accounts/sign-up/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill("Sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/sign-up/sent/")
    page.goto(_confirmation_path())
    page.wait_for_url("**/accounts/sign-in/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))
    page.wait_for_load_state()
    page.goto("/therapists/my-listing/")
    page.get_by_role("button", name="List my practice").click()
    page.get_by_label("Name shown").fill("Sam Rivers")
    page.get_by_label("Postcode or town").fill("SW1A 1AA")
    page.get_by_label("Trigger point therapy").check()
    page.get_by_label("Myofascial release").check()
    page.get_by_label("Hands-on minutes per session").fill("60, 90")
    page.get_by_label("Low back, either side of the spine").check()
    page.get_by_label("Back of the hip").check()
    page.get_by_label("No oil").check()
    page.get_by_label("I am accepting new clients", exact=True).check()
    page.get_by_role("button", name="Publish my listing").click()
    assert "Your listing is published." in page.locator(".messages").inner_text()
    page.get_by_label("Register or association").fill("CNHC")
    page.get_by_label("Registration or membership number").fill("CN12345")
    page.get_by_label("Country or region it covers").fill("United Kingdom")
    page.get_by_role("button", name="Add the credential").click()
    assert "A moderator will check it" in page.locator(".messages").inner_text()
    assert page.problems == []

    # A moderator checks it against the register.
    moderator = browser.new_context(base_url=live_server.url)
    bodies.attach(moderator)
    queue = moderator.new_page()
    sign_in(queue, live_server, mo)
    queue.goto("/therapists/moderation/")
    queue.get_by_label("How you checked it").fill("CNHC online register, by number")
    queue.get_by_role("button", name="Verified").click()
    assert "CN12345: verified" in queue.locator(".messages").inner_text()
    moderator.close()

    # A visitor on a phone searches by technique and postcode.
    visitor = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    bodies.attach(visitor)
    phone = visitor.new_page()
    problems: list[str] = []
    phone.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    phone.goto("/therapists/")
    phone.get_by_label("Trigger point therapy").check()
    phone.get_by_label("Near (postcode or town)").fill("CR0 2AB")
    phone.get_by_role("button", name="Search").click()
    result = phone.locator("li.result").first
    assert result.locator("h3").inner_text() == "Sam Rivers"
    assert "14.4 km away" in result.locator(".where").inner_text()
    assert "Verified on" in result.inner_text() and "CNHC online register" in result.inner_text()
    assert "1 therapist within 25 km of CR0, Croydon" in phone.locator("#results-h").inner_text()
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    result.get_by_role("link", name="Sam Rivers").click()
    assert phone.get_by_role("heading", name="Write to Sam Rivers").is_visible()
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert problems == []
    phone.goto("/api/directory/therapists?technique=trigger_point&near=CR0")
    assert '"distance_km":14.4' in phone.content().replace(" ", "")
    visitor.close()

    # Nothing any of them received shows the therapist's address.
    assert bodies.unread == []
    paths = {re.sub(r"^https?://[^/]+", "", url).split("?")[0] for url, _ in bodies.seen}
    assert {"/accounts/sign-up/sent/", "/therapists/my-listing/", "/therapists/moderation/",
            "/therapists/", f"/therapists/{Listing.objects.get().pk}/",
            "/api/directory/therapists"} <= paths
    assert len(bodies.seen) >= 13
    assert [url for url, body in bodies.seen if EMAIL in body] == []
