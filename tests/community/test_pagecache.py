"""Pages with a discussion come from the cache for visitors, carry no per-visitor token,
and the form still works: with JavaScript through the challenge endpoint, without it
through the "Write a post" page (issue 16)."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hiphub.accounts.models import User
from hiphub.community.models import Post, Status
from tests.community.helpers import (
    CHALLENGE,
    PAGE,
    PROTOCOL_PAGE,
    challenge_in,
    form_data,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [PAGE, PROTOCOL_PAGE])
def test_every_visitor_gets_the_same_page_with_no_token_and_no_cookie(path: str) -> None:
    first, second = Client().get(path), Client().get(path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'name="challenge" value=""' in html  # filled in when someone starts writing
    assert not first.cookies and not second.cookies
    assert "Cookie" in first["Vary"]


def test_a_cached_page_costs_one_small_query(visitor: Client) -> None:
    visitor.get(PAGE)
    with CaptureQueriesContext(connection) as counted:
        assert visitor.get(PAGE + "?page=1").status_code == 200
    (only,) = [q["sql"] for q in counted.captured_queries]
    assert "community_threadtally" in only  # one row: the thread's count and version


def test_with_javascript_the_form_fetches_its_question_and_token_and_posts(
    frozen: Any,
) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(PAGE).content.decode()
    assert re.search(r'<form [^>]*hidden data-challenge-url="/community/challenge/"', page)
    assert "community/community.js" in page
    fetched = browser.get(CHALLENGE)
    assert "no-store" in fetched["Cache-Control"]
    made = fetched.json()
    assert set(made) == {"challenge", "question", "label", "expires_in", "csrf_token"}
    assert re.fullmatch(r"(_ \+ \d+|\d+ \+ _) = \d+", made["question"])
    frozen.shift(4)
    sent = browser.post(
        "/community/post/",
        {**form_data(made["challenge"]), "csrfmiddlewaretoken": made["csrf_token"]},
    )
    assert sent.status_code == 302
    assert Post.objects.get().status == Status.PENDING


def test_a_challenge_from_the_endpoint_is_single_use_and_needs_3_seconds(
    visitor: Client, frozen: Any
) -> None:
    token = visitor.get(CHALLENGE).json()["challenge"]
    frozen.shift(1)
    hasty = visitor.post("/community/post/", form_data(token))
    assert hasty.status_code == 400 and "within 3 seconds" in hasty.content.decode()
    frozen.shift(5)
    again = visitor.post("/community/post/", form_data(token))
    assert again.status_code == 400 and "already used" in again.content.decode()
    assert not Post.objects.exists()


def test_without_javascript_write_a_post_opens_a_live_form_that_works(frozen: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    cached = browser.get(PAGE).content.decode()
    assert 'href="?write=1#post-form-heading">Write a post</a>' in cached
    live = browser.get(PAGE + "?write=1")
    html = live.content.decode()
    assert "csrfmiddlewaretoken" in html and "data-challenge-url" not in html
    token = challenge_in(html)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert csrf
    frozen.shift(4)
    sent = browser.post(
        "/community/post/", {**form_data(token), "csrfmiddlewaretoken": csrf.group(1)}
    )
    assert sent.status_code == 302
    assert Post.objects.count() == 1


def test_members_and_visitors_with_a_message_get_their_own_page(
    alice: User, frozen: Any
) -> None:
    member = client_for(alice).get(PAGE).content.decode()
    assert "csrfmiddlewaretoken" in member and 'value="Alice"' in member
    visitor = Client()
    token = visitor.get(CHALLENGE).json()["challenge"]
    frozen.shift(4)
    visitor.post("/community/post/", form_data(token))
    after = visitor.get(PAGE).content.decode()
    assert "waiting for a moderator" in after  # the one-off message is not lost to the cache
    assert "waiting for a moderator" not in Client().get(PAGE).content.decode()


def test_the_routine_chart_is_drawn_again_once_a_report_is_approved(
    visitor: Client, mo: User
) -> None:
    chart = PROTOCOL_PAGE + "chart.svg"
    empty = visitor.get(chart).content
    assert visitor.get(chart).content == empty  # from the cache
    held = Post.add(
        thread="page:hip-and-back", display_name="Rita", email="r@example.net", email_hash="h",
        text="Better", ip_hash="i", pain_before=8, pain_after=3, protocol="positional_release",
    )
    assert visitor.get(chart).content == empty  # pending reports are not in it
    held.approve(mo)
    drawn = visitor.get(chart).content
    assert drawn != empty and b"No approved reports yet" not in drawn
