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


def test_the_map_names_the_region_under_the_pointer_and_the_focused_checkbox(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/anatomy/where-does-it-hurt/")
    caption = page.locator("[data-bodymap-name]")
    joint = page.locator('svg.bodymap-back [data-region="sacroiliac_joint"]').first
    # A person scrolls the map to the place; Playwright's own scrolling would leave it under
    # the bar that stays at the top of the screen.
    joint.evaluate("shape => shape.scrollIntoView({block: 'center'})")
    joint.hover()
    assert caption.inner_text() == joint.locator("title").text_content()
    page.mouse.move(0, 0)  # the pointer leaves the map
    page.locator('input[value="groin"]').focus()  # the keyboard: the list drives the map
    assert "groin" in caption.inner_text().lower()
    assert page.locator('svg.bodymap-front [data-region="groin"].is-pointed').count() == 2
    # The maps grow with the screen: together they fill most of a phone's width.
    width = page.evaluate("document.querySelector('.bodymaps').getBoundingClientRect().width")
    maps = page.evaluate(
        "Array.from(document.querySelectorAll('.bodymap'))"
        ".map(s => s.getBoundingClientRect().width)"
    )
    assert sum(maps) > 0.8 * width
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
    page.get_by_role("button", name="Front", exact=True).click()  # a phone shows one side
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


SMALLEST_REGION = """() => Array.from(document.querySelectorAll('.pain-form [data-region]'))
    .map(shape => shape.getBoundingClientRect())
    .filter(box => box.width > 0)
    .map(box => Math.min(box.width, box.height))"""


def test_every_region_is_a_target_of_at_least_24_px_on_a_phone_and_a_desktop(page: Any) -> None:
    for width, sides in ((360, 1), (1280, 2)):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/anatomy/where-does-it-hurt/")
        shown = page.locator(".pain-form svg.bodymap:visible")
        assert shown.count() == sides, f"{width} px shows {shown.count()} side(s)"
        sizes = page.evaluate(SMALLEST_REGION)
        assert len(sizes) > 20
        assert min(sizes) >= 24, f"{width} px: a region is only {min(sizes):.1f} px across"
        if width == 360:
            # Near the top on a phone: the map begins in the first half of the screen.
            top = page.evaluate(
                "document.querySelector('.pain-form svg.bodymap-back').getBoundingClientRect().top"
            )
            assert top < 400, f"the map starts {top:.0f} px down"
            page.get_by_role("button", name="Front", exact=True).click()
            assert page.locator(".pain-form svg.bodymap-front").is_visible()
            assert not page.locator(".pain-form svg.bodymap-back").is_visible()
            assert min(page.evaluate(SMALLEST_REGION)) >= 24
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.problems == []


def test_focusing_a_place_drawn_on_the_other_side_turns_the_map(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/anatomy/where-does-it-hurt/")
    # The back first, where most low back pain is.
    assert page.locator(".pain-form svg.bodymap-back").is_visible()
    page.locator('input[value="groin"]').focus()
    assert page.locator(".pain-form svg.bodymap-front").is_visible()
    front = page.get_by_role("button", name="Front", exact=True)
    assert front.get_attribute("aria-pressed") == "true"
    page.locator('input[value="sacrum"]').focus()
    assert page.locator(".pain-form svg.bodymap-back").is_visible()
    # The name of the place stays in view above the tall map.
    assert "sacrum" in page.locator("[data-bodymap-name]").inner_text().lower()
    assert page.problems == []
