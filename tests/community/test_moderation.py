"""The moderation queue: who may use it, bulk decisions, the log and the digest."""

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from hiphub.accounts.models import User
from hiphub.community.models import ModerationDecision, Post, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
QUEUE = "/community/moderation/"


def pending(n: int, **fields: Any) -> list[Post]:
    return [
        Post.objects.create(
            thread="protocol:positional_release", display_name=f"Poster {i}",
            email=f"poster{i}@example.net", email_hash=f"h{i}", text=f"Report {i}",
            ip_hash="ip", pain_before=7, pain_after=3, protocol="positional_release",
            **fields,
        )
        for i in range(n)
    ]


def test_visitors_are_sent_to_sign_in(visitor: Client) -> None:
    response = visitor.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=/community/moderation/")


def test_members_cannot_moderate(alice: User, bob: User, tara: User) -> None:
    posts = pending(1)
    for member in (alice, bob, tara):
        client = client_for(member)
        assert client.get(QUEUE).status_code == 403
        response = client.post(QUEUE, {"action": "approve", "post": [posts[0].pk]})
        assert response.status_code == 403
    posts[0].refresh_from_db()
    assert posts[0].status == Status.PENDING
    assert not ModerationDecision.objects.exists()


def test_moderation_link_only_for_moderators(alice: User, mo: User) -> None:
    pending(3)
    assert "/community/moderation/" not in client_for(alice).get("/").content.decode()
    html = client_for(mo).get("/").content.decode()
    assert "/community/moderation/" in html
    assert "Moderation (3)" in html  # the pending count in the navigation


def test_queue_shows_pending_count_and_posts(mo: User) -> None:
    pending(3)
    html = client_for(mo).get(QUEUE).content.decode()
    assert "3 posts waiting for a decision" in html
    assert "Report 2" in html and "first post" not in html
    # Each post says which discussion it is in by title, not by its stored key.
    assert "protocol:positional_release" not in html
    assert html.count("Supported positional release") >= 3


def test_bulk_approve_publishes_and_logs_who_and_when(mo: User, visitor: Client) -> None:
    posts = pending(3)
    client = client_for(mo)
    response = client.post(QUEUE, {"action": "approve", "post": [posts[0].pk, posts[1].pk]})
    assert response.status_code == 302
    statuses = [p.status for p in Post.objects.order_by("id")]
    assert statuses == [Status.PUBLISHED, Status.PUBLISHED, Status.PENDING]
    log = ModerationDecision.objects.order_by("id")
    assert [(d.moderator, d.action, d.post_ref) for d in log] == [
        (mo, "approve", posts[0].pk), (mo, "approve", posts[1].pk)
    ]
    assert all(d.decided_at for d in log)
    page = visitor.get("/community/protocols/positional_release/").content.decode()
    assert "Report 0" in page and "Report 2" not in page
    assert "2 posts approved." in client.get(QUEUE).content.decode()


def test_reject_spam_and_delete_in_bulk(mo: User) -> None:
    posts = pending(4)
    client = client_for(mo)
    client.post(QUEUE, {"action": "reject", "post": [posts[0].pk]})
    client.post(QUEUE, {"action": "spam", "post": [posts[1].pk, posts[2].pk]})
    client.post(QUEUE, {"action": "delete", "post": [posts[3].pk]})
    assert sorted(Post.objects.values_list("status", flat=True)) == [
        Status.REJECTED, Status.SPAM, Status.SPAM
    ]
    assert list(ModerationDecision.objects.order_by("id").values_list("action", flat=True)) == [
        "reject", "spam", "spam", "delete"
    ]
    deleted = ModerationDecision.objects.get(action="delete")
    assert deleted.post is None and deleted.post_ref == posts[3].pk
    html = client.get(QUEUE + "?status=spam").content.decode()
    assert "Report 1" in html and "Marked as spam" in html


def test_no_posts_ticked_is_explained(mo: User) -> None:
    response = client_for(mo).post(QUEUE, {"action": "approve"}, follow=True)
    assert "Tick at least one post" in response.content.decode()


def test_digest_emails_moderators_only(mo: User, alice: User) -> None:
    pending(2)
    call_command("community_digest", "--base-url", "https://hiphub.example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mo@example.org"]
    assert message.subject == "2 community posts to moderate"
    assert "https://hiphub.example.org/community/moderation/" in message.body
    assert "Report 1" in message.body


def test_digest_sends_nothing_when_queue_is_empty(mo: User) -> None:
    call_command("community_digest")
    assert mail.outbox == []


def test_readers_reports_lists_every_discussion_with_its_published_count(
    visitor: Client, mo: User
) -> None:
    posts = pending(3)
    posts[0].approve(mo)
    posts[1].approve(mo)
    reply = pending(1, parent=posts[0])[0]
    reply.approve(mo)  # a reply is a comment on a report, not a report of its own
    html = visitor.get("/").content.decode()
    assert 'href="/community/">Readers&#x27; reports</a>' in html  # in the navigation
    page = visitor.get("/community/").content.decode()
    assert 'href="/community/protocols/positional_release/"' in page
    assert "2 published reports" in page  # the pending one is not counted
    assert "How the hips and low back relate" in page and "no reports yet" in page
