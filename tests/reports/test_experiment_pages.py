"""The fair test's pages, without JavaScript: start, today's slot, ratings, the rest timer,
stopping, and the link from the journal."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hiphub.accounts.models import User
from hiphub.journal.models import JournalSession
from hiphub.reports.models import Experiment, ExperimentSlot, Status
from hiphub.screening.models import SafetyCheck
from hiphub.selfcare import clock
from tests.conftest import client_for

START = {"routine_a": "positional_release", "routine_b": "rest", "weeks": "4",
         "weekdays": ["1", "3", "5"]}
TUESDAY = date(2026, 11, 24)


def started(user: User) -> tuple[Client, Experiment]:
    client = client_for(user)
    response = client.post("/reports/fair-test/", START)
    test = Experiment.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == f"/reports/fair-test/{test.pk}/"
    return client, test


@pytest.mark.django_db
def test_the_journal_links_to_the_fair_test_which_explains_itself(alice: User) -> None:
    client = client_for(alice)
    assert 'href="/reports/fair-test/"' in client.get("/journal/").content.decode()
    page = client.get("/reports/fair-test/").content.decode()
    assert "A fair test: does it help me?" in page
    assert "What it cannot do" in page and "at random" in page
    assert 'name="weekdays"' in page


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(visitor: Client) -> None:
    response = visitor.get("/reports/fair-test/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.django_db
def test_a_bad_start_form_says_what_is_wrong_and_starts_nothing(alice: User) -> None:
    response = client_for(alice).post("/reports/fair-test/", {**START, "weekdays": ["1", "3"]})
    assert response.status_code == 400
    assert "choose 3 to 7 days a week" in response.content.decode()
    assert Experiment.objects.count() == 0


@pytest.mark.django_db
def test_today_shows_its_condition_and_the_future_stays_hidden(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    today = test.slots.get(day=TUESDAY)
    if today.condition == "a":
        assert "A: <strong>the supported positional release rest</strong>" in page
        assert f'href="/self-care/positional_release/?fair_test={test.pk}&amp;minutes=' in page
    else:
        assert "B: <strong>a plain rest</strong>" in page
        assert "Start the 20-minute rest" in page
    assert "11 more to come: each is shown on its day" in page
    # the later sessions are not listed at all, so neither is their condition
    assert "Tue 24 Nov" in page and "Thu 26 Nov" not in page and "Sat 28 Nov" not in page


@pytest.mark.django_db
def test_ratings_are_saved_from_the_form(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    response = client.post(
        f"/reports/fair-test/{test.pk}/rate/2026-11-24/",
        {"2026-11-24-pain_before": "6", "2026-11-24-pain_after": "3"},
    )
    assert response.status_code == 302
    slot = ExperimentSlot.objects.get(day=TUESDAY)
    assert (slot.pain_before, slot.pain_after, slot.pain_morning) == (6, 3, None)
    frozen.shift(timedelta(days=1))
    client = client_for(alice)
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "How is your pain this morning" in page
    client.post(f"/reports/fair-test/{test.pk}/rate/2026-11-24/", {"2026-11-24-pain_morning": "4"})
    slot.refresh_from_db()
    assert slot.pain_morning == 4


@pytest.mark.django_db
def test_a_rating_out_of_range_is_refused_with_the_form(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    response = client.post(
        f"/reports/fair-test/{test.pk}/rate/2026-11-24/", {"2026-11-24-pain_before": "12"}
    )
    assert response.status_code == 400
    assert "Please correct the items marked below" in response.content.decode()
    assert ExperimentSlot.objects.get(day=TUESDAY).pain_before is None


@pytest.mark.django_db
def test_the_rest_timer_works_without_javascript(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    slot = test.slots.get(day=TUESDAY)
    if slot.condition == "a":  # make today a rest day, before anything is logged
        test.replace_assignment(["b" if s.condition == "a" else "a" for s in test.slots.all()])
    client.post(f"/reports/fair-test/{test.pk}/rest/")
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "Rest until 09:20" in page
    assert '<meta http-equiv="refresh" content="1201">' in page
    frozen.shift(timedelta(minutes=21))
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "Your rest is over" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_stopping_asks_first_then_keeps_the_record(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    ask = client.get(f"/reports/fair-test/{test.pk}/stop/")
    assert ask.status_code == 200 and "Stop the fair test?" in ask.content.decode()
    test.refresh_from_db()
    assert test.status == Status.RUNNING
    client.post(f"/reports/fair-test/{test.pk}/stop/")
    test.refresh_from_db()
    assert test.status == Status.STOPPED and test.slots.count() == 12
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "What it found" in page and "too few rated sessions" in page
    assert "Stopped early" in page


@pytest.mark.django_db
def test_a_second_start_while_one_runs_is_refused(alice: User, frozen: Any) -> None:
    client, _ = started(alice)
    response = client.post("/reports/fair-test/", START)
    assert response.status_code == 409
    assert Experiment.objects.count() == 1


@pytest.mark.django_db
def test_no_one_else_opens_a_members_test(alice: User, bob: User, frozen: Any) -> None:
    _, test = started(alice)
    other = client_for(bob)
    assert other.get(f"/reports/fair-test/{test.pk}/").status_code == 404
    assert other.post(f"/reports/fair-test/{test.pk}/stop/").status_code == 404
    test.refresh_from_db()
    assert test.status == Status.RUNNING


@pytest.mark.django_db
def test_a_finished_test_shows_its_verdict_with_a_chart_and_a_table(
    alice: User, frozen: Any
) -> None:
    client, test = started(alice)
    for slot in test.slots.all():  # ratings as if given on each day
        slot.pain_before, slot.pain_after = 6, 3 if slot.condition == "a" else 6
        slot.pain_morning, slot.rated_at = 5, timezone.now()
        slot.save()
    frozen.shift(timedelta(days=40))
    client = client_for(alice)
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "Finished." in page
    assert "the supported positional release rest did better by about 3 points" in page
    assert '<svg viewBox="0 0 320' in page and 'role="img"' in page
    assert "<circle" in page and page.count("<circle") == 2
    assert "Fall in pain during the session</th>" in page
    assert "Save today" not in page  # nothing left to rate


@pytest.mark.django_db
def test_a_guided_session_of_the_day_offers_its_ratings(alice: User, frozen: Any) -> None:
    client, test = started(alice)
    if test.slots.get(day=TUESDAY).condition == "b":  # make today a routine day
        test.replace_assignment(["b" if s.condition == "a" else "a" for s in test.slots.all()])
    JournalSession.objects.create(
        user=alice, protocol="positional_release", started_at=timezone.now(),
        pain_before=7, pain_after=4,
    )
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    assert "its ratings are filled in below" in page
    assert re.search(r'name="2026-11-24-pain_before" value="7"[^>]*checked', page)
    assert re.search(r'name="2026-11-24-pain_after" value="4"[^>]*checked', page)
    assert ExperimentSlot.objects.get(day=TUESDAY).pain_before is None  # until confirmed


@pytest.mark.django_db
def test_the_guided_session_of_the_day_leads_back_to_the_fair_test(
    alice: User, frozen: Any
) -> None:
    client, test = started(alice)
    if test.slots.get(day=TUESDAY).condition == "b":  # make today a routine day
        test.replace_assignment(["b" if s.condition == "a" else "a" for s in test.slots.all()])
    SafetyCheck.record(alice, [])
    page = client.get(f"/reports/fair-test/{test.pk}/").content.decode()
    player_url = re.search(r'href="(/self-care/positional_release/[^"]*)">Open the guided', page)
    assert player_url and f"fair_test={test.pk}" in player_url.group(1)
    player = client.get(player_url.group(1).replace("&amp;", "&")).content.decode()
    assert f'name="fair_test" value="{test.pk}"' in player

    sent = {"opened": clock.stamp("positional_release"), "minutes": 20, "pain_before": 7,
            "tension_before": 6, "pain_after": 4, "tension_after": 3,
            "started_at": "2026-11-24 09:00:00", "fair_test": str(test.pk)}
    frozen.shift(timedelta(minutes=21))
    response = client.post("/self-care/positional_release/finish/", sent)
    session = JournalSession.objects.get(user=alice)
    assert response["Location"] == f"/self-care/sessions/{session.pk}/?fair_test={test.pk}"
    summary = client.get(response["Location"]).content.decode()
    back = f'href="/reports/fair-test/{test.pk}/" data-back-to-fair-test>Back to your fair test'
    assert back in summary
    # Without the fair test (or with something that is not an id) the summary has no such link.
    plain = client.get(f"/self-care/sessions/{session.pk}/").content.decode()
    assert "Back to your fair test" not in plain
    odd = client.get(f"/self-care/sessions/{session.pk}/?fair_test=//evil.example").content.decode()
    assert "Back to your fair test" not in odd and "evil.example" not in odd
    superscript = client.get(f"/self-care/sessions/{session.pk}/?fair_test=%C2%B2")  # "²"
    assert superscript.status_code == 200
    assert "Back to your fair test" not in superscript.content.decode()
