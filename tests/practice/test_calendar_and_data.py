"""The calendar feed and download, the therapist's alerts on the dashboard, and practice data
in the member's export and gone with their account."""

import json

from django.test import Client
from icalendar import Calendar

from hiphub.accounts.models import User
from hiphub.practice.models import AccessLog, Invite, Link, Programme, Reminders
from hiphub.screening.models import SafetyCheck
from tests.conftest import PASSWORD, client_for
from tests.practice.conftest import link, session, three_a_week


def test_the_feed_parses_and_holds_the_plans_recurrence(alice: User, tara: User) -> None:
    three_a_week(link(tara, alice))
    member = client_for(alice)
    member.post("/practice/reminders/calendar/new/")
    token = Reminders.of(alice).feed_token
    assert token
    response = Client().get(f"/practice/calendar/{token}.ics")  # no sign-in: the token is the key
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    rule = events[0]["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "SA"]
    assert "Supported positional release rest" in str(events[0]["SUMMARY"])
    assert b"Tara" not in response.content  # no therapist's name in a shared calendar
    download = member.get("/practice/my-plan.ics")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert Calendar.from_ical(download.content).walk("VEVENT")[0]["RRULE"] == rule


def test_a_stopped_or_replaced_feed_address_answers_404(alice: User, tara: User) -> None:
    three_a_week(link(tara, alice))
    reminders = Reminders.of(alice)
    old = reminders.new_feed()
    member = client_for(alice)
    member.post("/practice/reminders/calendar/new/")
    assert member.get(f"/practice/calendar/{old}.ics").status_code == 404
    new = Reminders.of(alice).feed_token
    assert member.get(f"/practice/calendar/{new}.ics").status_code == 200
    member.post("/practice/reminders/calendar/stop/")
    assert member.get(f"/practice/calendar/{new}.ics").status_code == 404


def test_an_alert_for_rising_pain_and_none_for_falling(
    alice: User, bob: User, tara: User, frozen
) -> None:
    for member, recent, earlier in ((alice, 7, 4), (bob, 3, 6)):
        linked = link(tara, member, ["sessions"])
        three_a_week(linked)
        for days in (2, 6, 10):
            session(member, days_ago=days, pain_before=recent)
        for days in (16, 20, 24):
            session(member, days_ago=days, pain_before=earlier)
    page = client_for(tara).get("/practice/clients/").content.decode()
    alerts = page.split("<h2>Alerts</h2>")[1].split("<h2>Clients</h2>")[0]
    assert "Alice" in alerts and "Pain before sessions is rising" in alerts
    assert "Bob" not in alerts
    summary = client_for(tara).get("/api/practice/links").json()
    bob_link = next(x["id"] for x in summary if x["client"] == "Bob")
    assert client_for(tara).get(f"/api/practice/clients/{bob_link}/summary").json()["alerts"] == []


def test_a_safety_alert_shows_the_level_and_date_never_the_answers(
    alice: User, tara: User, frozen
) -> None:
    linked = link(tara, alice, ["safety"])
    SafetyCheck.record(alice, ["history_of_cancer"])
    body = client_for(tara).get(f"/api/practice/clients/{linked.pk}/summary").json()
    assert body["safety"] == {"level": "urgent_same_day", "checked_on": "2026-11-24"}
    assert [a["kind"] for a in body["alerts"]] == ["safety"]
    page = client_for(tara).get(f"/practice/clients/{linked.pk}/").content.decode()
    assert "Urgent: be seen today, on 24 November 2026" in page
    assert "cancer" not in page and "cancer" not in json.dumps(body)


def test_the_export_holds_links_logs_and_programmes(alice: User, tara: User) -> None:
    linked = link(tara, alice, ["sessions"])
    three_a_week(linked)
    client_for(tara).get(f"/practice/clients/{linked.pk}/")
    exported = client_for(alice).get("/accounts/my-data/export.json")
    rows = json.loads(exported.content)["data"]["practice"]
    kinds = [r["kind"] for r in rows]
    assert kinds.count("link") == 1 and kinds.count("access") == 1
    assert kinds.count("programme") == 1
    for_tara = json.loads(client_for(tara).get("/accounts/my-data/export.json").content)
    assert {r["kind"] for r in for_tara["data"]["practice"]} >= {"link", "invite", "programme"}


def test_deleting_either_account_removes_links_logs_and_programmes(
    alice: User, bob: User, tara: User
) -> None:
    for member in (alice, bob):
        linked = link(tara, member, ["sessions"])
        three_a_week(linked)
        client_for(tara).get(f"/practice/clients/{linked.pk}/")
    assert client_for(alice).post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert list(Link.objects.values_list("client__email", flat=True)) == ["bob@example.org"]
    assert AccessLog.objects.count() == 1 and Programme.objects.count() == 1
    assert client_for(tara).post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert not Link.objects.exists() and not AccessLog.objects.exists()
    assert not Programme.objects.exists() and not Invite.objects.exists()
