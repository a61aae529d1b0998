"""A whole guided session in Chromium, with the browser's clock faked for the countdown."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hiphub.core.pose import describe
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


SCREENSHOTS = Path(os.environ.get("HIPHUB_DATA_DIR", "var/test")) / "screenshots"


def test_at_360_px_the_current_step_shows_its_drawing(page: Any, live_server: Any, alice: Any):
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/self-care/positional_release/")
    page.locator('input[name="pain_before"][value="6"]').check()
    page.locator('input[name="tension_before"][value="5"]').check()
    page.get_by_label("On your back, knees up").check()
    page.get_by_role("button", name="Next: what you need").click()
    page.get_by_role("button", name="Next: get settled").click()
    protocol = get("positional_release")
    step = protocol.step("knees_up_lie_down")
    while page.locator("section[data-step]:not([hidden])").get_attribute("data-step") != step.id:
        page.locator("section[data-step]:not([hidden]) [data-next]").click()
    drawing = page.locator("section[data-step]:not([hidden]) figure svg")
    assert drawing.count() == 1 and drawing.is_visible()
    assert drawing.locator("title").text_content() == describe(step.pose)
    box = drawing.bounding_box()
    assert box is not None and 240 <= box["width"] <= 360  # fills the phone's width, no overflow
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "player-360-knees-up.png"))
    # The relaxation shows the chosen set-up's drawing only.
    while page.locator("section[data-step]:not([hidden])").get_attribute("data-step") != "relax":
        page.locator("section[data-step]:not([hidden]) [data-next]").click()
    shown = page.locator('section[data-step="relax"] figure:visible svg title')
    assert shown.all_text_contents() == [describe(protocol.variant("knees_up").pose)]
    assert page.problems == []


def test_skipping_to_the_end_after_3_seconds_saves_0_or_1_minute_cut_short(
    page: Any, live_server: Any, alice: Any
) -> None:
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/self-care/positional_release/")
    page.locator('input[name="pain_before"][value="7"]').check()
    page.locator('input[name="tension_before"][value="6"]').check()
    page.get_by_role("button", name="Next: what you need").click()
    page.get_by_role("button", name="Next: get settled").click()
    while page.locator("section[data-step]:not([hidden])").get_attribute("data-step") != "relax":
        page.locator("section[data-step]:not([hidden]) [data-next]").click()
    page.get_by_role("button", name="Start the relaxation").click()
    # The dark full-screen view: the relaxation covers the screen, with its drawing and clock.
    panel = page.locator('section[data-step="relax"]')
    viewport = page.evaluate("[window.innerWidth, window.innerHeight]")
    assert panel.bounding_box() == {"x": 0, "y": 0, "width": viewport[0], "height": viewport[1]}
    assert panel.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(16, 25, 28)"
    assert page.locator('section[data-step="relax"] figure:visible svg').count() == 1
    assert page.get_by_role("button", name="Pause").is_visible()
    page.screenshot(path=str(SCREENSHOTS.absolute() / "player-360-relaxing.png"))
    page.reload()  # a reload mid-relaxation comes back to the full-screen view
    assert panel.bounding_box() == {"x": 0, "y": 0, "width": viewport[0], "height": viewport[1]}
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Skip to the end").click()
    assert page.get_by_role("heading", name="How do you feel now?").is_visible()
    assert panel.evaluate("el => getComputedStyle(el).position") != "fixed"
    page.locator('input[name="pain_after"][value="6"]').check()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/self-care/sessions/*/")
    session = JournalSession.objects.get(user=alice)
    assert session.minutes in (0, 1) and session.cut_short is True
    assert session.planned_minutes == 20
    assert f"You relaxed for {session.minutes} of the 20 minutes you chose" in page.inner_text(
        "main"
    )
    assert page.problems == []


def test_the_breathing_ring_is_still_for_reduced_motion(page: Any, live_server: Any, alice: Any):
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.emulate_media(reduced_motion="reduce")
    page.goto("/self-care/positional_release/")
    page.evaluate(
        "document.querySelector('[data-player]').classList.add('is-immersive')"
    )
    ring = page.locator(".breath")
    assert ring.evaluate("el => getComputedStyle(el).animationName") == "none"
    page.emulate_media(reduced_motion="no-preference")
    assert ring.evaluate("el => getComputedStyle(el).animationName") == "breathe"


def test_an_exercise_routine_is_timed_ticked_and_saved(page: Any, live_server: Any, alice: Any):
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    page.clock.install()
    page.goto("/self-care/hip_trunk_strength/")
    page.locator('input[name="pain_before"][value="5"]').check()
    page.locator('input[name="tension_before"][value="6"]').check()
    page.get_by_role("button", name="Next: what you need").click()
    assert page.get_by_role("heading", name="Stop if").is_visible()
    page.get_by_role("button", name="Next: the exercises").click()
    protocol = get("hip_trunk_strength")
    for step in protocol.steps:
        shown = page.locator("section[data-step]:not([hidden])")
        assert shown.get_attribute("data-step") == step.id
        assert shown.locator("figure svg").is_visible()
        if step.dose is not None:
            shown.get_by_role("button", name="Start").click()
            status = shown.locator("[data-exercise-status]")
            page.clock.fast_forward(1000)
            assert " of " in status.inner_text()
            page.clock.run_for((step.dose.total_seconds + 2) * 1000)
            assert "Done" in status.inner_text()
            assert shown.locator('input[name="done"]').is_checked()
        shown.locator("[data-next]").click()
    assert page.get_by_role("heading", name="How do you feel now?").is_visible()
    page.locator('input[name="pain_after"][value="3"]').check()
    page.locator('input[name="tension_after"][value="4"]').check()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url("**/self-care/sessions/*/")
    session = JournalSession.objects.get(user=alice)
    assert session.done_steps == [s.id for s in protocol.exercises]
    assert (session.pain_before, session.pain_after, session.cut_short) == (5, 3, False)
    assert "Pain went down by 2 (5 → 3)" in page.inner_text("main")
    assert page.problems == []
