"""The fair test in a real browser on a phone-sized screen: started and rated without
JavaScript, and its result readable at 360 px without sideways scrolling."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from hiphub.reports.models import Experiment
from tests.browser.conftest import sign_in

PHONE = {"width": 360, "height": 740}


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _shot(page: Any, name: str) -> None:
    """Keep a picture when HIPHUB_SHOTS names a folder (to look at the page by eye)."""
    folder = os.environ.get("HIPHUB_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_fair_test_is_started_and_rated_without_javascript(
    browser: Any, live_server: Any, alice: Any
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    sign_in(page, live_server, alice)
    page.goto("/journal/")
    page.get_by_role("link", name="Run a fair test").click()
    _no_sideways_scroll(page)
    _shot(page, "fair-test-start-360")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).check()
    page.get_by_role("button", name="Start the fair test").click()
    assert page.get_by_text("Your fair test has started").is_visible()
    assert page.get_by_role("heading", name="Today,").is_visible()
    page.locator("fieldset", has_text="before the session").get_by_text("6", exact=True).click()
    page.get_by_role("button", name="Save today's ratings").click()
    assert page.get_by_text("Saved.").is_visible()
    _no_sideways_scroll(page)
    _shot(page, "fair-test-today-360")
    test = Experiment.objects.get(user=alice)
    assert test.slots.get(day=timezone.localdate()).pain_before == 6
    context.close()


def test_the_result_reads_on_a_phone(page: Any, live_server: Any, alice: Any) -> None:
    first = timezone.localdate() - timedelta(days=30)
    now = timezone.now()
    test = Experiment.start(
        alice, routine_a="positional_release", routine_b="rest", minutes=20, weeks=4,
        weekdays=[0, 2, 4], block_size=4, first_day=first, seed=2026, now=now,
    )
    for i, slot in enumerate(test.slots.order_by("position")):
        helps = slot.condition == "a"
        slot.pain_before, slot.pain_after = 6, (3 if helps else 6) - (i % 2)
        slot.pain_morning = 4 + (i % 3 == 0)
        slot.rated_at = now
        slot.save()
    test.stop(now)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, alice)
    page.goto(f"/reports/fair-test/{test.pk}/")
    assert page.get_by_role("heading", name="What it found").is_visible()
    assert page.get_by_text("did better by about").first.is_visible()
    _no_sideways_scroll(page)
    _shot(page, "fair-test-result-360")
    assert page.problems == []
