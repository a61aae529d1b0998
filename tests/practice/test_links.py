"""The client controls the link: they redeem the therapist's invite, choose the scopes, narrow
them, renew or revoke; each of these counts from the therapist's very next request, and every
time the therapist opens their data it shows up in the client's access log."""

import json
import re
from datetime import timedelta

import time_machine
from django.test import Client

from hiphub.accounts.models import User
from hiphub.practice.models import AccessLog, Invite, Link
from tests.conftest import client_for
from tests.practice.conftest import NOTE, link, session


def api(client: Client, method: str, path: str, body: object = None) -> tuple[int, object]:
    response = getattr(client, method)(
        f"/api/practice{path}", data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )
    return response.status_code, (json.loads(response.content) if response.content else None)


def test_invite_by_api_then_redeem_with_chosen_scopes(alice: User, tara: User, frozen) -> None:
    status, invite = api(client_for(tara), "post", "/invites")
    assert status == 201
    assert invite["url"].endswith(f"/practice/join/{invite['code']}/")
    assert invite["expires_on"] == "2026-12-08"  # 14 days from the frozen Tuesday
    status, made = api(client_for(alice), "post", "/links",
                       {"code": invite["code"].lower(), "scopes": ["sessions", "safety"]})
    assert status == 201
    assert made["scopes"] == ["sessions", "safety"] and made["state"] == "sharing"
    assert made["therapist"] == "Tara" and made["you_are"] == "client"
    assert made["expires_at"].startswith("2027-05-26")  # about six months
    # The code works once.
    status, again = api(client_for(alice), "post", "/links",
                        {"code": invite["code"], "scopes": ["sessions"]})
    assert status == 422 and "not valid" in json.dumps(again)


def test_members_cannot_make_invites_and_codes_expire_after_14_days(
    alice: User, bob: User, tara: User, frozen
) -> None:
    assert api(client_for(alice), "post", "/invites")[0] == 403
    code = Invite.make(tara).code
    frozen.shift(timedelta(days=14, seconds=1))
    status, body = api(client_for(bob), "post", "/links", {"code": code, "scopes": ["sessions"]})
    assert status == 422 and "expired" in json.dumps(body)
    assert not Link.objects.exists()


def test_redeeming_needs_known_scopes_and_at_least_one(alice: User, tara: User) -> None:
    code = Invite.make(tara).code
    status, body = api(client_for(alice), "post", "/links", {"code": code, "scopes": []})
    assert status == 422 and "scopes" in json.dumps(body)
    status, _ = api(client_for(alice), "post", "/links", {"code": code, "scopes": ["journal"]})
    assert status == 422
    assert not Link.objects.exists()  # nothing half-written: the code is still usable
    assert Invite.usable(code) is not None


def test_notes_are_off_unless_the_client_ticks_them(alice: User, tara: User) -> None:
    code = Invite.make(tara).pretty
    page = client_for(alice).get(f"/practice/join/{code}/").content.decode()
    boxes = dict(re.findall(r'<input type="checkbox"[^>]*value="(\w+)"([^>]*)>', page))
    assert set(boxes) == {"sessions", "questionnaires", "safety", "notes"}
    assert "checked" not in boxes["notes"]
    assert all("checked" in boxes[s] for s in ("sessions", "questionnaires", "safety"))


def test_redeeming_on_the_web_shares_what_was_ticked(alice: User, tara: User) -> None:
    code = Invite.make(tara).pretty
    response = client_for(alice).post(f"/practice/join/{code}/", {"scopes": ["sessions"]})
    made = Link.objects.get(client=alice)
    assert response.status_code == 302 and response["Location"] == f"/practice/links/{made.pk}/"
    assert made.scopes == ["sessions"] and made.therapist == tara
    refused = client_for(alice).post(f"/practice/join/{Invite.make(tara).pretty}/", {})
    assert refused.status_code == 400
    assert "Choose at least one thing to share" in refused.content.decode()


def test_narrowing_scopes_counts_from_the_next_request(alice: User, tara: User) -> None:
    linked = link(tara, alice, ["sessions", "notes"])
    session(alice, notes=NOTE)
    therapist = client_for(tara)
    assert NOTE in therapist.get(f"/practice/clients/{linked.pk}/").content.decode()
    status, _ = api(client_for(alice), "patch", f"/links/{linked.pk}", {"scopes": ["sessions"]})
    assert status == 200
    page = therapist.get(f"/practice/clients/{linked.pk}/").content.decode()
    assert NOTE not in page
    status, body = api(therapist, "get", f"/clients/{linked.pk}/sessions")
    assert status == 200 and body["notes"] is None and len(body["sessions"]) == 1


def test_revoking_refuses_the_next_request_on_the_web_and_the_api(
    alice: User, tara: User
) -> None:
    linked = link(tara, alice, ["sessions"])
    session(alice)
    therapist = client_for(tara)
    assert therapist.get(f"/practice/clients/{linked.pk}/").status_code == 200
    assert api(therapist, "get", f"/clients/{linked.pk}/summary")[0] == 200
    assert api(client_for(alice), "delete", f"/links/{linked.pk}")[0] == 204
    page = therapist.get(f"/practice/clients/{linked.pk}/")
    assert page.status_code == 403 and "no longer shares" in page.content.decode()
    for path in ("sessions", "summary"):
        assert api(therapist, "get", f"/clients/{linked.pk}/{path}")[0] == 403
    assert "Alice" not in therapist.get("/practice/clients/").content.decode()
    status, links = api(therapist, "get", "/links")
    assert status == 200 and links == []


def test_an_expired_link_shares_nothing_until_the_client_renews_it(
    alice: User, tara: User, frozen
) -> None:
    linked = link(tara, alice)
    frozen.shift(timedelta(days=184))
    therapist = client_for(tara)
    assert api(therapist, "get", f"/clients/{linked.pk}/summary")[0] == 403
    status, body = api(client_for(alice), "patch", f"/links/{linked.pk}", {"renew": True})
    assert status == 200 and body["state"] == "sharing"
    assert api(therapist, "get", f"/clients/{linked.pk}/summary")[0] == 200


def test_only_the_client_changes_a_link(alice: User, bob: User, tara: User) -> None:
    linked = link(tara, alice, ["sessions"])
    for other in (tara, bob):
        assert api(client_for(other), "patch", f"/links/{linked.pk}",
                   {"scopes": ["sessions", "notes"]})[0] == 404
        assert api(client_for(other), "delete", f"/links/{linked.pk}")[0] == 404
        assert api(client_for(other), "get", f"/links/{linked.pk}/access-log")[0] == 404
        assert client_for(other).post(f"/practice/links/{linked.pk}/stop/").status_code == 404
    linked.refresh_from_db()
    assert linked.scopes == ["sessions"] and linked.state == "sharing"


def test_the_access_log_lists_every_read_by_page_and_api(alice: User, tara: User) -> None:
    linked = link(tara, alice, ["sessions", "safety"])
    therapist = client_for(tara)
    with time_machine.travel("2026-11-24 10:15Z", tick=False):
        therapist.get("/practice/clients/")
    with time_machine.travel("2026-11-24 10:16Z", tick=False):
        therapist.get(f"/practice/clients/{linked.pk}/")
    with time_machine.travel("2026-11-24 10:17Z", tick=False):
        api(therapist, "get", f"/clients/{linked.pk}/sessions")
    status, log = api(client_for(alice), "get", f"/links/{linked.pk}/access-log")
    assert status == 200
    assert [(e["channel"], e["what"], e["scopes"]) for e in log] == [
        ("api", "sessions", ["sessions"]),
        ("page", "client page", ["sessions", "safety"]),
        ("page", "client list", ["sessions", "safety"]),
    ]
    page = client_for(alice).get(f"/practice/links/{linked.pk}/").content.decode()
    assert "3 times in all" in page and "Tara through the API (sessions)" in page


def test_a_refused_read_is_not_logged_as_a_view(alice: User, tara: User) -> None:
    linked = link(tara, alice, ["sessions"])
    linked.revoke()
    client_for(tara).get(f"/practice/clients/{linked.pk}/")
    assert not AccessLog.objects.exists()


def test_a_therapist_cannot_redeem_their_own_invite(tara: User) -> None:
    code = Invite.make(tara).code
    status, body = api(client_for(tara), "post", "/links", {"code": code, "scopes": ["sessions"]})
    assert status == 422 and "own invite" in json.dumps(body)
