"""The site on a phone and on a desktop: the header stays small, nothing scrolls sideways, the
menu opens with or without JavaScript, and axe-core finds no serious accessibility problems on
any page, signed out or signed in."""

import os
from pathlib import Path
from typing import Any

import pytest

from hiphub.core import sitemap
from hiphub.screening.models import SafetyCheck
from tests.browser.conftest import sign_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 360, 1280)


def test_the_phone_header_is_one_short_row_and_the_menu_opens(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for path in sitemap.PUBLIC:
        page.goto(path)
        height = page.evaluate("document.querySelector('.site-header').offsetHeight")
        assert height <= 124, f"{path}: the header is {height} px tall at 360 x 740"
        assert page.get_by_role("link", name="When to get help now").first.is_visible(), path
    page.goto("/")
    anatomy = page.locator(".site-nav").get_by_role("link", name="Anatomy")
    assert not anatomy.is_visible()  # folded away on a phone
    page.get_by_text("Menu", exact=True).click()
    anatomy.click()
    page.wait_for_url("**/anatomy/")
    assert page.problems == []


def test_the_menu_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    tab = context.new_page()
    tab.goto("/")
    tab.get_by_text("Menu", exact=True).click()
    tab.locator(".site-nav").get_by_role("link", name="Self-care").click()
    tab.wait_for_url("**/self-care/")
    context.close()


def test_on_a_wide_screen_the_menu_is_open_and_its_button_hidden(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert page.locator(".site-nav").get_by_role("link", name="Anatomy").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_scrolls_sideways(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    wide = []
    for path in sitemap.PUBLIC:
        page.goto(path)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append(path)
    assert wide == [], f"pages wider than {width} px: {wide}"


def test_member_pages_fit_a_small_phone(page: Any, live_server: Any, alice: Any) -> None:
    from tests.journal.test_pages import add_sessions

    SafetyCheck.record(alice, [])
    add_sessions(alice, 12)
    sign_in(page, live_server, alice)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in sitemap.MEMBER:
        page.goto(path, wait_until="domcontentloaded")  # layout, not the charts' drawing
        assert not page.evaluate("document.documentElement.scrollWidth > innerWidth"), path


def test_keyboard_focus_ring_shows_for_keys_not_for_clicks(page: Any) -> None:
    page.goto("/check/nrs/")
    page.locator("input[type=radio]").nth(3).click()  # a click leaves no ring behind
    assert page.evaluate("document.activeElement.type") == "radio"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none"
    page.keyboard.press("Tab")  # the keyboard does
    assert page.evaluate("document.activeElement.textContent.trim()") == "See my result"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


# --- axe-core --------------------------------------------------------------------------------


@pytest.fixture
def axe_page(browser: Any, live_server: Any) -> Any:
    """A tab that can run axe-core. The site's CSP forbids injected scripts, as it should, so
    this one test context bypasses it; every other browser test runs under the real policy."""
    if not AXE.exists():
        message = f"axe-core is missing at {AXE}; run `npm ci` (make test-browser does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def _serious_violations(tab: Any) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => `${v.id} (${v.impact}): ` +
                        v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return list(found)


def _check_pages(tab: Any, paths: tuple[str, ...], width: int) -> dict[str, list[str]]:
    tab.set_viewport_size({"width": width, "height": 740})
    problems = {}
    for path in paths:
        assert tab.goto(path).status == 200, path
        found = _serious_violations(tab)
        if found:
            problems[f"{path} @ {width}px"] = found
    return problems


@pytest.mark.parametrize("width", (360, 1280))
def test_axe_finds_nothing_serious_on_public_pages(axe_page: Any, width: int) -> None:
    assert _check_pages(axe_page, sitemap.PUBLIC, width) == {}


def test_axe_finds_nothing_serious_signed_in(
    axe_page: Any, live_server: Any, alice: Any, mo: Any
) -> None:
    SafetyCheck.record(alice, [])
    sign_in(axe_page, live_server, alice)
    problems = _check_pages(axe_page, sitemap.MEMBER, 360)
    axe_page.context.clear_cookies()
    sign_in(axe_page, live_server, mo)
    problems |= _check_pages(axe_page, sitemap.MODERATOR, 360)
    assert problems == {}
