"""A whole guided session in Chromium, with the browser's clock faked for the countdown."""

from datetime import UTC, datetime
from typing import Any

from hiphub.journal.models import JournalSession
from hiphub.screening.models import SafetyCheck
from hiphub.selfcare.protocol import get
from tests.browser.conftest import sign_in


def test_alice_completes_a_session_and_her_journal_updates(
    page: Any, live_server: Any, alice: Any
) -> None:
    for day in (1, 2):
        JournalSession.objects.create(
            user=alice,
            started_at=datetime(2026, 11, day, 8, tzinfo=UTC),
            minutes=20,
            pain_before=8,
            pain_after=6,
        )
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.goto("/journal/")
    assert "2 sessions recorded" in page.inner_text("main")

    page.clock.install()
    page.goto("/self-care/positional_release/")
    assert page.get_by_role("heading", name="Before you start").is_visible()
    assert not page.get_by_role("heading", name="What you need").is_visible()
    page.locator('input[name="pain_before"][value="7"]').check()
    page.locator('input[name="tension_before"][value="6"]').check()
    page.get_by_role("button", name="Next: what you need").click()
    page.reload()  # a reload in the middle resumes where it was
    assert page.get_by_role("heading", name="What you need").is_visible()
    page.get_by_role("button", name="Next: get settled").click()
    protocol = get("positional_release")
    steps = [s for s in protocol.steps_for(protocol.default_variant.id) if s.id != "relax"]
    for _ in steps:
        page.locator("section[data-step]:not([hidden]) [data-next]").click()
    assert page.get_by_role("heading", name="Relax").is_visible()
    page.get_by_role("button", name="Start the relaxation").click()
    page.get_by_role("button", name="Pause").click()
    paused_at = page.locator("[data-countdown]").inner_text()
    page.clock.fast_forward("05:00")
    assert page.locator("[data-countdown]").inner_text() == paused_at
    page.get_by_role("button", name="Resume").click()
    page.clock.fast_forward("20:01")
    assert page.get_by_role("heading", name="How do you feel now?").is_visible()
    page.locator('input[name="pain_after"][value="4"]').check()
    page.locator('input[name="tension_after"][value="3"]').check()
    page.get_by_label("yes").check()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/self-care/sessions/*/")
    assert "Saved to" in page.inner_text("main")

    session = JournalSession.objects.filter(user=alice).latest("created_at")
    assert (session.pain_before, session.pain_after, session.twitches) == (7, 4, True)
    page.get_by_role("link", name="your journal").click()
    main = page.inner_text("main")
    assert "3 sessions recorded" in main
    assert "7.7 → 5.3" in main  # (8+8+7)/3 → (6+6+4)/3
    assert page.problems == []


def test_a_visitor_without_a_check_is_sent_to_the_safety_check(page: Any) -> None:
    page.goto("/self-care/positional_release/")
    assert page.get_by_role("heading", name="First, a safety check").is_visible()
    page.get_by_role("link", name="Do the safety check").click()
    page.wait_for_url("**/check/safety/?next=**")
    for choice in page.locator('input[type="radio"][value="no"]').all():
        choice.check()
    page.get_by_role("button", name="See what to do").click()
    page.get_by_role("link", name="Go on to self-care").click()
    page.wait_for_url("**/self-care/positional_release/")
    assert page.get_by_role("heading", name="Before you start").is_visible()
    assert page.problems == []


def test_the_side_lying_variant_is_shown_saved_and_in_the_journal(
    page: Any, live_server: Any, alice: Any
) -> None:
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.clock.install()
    page.goto("/self-care/positional_release/")
    page.locator('input[name="pain_before"][value="5"]').check()
    page.locator('input[name="tension_before"][value="5"]').check()
    page.get_by_label("On your side").check()
    page.get_by_role("button", name="Next: what you need").click()
    page.get_by_role("button", name="Next: get settled").click()
    protocol = get("positional_release")
    seen = []
    for step in protocol.steps_for("side_lying"):
        if step.id == "relax":
            break
        shown = page.locator("section[data-step]:not([hidden])")
        seen.append(shown.get_attribute("data-step"))
        shown.locator("[data-next]").click()
    assert seen == [s.id for s in protocol.steps_for("side_lying") if s.id != "relax"]
    assert "knee_pillow_between" in seen and "thigh_pillows" not in seen
    assert page.get_by_role("heading", name="Relax").is_visible()
    page.get_by_role("button", name="Skip to the end").click()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/self-care/sessions/*/")
    assert "(on your side)" in page.inner_text("main")
    assert JournalSession.objects.get(user=alice).variant == "side_lying"
    page.goto("/journal/")
    assert "On your side" in page.inner_text("main")
    assert page.problems == []
