"""Emails never leave the private side; the API; deleting one's posts; account data."""

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hiphub.accounts.models import User
from hiphub.community.hashing import private_hash
from hiphub.community.models import ConfirmedAddress, Post, Status
from tests.community.helpers import (
    PAGE,
    PROTOCOL_PAGE,
    answer_for,
    confirm_address,
    form_data,
    fresh_token,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
EMAILS = ["secret.one@example.net", "Hidden.Two@example.com"]


def post_as(client: Client, frozen: Any, email: str, **more: Any) -> Any:
    token = fresh_token(client)
    frozen.shift(4)
    return client.post("/community/post/", form_data(token, email=email, **more))


def test_no_public_response_contains_an_email(
    visitor: Client, frozen: Any, mo: User, alice: User
) -> None:
    for n, email in enumerate(EMAILS):
        post_as(Client(REMOTE_ADDR=f"10.1.0.{n}"), frozen, email, text=f"story {n}")
    member = client_for(alice)
    member.post("/community/post/", {"thread": "protocol:positional_release",
                                     "display_name": "Alice", "text": "member story"})
    moderator = client_for(mo)
    moderator.post("/community/moderation/", {
        "action": "approve", "post": list(Post.objects.values_list("pk", flat=True))
    })
    top = Post.objects.filter(thread="page:hip-and-back").first()
    assert top is not None
    post_as(Client(REMOTE_ADDR="10.1.0.9"), frozen, EMAILS[0], parent=str(top.pk), text="reply")
    moderator.post("/community/moderation/", {
        "action": "approve", "post": list(Post.objects.pending().values_list("pk", flat=True))
    })
    assert Post.objects.filter(status=Status.PUBLISHED).count() == 4
    urls = [
        PAGE, PAGE + "?page=2", PROTOCOL_PAGE, PROTOCOL_PAGE + "chart.svg",
        "/api/community/posts?protocol=positional_release",
        "/api/community/posts?thread=page:hip-and-back",
        "/api/community/summary?protocol=positional_release", "/api/community/captcha",
        "/api/openapi.json", "/community/delete-my-posts/",
    ]
    # Full addresses, and the private part of the two visitors' addresses (Alice's display
    # name is public, so only her full address is searched for).
    secrets = [e.lower() for e in EMAILS] + [e.split("@")[0].lower() for e in EMAILS]
    secrets.append("alice@example.org")
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        body = response.content.decode().lower()
        headers = json.dumps(dict(response.headers)).lower()
        for secret in secrets:
            assert secret not in body and secret not in headers, (url, secret)
    page = visitor.get(PAGE).content.decode()
    assert "story 0" in page and "reply" in page


def test_ip_addresses_are_kept_only_as_salted_hashes(frozen: Any) -> None:
    post_as(Client(REMOTE_ADDR="203.0.113.7"), frozen, EMAILS[0])
    post = Post.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", post.ip_hash)
    assert "203.0.113.7" not in json.dumps(list(Post.objects.values()), default=str)


def test_delete_my_posts_through_a_signed_link(visitor: Client, frozen: Any) -> None:
    post_as(visitor, frozen, EMAILS[0], text="mine")
    post_as(Client(REMOTE_ADDR="10.9.9.9"), frozen, EMAILS[1], text="theirs")
    mail.outbox.clear()  # the links to confirm the two addresses
    confirm_address(visitor, EMAILS[0])
    response = visitor.post("/community/delete-my-posts/", {"email": EMAILS[0].upper()})
    assert "we have sent it a link" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAILS[0].upper()]
    link = re.search(r"http://testserver(/community/delete-my-posts/\S+/)", mail.outbox[0].body)
    assert link
    confirm = visitor.get(link.group(1))
    assert "1 post written with your email address will be deleted" in confirm.content.decode()
    done = visitor.post(link.group(1))
    assert "1 post deleted" in done.content.decode()
    assert list(Post.objects.values_list("text", flat=True)) == ["theirs"]
    assert not ConfirmedAddress.objects.exists()  # the address is forgotten too
    tampered = visitor.get(link.group(1)[:-3] + "xx/")
    assert tampered.status_code == 400


def test_thirty_delete_requests_send_three_emails_an_hour(visitor: Client, frozen: Any) -> None:
    """Issue 11: 30 "delete my posts" requests sent 30 emails."""
    post_as(visitor, frozen, EMAILS[0], text="mine")
    mail.outbox.clear()
    for _ in range(30):
        response = visitor.post("/community/delete-my-posts/", {"email": EMAILS[0]})
        assert response.status_code == 200
        assert "we have sent it a link" in response.content.decode()  # the same every time
    assert len(mail.outbox) == 3
    frozen.shift(61 * 60)
    visitor.post("/community/delete-my-posts/", {"email": EMAILS[0]})
    assert len(mail.outbox) == 4


def test_unknown_email_gets_the_same_answer_and_no_mail(visitor: Client) -> None:
    response = visitor.post("/community/delete-my-posts/", {"email": "nobody@example.net"})
    assert "we have sent it a link" in response.content.decode()
    assert mail.outbox == []


def test_member_export_and_account_deletion_cover_posts(alice: User) -> None:
    client = client_for(alice)
    client.post("/community/post/", {"thread": "page:hip-and-back", "display_name": "Alice",
                                     "text": "from alice"})
    exported = json.loads(client.get("/accounts/my-data/export.json").content)
    assert exported["data"]["community"][0]["text"] == "from alice"
    alice.delete()
    assert not Post.objects.exists()


# --- API ----------------------------------------------------------------------------------


def api_post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/community/posts", json.dumps(body), content_type="application/json")


def api_body(client: Client, frozen: Any, **overrides: Any) -> dict[str, Any]:
    challenge = client.get("/api/community/captcha").json()
    frozen.shift(4)
    body = form_data(challenge["challenge"], **overrides)
    body.pop("thread")
    body["answer"] = answer_for(challenge["challenge"])
    return body


def test_api_captcha_is_a_signed_text_challenge(visitor: Client) -> None:
    got = visitor.get("/api/community/captcha").json()
    assert re.fullmatch(r"(_ \+ \d+|\d+ \+ _) = \d+", got["question"])
    assert got["expires_in"] == 1800 and "plus" in got["label"]


def test_api_post_is_stored_pending(visitor: Client, frozen: Any) -> None:
    response = api_post(visitor, api_body(visitor, frozen))
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert "email" not in response.json()
    assert Post.objects.get().thread == "protocol:positional_release"


def test_api_bad_input_is_422_naming_fields(visitor: Client, frozen: Any) -> None:
    body = api_body(visitor, frozen, email="nope", text="")
    body["answer"] = 0 if body["answer"] != 0 else 1
    body["pain_before"] = None
    response = api_post(visitor, body)
    assert response.status_code == 422
    fields = {d["loc"][1] for d in response.json()["detail"]}
    assert {"email", "text", "answer"} <= fields
    assert not Post.objects.exists()


@pytest.mark.parametrize("field", ["display_name", "email", "text", "thread"])
def test_api_nul_character_is_422_naming_the_field(
    visitor: Client, frozen: Any, field: str
) -> None:
    body = api_body(visitor, frozen)
    body[field] = (body.get(field) or "page:hip-and-back") + "\x00"
    response = api_post(visitor, body)
    assert response.status_code == 422
    named = [d for d in response.json()["detail"] if d["loc"] == ["body", field]]
    assert named, response.json()
    assert not Post.objects.exists()


def test_api_posts_are_never_trusted_by_email(visitor: Client, frozen: Any) -> None:
    """The API reads no cookies, so even a confirmed address's post waits for a moderator."""
    Post.add(
        thread="page:hip-and-back", display_name="Rita", email=EMAILS[0],
        email_hash=private_hash(EMAILS[0]), text="approved", ip_hash="i", status=Status.PUBLISHED,
    )
    confirm_address(visitor, EMAILS[0])
    response = api_post(visitor, api_body(visitor, frozen, email=EMAILS[0]))
    assert response.json()["status"] == "pending"
    assert Post.objects.get(text__startswith="Lying").status == Status.PENDING


def test_api_replay_and_honeypot_refused(visitor: Client, frozen: Any) -> None:
    body = api_body(visitor, frozen)
    assert api_post(visitor, body).status_code == 201
    again = api_post(visitor, body)
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "challenge"]
    trap = api_post(visitor, api_body(visitor, frozen, website="x"))
    assert [d["loc"][1] for d in trap.json()["detail"]] == ["website"]
    assert Post.objects.count() == 1


def test_api_rate_limit_is_429(visitor: Client, frozen: Any, settings: Any) -> None:
    settings.COMMUNITY_RATE_POSTS = 1
    assert api_post(visitor, api_body(visitor, frozen)).status_code == 201
    limited = api_post(visitor, api_body(visitor, frozen, email="other@example.net"))
    assert limited.status_code == 429
    assert "Please wait" in limited.json()["detail"]


def test_api_lists_published_posts_and_summary(visitor: Client) -> None:
    for n, (before, after, status) in enumerate(
        [(8, 4, Status.PUBLISHED), (6, 5, Status.PUBLISHED), (9, 1, Status.PENDING)]
    ):
        Post.add(
            thread="protocol:positional_release", display_name=f"P{n}", email="p@example.net",
            email_hash="h", text=f"text {n}", ip_hash="i", pain_before=before,
            pain_after=after, protocol="positional_release", status=status,
        )
    listed = visitor.get("/api/community/posts?protocol=positional_release&page=1").json()
    assert [p["text"] for p in listed["results"]] == ["text 1", "text 0"]
    assert listed["count"] == 2 and "email" not in listed["results"][0]
    summary = visitor.get("/api/community/summary?protocol=positional_release").json()
    assert summary["count"] == 2
    assert summary["median_before"] == 7.0 and summary["median_after"] == 4.5
    assert summary["improved_2_points"] == 1 and summary["improved_share"] == 0.5
    assert "not results of a trial" in summary["caveat"]
    page = visitor.get(PROTOCOL_PAGE).content.decode()
    assert "1 of 2 (50%)" in page and "Not a trial." in page
    assert visitor.get(PROTOCOL_PAGE + "chart.svg")["Content-Type"] == "image/svg+xml"


def test_api_unknown_protocol_is_422(visitor: Client) -> None:
    response = visitor.get("/api/community/summary?protocol=yoga")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "protocol"]
    assert visitor.get("/community/protocols/yoga/").status_code == 404
