"""A reader's report in a real Chromium: captcha, pending, approved by mo, published.

The 3-second minimum fill time is checked by the server, which runs in this process (the
live server thread), so the test moves the process's clock forward (time-machine) instead
of waiting: a clock in the browser (page.clock) would not reach the server's check.
"""

import re
import time
from typing import Any

import time_machine
from playwright.sync_api import expect

from hiphub.accounts.models import User
from hiphub.community.models import Post, Status
from tests.conftest import PASSWORD


def solve(question: str) -> str:
    """Answer `80 + _ = 85` the way a reader would."""
    left, total = question.split(" = ")
    a, b = left.split(" + ")
    known = int(b) if a.strip() == "_" else int(a)
    return str(int(total) - known)


def test_report_is_held_approved_by_mo_and_published_with_chip(page: Any, mo: User) -> None:
    with time_machine.travel(time.time(), tick=False) as clock:
        _post_a_report(page, clock)
    # The thanks are in view where the page lands (the discussion), not at the top of the page.
    thanks = page.locator("[data-posted]")
    assert "waiting for a moderator" in thanks.inner_text()
    expect(thanks).to_be_in_viewport()
    assert "waiting for a moderator" not in page.locator("main > .messages").inner_text()
    assert page.locator(".post-text").count() == 0
    assert Post.objects.get().status == Status.PENDING
    _approve_as_mo(page, mo)

    page.goto("/learn/hip-and-back/")
    published = page.locator("li.post").first
    assert published.locator(".post-name").inner_text() == '<script>alert("x")</script> Rita'
    assert published.locator(".post-text").inner_text() == "Knees up on a chair <b>helped</b>."
    assert "7 → 3" in published.locator(".chip").inner_text()
    assert "rita.private" not in page.content()
    assert page.problems == []


def test_without_javascript_write_a_post_opens_the_form(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/learn/hip-and-back/")
        assert not page.locator("form.community-form").is_visible()
        page.get_by_role("link", name="Write a post").click()
        form = page.locator("form.community-form")
        assert form.is_visible()
        question = form.locator(".captcha-question").inner_text()
        assert re.fullmatch(r"(_ \+ \d+|\d+ \+ _) = \d+", question)
    finally:
        context.close()


def test_a_report_sent_at_once_is_refused_and_can_be_sent_again(page: Any) -> None:
    with time_machine.travel(time.time(), tick=False) as clock:
        _post_a_report(page, clock, wait=0)
        page.wait_for_url("**/community/post/")
        assert "within 3 seconds" in page.locator(".captcha").inner_text()
        assert not Post.objects.exists()
        form = page.locator("form.community-form")
        question = form.locator(".captcha-question").inner_text()
        form.get_by_label(re.compile("Anti-spam question")).fill(solve(question))
        clock.shift(3.1)
        form.get_by_role("button", name="Post").click()
        page.wait_for_url("**/learn/hip-and-back/#community")
    assert Post.objects.get().text == "Knees up on a chair <b>helped</b>."
    # The refused form came back with status 400, which Chromium logs; nothing else.
    assert page.problems == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def _post_a_report(page: Any, clock: Any, wait: float = 3.1) -> None:
    """Fill the form as a reader would, `wait` seconds (of the server's clock) after the
    question was issued, and send it."""
    page.goto("/learn/hip-and-back/")
    form = page.locator("form.community-form")
    form.get_by_label("Name shown with your post").fill('<script>alert("x")</script> Rita')
    form.get_by_label("Email (never shown to anyone)").fill("rita.private@example.net")
    form.get_by_label("Your comment or report").fill("Knees up on a chair <b>helped</b>.")
    form.get_by_label("Pain before (0–10, optional)").fill("7")
    form.get_by_label("Pain after (0–10, optional)").fill("3")
    form.get_by_label("Self-care routine you used (optional)").select_option("positional_release")
    # The page came from the cache without a question: typing fetched one (community.js).
    form.locator(".captcha-question").wait_for()
    question = form.locator(".captcha-question").inner_text()
    assert re.fullmatch(r"(_ \+ \d+|\d+ \+ _) = \d+", question)
    form.get_by_label(re.compile("Anti-spam question")).fill(solve(question))
    clock.shift(wait)  # a person takes longer than 3 seconds to read and type
    form.get_by_role("button", name="Post").click()
    if wait >= 3:
        page.wait_for_url("**/learn/hip-and-back/#community")


def _approve_as_mo(page: Any, mo: User) -> None:
    page.goto("/community/moderation/")  # moderators only: the sign-in page comes first
    page.wait_for_url("**/accounts/sign-in/?next=/community/moderation/")
    page.locator("#id_username").fill(mo.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/community/moderation/")
    assert page.locator(".site-nav").get_by_role("link", name=re.compile("Moderation")).count()
    assert page.locator(".post-name").first.inner_text() == '<script>alert("x")</script> Rita'
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Approve ticked").click()
    page.wait_for_url("**/community/moderation/?status=pending")
    assert "1 post approved." in page.locator(".messages").inner_text()
