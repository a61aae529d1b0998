"""The anatomy pages in a real Chromium, with and without JavaScript."""

from typing import Any


def test_body_map_to_candidates_to_highlighted_muscle(page: Any) -> None:
    page.goto("/anatomy/where-does-it-hurt/")
    back = page.locator("svg.bodymap-back")
    back.locator('[data-region="sacroiliac_joint"]').first.click()
    back.locator('[data-region="lower_buttock"]').first.click()
    assert page.locator('input[value="sacroiliac_joint"]').is_checked()
    assert page.locator('input[value="lower_buttock"]').is_checked()
    assert back.locator('[data-region="lower_buttock"].is-on').count() == 2  # both sides
    page.get_by_role("button", name="Show the muscles").click()
    page.wait_for_url("**region=lower_buttock**")
    candidates = page.locator("ol.candidates li")
    names = [candidates.nth(i).locator("strong").inner_text() for i in range(3)]
    assert "Quadratus lumborum" in names
    page.get_by_role("link", name="Quadratus lumborum").click()
    page.wait_for_url("**/anatomy/muscles/quadratus_lumborum/")
    highlighted = page.locator('svg.diagram [data-muscle="quadratus_lumborum"]')
    assert highlighted.count() == 3
    assert highlighted.first.is_visible()
    assert page.problems == []


def test_clicking_a_region_twice_unticks_it(page: Any) -> None:
    page.goto("/anatomy/where-does-it-hurt/")
    region = page.locator('svg.bodymap-front [data-region="groin"]').first
    region.click()
    region.click()
    assert not page.locator('input[value="groin"]').is_checked()
    page.locator('input[value="groin"]').check()  # the list drives the map too
    assert page.locator('svg.bodymap-front [data-region="groin"].is-on').count() == 2
    assert page.problems == []


def test_pages_work_with_javascript_off(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/anatomy/where-does-it-hurt/")
    assert not tab.locator(".bodymaps").is_visible()  # the map needs JS; the list does not
    tab.get_by_label("Groin").check()
    tab.get_by_label("Front of the thigh").check()
    tab.get_by_role("button", name="Show the muscles").click()
    tab.wait_for_url("**region=groin**")
    assert tab.locator("ol.candidates li").count() > 0
    tab.locator("ol.candidates a").first.click()
    assert tab.locator("svg.diagram [data-muscle]").count() == 3
    tab.goto("/anatomy/hub/")
    assert tab.locator(".hub-groups .hub-centre").is_visible()  # the readable view first
    tab.get_by_text("The whole network").click()  # the full network, folded, opens without JS
    assert tab.locator("svg.hub-network").is_visible()
    context.close()


def test_muscle_page_fits_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/anatomy/muscles/psoas_major/")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.goto("/learn/hip-and-back/")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.problems == []


def test_the_saddle_area_shows_the_emergency_advice_on_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/anatomy/where-does-it-hurt/")
    page.locator('svg.bodymap-front [data-region="saddle"]').first.click()
    assert page.locator('input[value="saddle"]').is_checked()
    page.get_by_role("button", name="Show the muscles").click()
    page.wait_for_url("**region=saddle**")
    results = page.locator("#results")
    assert results.get_by_role("heading", name="Emergency: get help now").is_visible()
    call = results.locator('a[href^="tel:"]').first
    assert call.is_visible()
    assert call.get_attribute("href") == "tel:" + call.inner_text().replace(" ", "")
    assert page.locator("ol.candidates").count() == 0
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.problems == []


def test_outer_hip_pain_puts_a_gluteal_first(page: Any) -> None:
    page.goto("/anatomy/where-does-it-hurt/")
    page.get_by_label("Outer hip (greater trochanter)").check()
    page.get_by_role("button", name="Show the muscles").click()
    page.wait_for_url("**region=greater_trochanter**")
    first = page.locator("ol.candidates li").first.locator("strong").inner_text()
    assert first in ("Gluteus medius", "Gluteus minimus")
    assert page.problems == []
