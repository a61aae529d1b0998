"""The site shell in a real Chromium: no console errors, no CSP violations, keyboard only."""

from typing import Any


def test_home_and_help_now_load_cleanly(page: Any) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "The hips are the hub"
    page.get_by_role("link", name="When to get help now").first.click()
    page.wait_for_url("**/help-now/")
    assert page.get_by_role("heading", name="Emergency: get help now").is_visible()
    assert page.problems == []


def test_keyboard_reaches_skip_link_then_navigation(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()  # revealed when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.goto("/")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "When to get help now" in seen
    for link in page.locator(".site-nav a").all():
        assert link.inner_text() in seen
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the site name, the first link after the skip link
    assert page.evaluate("document.activeElement.className") == "brand"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    assert page.problems == []


def test_usable_at_320_pixels(page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/help-now/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert page.problems == []


def test_csp_violation_would_be_caught(page: Any) -> None:
    """The problem list really sees CSP violations: inject an inline script and watch."""
    page.goto("/")
    # Wait for the browser's report of the violation itself, not for an arbitrary time.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
        )
    assert page.evaluate("window.ran") is None
    assert any("Content Security Policy" in p for p in page.problems)
