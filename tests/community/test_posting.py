"""Posting through the page form: every spam defence, bad input, safe display."""

from typing import Any

import pytest
from django.core import mail
from django.core.signing import dumps
from django.test import Client

from hiphub.accounts.models import User
from hiphub.community import addresses, captcha
from hiphub.community.hashing import private_hash
from hiphub.community.models import ConfirmedAddress, Post, Status, UsedChallenge
from tests.community.helpers import (
    PAGE,
    PROTOCOL_PAGE,
    challenge_in,
    confirm_address,
    form_data,
    fresh_token,
    link_in_last_mail,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def post_after_wait(client: Client, frozen: Any, **overrides: Any) -> Any:
    token = fresh_token(client)
    frozen.shift(4)
    return client.post("/community/post/", form_data(token, **overrides))


def approved(**fields: Any) -> Post:
    defaults: dict[str, Any] = {
        "thread": "page:hip-and-back", "display_name": "Old hand", "email": "old@example.net",
        "email_hash": "x", "text": "Earlier post", "ip_hash": "y", "status": Status.PUBLISHED,
    }
    defaults.update(fields)
    return Post.add(**defaults)


def test_a_good_first_post_is_held_and_the_reader_told(visitor: Client, frozen: Any) -> None:
    response = post_after_wait(visitor, frozen)
    assert response.status_code == 302
    assert response["Location"] == "/learn/hip-and-back/#community"
    post = Post.objects.get()
    assert post.status == Status.PENDING
    assert post.held_because == "first post from this commenter"
    assert (post.pain_before, post.pain_after, post.protocol) == (6, 3, "positional_release")
    page = visitor.get(PAGE).content.decode()
    assert "waiting for a moderator" in page
    assert "Lying on my back" not in page  # not shown until approved


def test_a_known_address_alone_does_not_publish(visitor: Client, frozen: Any) -> None:
    """Issue 11: anyone who knew an approved commenter's address published at once."""
    approved(email="rita@example.net", email_hash=private_hash("rita@example.net"))
    attack = "Stop your medication: this stretch is all you need."
    response = post_after_wait(
        visitor, frozen, display_name="Dr Trusted", email="Rita@Example.net", text=attack
    )
    assert response.status_code == 302
    newest = Post.objects.get(display_name="Dr Trusted")
    assert newest.status == Status.PENDING
    assert newest.held_because == "an approved commenter's email, not confirmed by whoever posted"
    assert attack not in visitor.get(PAGE).content.decode()
    # The real owner hears of it: the address is sent a link to confirm it.
    assert [m.to for m in mail.outbox] == [["Rita@Example.net"]]
    assert "confirm" in mail.outbox[0].subject.lower()


def test_after_confirming_by_the_emailed_link_the_next_post_publishes(
    frozen: Any, mo: User
) -> None:
    rita = Client(REMOTE_ADDR="192.0.2.10")
    post_after_wait(rita, frozen, text="First time here.")
    first = Post.objects.get()
    assert first.status == Status.PENDING
    first.approve(mo)
    link = link_in_last_mail("rita@example.net")
    page = rita.get(link).content.decode()
    assert "Confirm my address" in page
    assert not ConfirmedAddress.objects.exists()  # opening the link (a mail scanner) is not enough
    done = rita.post(link)
    assert "your address is confirmed in this browser" in done.content.decode()
    stored = ConfirmedAddress.objects.get()
    assert stored.email_hash == private_hash("rita@example.net")
    assert "rita" not in str(list(ConfirmedAddress.objects.values())).lower()
    proof = done.cookies[addresses.PROOF_COOKIE]
    assert proof["httponly"] and "rita" not in proof.value.lower()

    mail.outbox.clear()
    post_after_wait(rita, frozen, text="Second time, confirmed.")
    assert Post.objects.get(text="Second time, confirmed.").status == Status.PUBLISHED
    assert "Second time, confirmed." in rita.get(PAGE).content.decode()
    assert mail.outbox == []  # nothing more to confirm
    # The same address typed in another browser, without the proof, still waits.
    other = Client(REMOTE_ADDR="192.0.2.99")
    post_after_wait(other, frozen, display_name="Dr Trusted", text="Stop your medication.")
    assert Post.objects.get(display_name="Dr Trusted").status == Status.PENDING


def test_confirmation_emails_are_limited_to_three_an_hour_per_address(
    frozen: Any, settings: Any
) -> None:
    """Anyone may post with any address; that must not flood its mailbox."""
    settings.COMMUNITY_RATE_POSTS = 50
    for n in range(6):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        response = post_after_wait(client, frozen, text=f"post {n}")
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "We have emailed you a link to confirm your address." in page  # every time
    assert len(mail.outbox) == 3
    assert Post.objects.count() == 6
    frozen.shift(61 * 60)
    post_after_wait(Client(REMOTE_ADDR="192.0.2.99"), frozen, text="an hour later")
    assert len(mail.outbox) == 4


def test_a_confirmation_link_that_is_forged_or_old_is_refused(
    visitor: Client, frozen: Any
) -> None:
    post_after_wait(visitor, frozen)
    link = link_in_last_mail("rita@example.net")
    assert visitor.post(link[:-3] + "xx/").status_code == 400
    frozen.shift(8 * 24 * 3600)
    late = visitor.post(link)
    assert late.status_code == 400
    assert "older than 7 days" in late.content.decode()
    assert not ConfirmedAddress.objects.exists()


def test_a_proof_cookie_for_another_address_or_a_forgotten_one_does_not_trust(
    visitor: Client, frozen: Any
) -> None:
    approved(email_hash=private_hash("rita@example.net"))
    confirm_address(visitor, "someone.else@example.net")
    post_after_wait(visitor, frozen, text="not proven")
    confirm_address(visitor, "rita@example.net")
    ConfirmedAddress.objects.all().delete()  # as "delete my posts" does
    post_after_wait(visitor, frozen, text="no longer confirmed")
    visitor.cookies[addresses.PROOF_COOKIE] = "forged"
    post_after_wait(visitor, frozen, text="forged")
    assert list(Post.objects.exclude(text="Earlier post").values_list("status", flat=True)) \
        == [Status.PENDING] * 3


def test_filled_honeypot_is_refused(visitor: Client, frozen: Any) -> None:
    response = post_after_wait(visitor, frozen, website="http://spam.example")
    assert response.status_code == 400
    assert "This field must stay empty" in response.content.decode()
    assert not Post.objects.exists()


def test_posting_within_three_seconds_is_refused(visitor: Client, frozen: Any) -> None:
    token = fresh_token(visitor)
    frozen.shift(2)
    response = visitor.post("/community/post/", form_data(token))
    assert response.status_code == 400
    assert "within 3 seconds" in response.content.decode()
    assert not Post.objects.exists()


def test_wrong_answer_is_refused(visitor: Client, frozen: Any) -> None:
    token = fresh_token(visitor)
    frozen.shift(5)
    wrong = str(captcha.open_challenge(token).expected + 1)
    response = visitor.post("/community/post/", form_data(token, answer=wrong))
    assert response.status_code == 400
    assert "not the missing number" in response.content.decode()
    assert not Post.objects.exists()


def test_replayed_challenge_is_refused(visitor: Client, frozen: Any) -> None:
    token = fresh_token(visitor)
    frozen.shift(5)
    assert visitor.post("/community/post/", form_data(token)).status_code == 302
    again = visitor.post("/community/post/", form_data(token, text="Second go"))
    assert again.status_code == 400
    assert "already used" in again.content.decode()
    assert Post.objects.count() == 1
    assert UsedChallenge.objects.count() == 1


def test_expired_challenge_is_refused(visitor: Client, frozen: Any) -> None:
    token = fresh_token(visitor)
    frozen.shift(31 * 60)
    response = visitor.post("/community/post/", form_data(token))
    assert response.status_code == 400
    assert "expired after 30 minutes" in response.content.decode()
    assert not Post.objects.exists()


def test_forged_challenge_is_refused(visitor: Client, frozen: Any) -> None:
    forged = dumps({"a": 1, "b": 1, "k": 0, "n": "abc", "t": 0}, salt="another")
    frozen.shift(5)
    response = visitor.post("/community/post/", {**form_data(fresh_token(visitor)),
                                                  "challenge": forged, "answer": "1"})
    assert "could not be checked" in response.content.decode()
    assert not Post.objects.exists()


def test_bad_input_keeps_what_was_typed_except_the_captcha(
    visitor: Client, frozen: Any
) -> None:
    token = fresh_token(visitor)
    frozen.shift(5)
    data = form_data(token, email="not-an-email", pain_after="12", display_name="")
    response = visitor.post("/community/post/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "That does not look like an email address." in html
    assert "Please give a name to show with your post." in html
    assert "from 0 to 10" in html
    assert 'value="not-an-email"' in html
    assert "Lying on my back with knees up" in html
    assert 'value="12"' in html
    assert token not in html  # a new question replaces the old one
    assert 'name="answer" id="cf-new-answer" inputmode="numeric" autocomplete="off" required' \
        in html
    assert not Post.objects.exists()


def test_missing_fields_are_named(visitor: Client, frozen: Any) -> None:
    token = fresh_token(visitor)
    frozen.shift(5)
    response = visitor.post("/community/post/", {"thread": "page:hip-and-back",
                                                  "challenge": token, "answer": ""})
    html = response.content.decode()
    assert "Please give your email address" in html
    assert "Please write something" in html
    assert "Please type the missing number" in html
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error_id"),
    [
        ("display_name", "Ri\x00ta", "cf-new-name-err"),
        ("email", "rita\x00@example.net", "cf-new-email-err"),
        ("text", "Helped a bit.\x00", "cf-new-text-err"),
    ],
)
def test_a_nul_character_is_refused_naming_the_field(
    visitor: Client, frozen: Any, field: str, value: str, error_id: str
) -> None:
    """PostgreSQL cannot store a NUL character: a clear error beside the field, on every
    database, and nothing stored."""
    response = post_after_wait(visitor, frozen, **{field: value})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="{error_id}"' in html
    assert "NUL character" in html or field == "email"  # the email is first refused as invalid
    assert not Post.objects.exists()


def test_oversized_text_is_refused(visitor: Client, frozen: Any) -> None:
    response = post_after_wait(visitor, frozen, text="a" * 4001)
    assert response.status_code == 400
    assert "under 4,000 characters (it has 4,001)" in response.content.decode()
    assert not Post.objects.exists()


def test_rate_limit_per_ip_answers_429(
    visitor: Client, frozen: Any, settings: Any
) -> None:
    settings.COMMUNITY_RATE_POSTS = 2
    for n in range(2):
        assert post_after_wait(visitor, frozen, email=f"p{n}@example.net").status_code == 302
    response = post_after_wait(visitor, frozen, email="p9@example.net")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert Post.objects.count() == 2
    frozen.shift(11 * 60)  # the window has passed
    assert post_after_wait(visitor, frozen, email="p9@example.net").status_code == 302


def test_rate_limit_per_email_across_addresses(frozen: Any, settings: Any) -> None:
    settings.COMMUNITY_RATE_POSTS = 2
    for n in range(2):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert post_after_wait(client, frozen).status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post_after_wait(other, frozen).status_code == 429
    assert Post.objects.count() == 2
    assert all(len(p.ip_hash) == 64 and "10.0.0" not in p.ip_hash for p in Post.objects.all())


def test_many_links_or_block_list_hold_a_trusted_post(
    visitor: Client, frozen: Any, settings: Any
) -> None:
    approved(email_hash=private_hash("rita@example.net"))
    confirm_address(visitor, "rita@example.net")
    settings.COMMUNITY_BLOCK_LIST = ["miracle pill"]
    post_after_wait(visitor, frozen, text="Try the miracle pill!")
    post_after_wait(visitor, frozen, text="See http://a.example, http://b.example, http://c.example")
    post_after_wait(visitor, frozen, text="Two links: http://a.example and www.b.example")
    held = Post.objects.filter(status=Status.PENDING).order_by("id")
    # A confirmed address is trusted like a verified member: up to 2 links.
    assert [p.held_because for p in held] == [
        "blocked words: miracle pill",
        "3 links (more than 2)",
    ]
    assert Post.objects.filter(status=Status.PUBLISHED, text__startswith="Two links").exists()


def test_a_verified_member_may_post_two_links_but_not_three(frozen: Any, alice: User) -> None:
    approved(user=alice, email=alice.email)
    client = client_for(alice)
    for text in ("http://a.example http://b.example", "http://a.example http://b.example http://c.example"):
        data = {"thread": "page:hip-and-back", "display_name": "Alice", "text": text}
        client.post("/community/post/", data)
    posts = Post.objects.filter(user=alice).exclude(text="Earlier post").order_by("id")
    assert [p.status for p in posts] == [Status.PUBLISHED, Status.PENDING]
    assert posts[1].held_because == "3 links (more than 2)"


def test_script_and_markup_are_shown_as_text(visitor: Client, frozen: Any) -> None:
    approved(
        display_name='<script>alert("n")</script>',
        text='<img src=x onerror=alert(1)> see https://example.org/a"b',
    )
    html = visitor.get(PAGE).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<a href="https://example.org/a" rel="nofollow ugc">https://example.org/a</a>' in html


def test_published_posts_newest_first_paginated_with_chip(visitor: Client) -> None:
    for n in range(25):
        approved(text=f"post number {n:02d}", pain_before=7, pain_after=3)
    html = visitor.get(PAGE).content.decode()
    assert html.index("post number 24") < html.index("post number 23")
    assert "post number 04" not in html
    assert "Page 1 of 2" in html
    assert "7 → 3" in html
    second = visitor.get(PAGE + "?page=2").content.decode()
    assert "post number 04" in second and "post number 24" not in second


def test_replies_go_one_level_deep(visitor: Client, frozen: Any) -> None:
    top = approved(email_hash=private_hash("rita@example.net"))
    confirm_address(visitor, "rita@example.net")
    post_after_wait(visitor, frozen, parent=str(top.pk), text="Same for me")
    reply = Post.objects.get(parent=top)
    assert reply.status == Status.PUBLISHED
    assert "Same for me" in visitor.get(PAGE).content.decode()
    response = post_after_wait(visitor, frozen, parent=str(reply.pk), text="Deeper")
    assert response.status_code == 400
    assert "not available" in response.content.decode()


def test_member_posts_from_own_session_in_one_click(alice: User, bob: User) -> None:
    from django.utils import timezone

    from hiphub.journal.models import JournalSession
    from tests.conftest import client_for

    mine = JournalSession.objects.create(
        user=alice, started_at=timezone.now(), pain_before=8, pain_after=4
    )
    theirs = JournalSession.objects.create(
        user=bob, started_at=timezone.now(), pain_before=2, pain_after=1
    )
    client = client_for(alice)
    html = client.get(f"{PROTOCOL_PAGE}?session={mine.pk}").content.decode()
    assert 'name="pain_before" id="cf-new-before" min="0" max="10" inputmode="numeric" value="8"' \
        in html
    assert 'name="answer"' not in html  # verified members need no captcha
    response = client.post("/community/post/", {
        "thread": "protocol:positional_release", "display_name": "Alice",
        "pain_before": "8", "pain_after": "4",
    })
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.user, post.email, post.pain_before, post.pain_after) == (alice, alice.email, 8, 4)
    assert post.protocol == "positional_release"
    other = client.get(f"{PROTOCOL_PAGE}?session={theirs.pk}").content.decode()
    assert 'value="2"' not in other



def test_reply_link_turns_the_form_into_a_reply(visitor: Client, frozen: Any) -> None:
    top = approved(display_name="Old hand")
    page = visitor.get(PAGE).content.decode()
    assert f'href="?reply={top.pk}#post-form-heading"' in page
    assert page.count('name="challenge"') == 1  # one form per page, not one per post
    reply_page = visitor.get(PAGE, {"reply": top.pk}).content.decode()
    assert "Reply to Old hand" in reply_page
    assert f'name="parent" value="{top.pk}"' in reply_page
    token = challenge_in(reply_page)
    frozen.shift(4)
    visitor.post("/community/post/", form_data(token, parent=str(top.pk), text="Me too"))
    assert Post.objects.get(parent=top).text == "Me too"
    assert "Reply to" not in visitor.get(PAGE, {"reply": "999999"}).content.decode().split(
        'id="post-form-heading"'
    )[1][:40]


def test_cached_posts_follow_moderation_at_once(visitor: Client, frozen: Any, mo: User) -> None:
    held = approved(status=Status.PENDING, text="Waiting its turn")
    assert "Waiting its turn" not in visitor.get(PAGE).content.decode()
    held.approve(mo)
    assert "Waiting its turn" in visitor.get(PAGE).content.decode()
    held.refresh_from_db()
    held.reject(mo)
    assert "Waiting its turn" not in visitor.get(PAGE).content.decode()


def test_errors_are_tied_to_their_fields(visitor: Client, frozen: Any) -> None:
    page = post_after_wait(visitor, frozen, email="not-an-email", answer="0").content.decode()
    assert 'id="cf-new-email-err"' in page
    assert 'aria-describedby="cf-new-email-help cf-new-email-err" aria-invalid="true"' in page
    assert 'aria-invalid="true" aria-describedby="cf-new-answer-err"' in page
    assert "data-error-summary" in page
