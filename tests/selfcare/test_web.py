"""The self-care pages: gated by the safety check, saving only a member's sessions."""

import html
import os
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hiphub.core.pose import describe
from hiphub.journal.models import JournalSession
from hiphub.screening.models import SafetyCheck
from hiphub.screening.redflags import load as load_red_flags
from hiphub.selfcare import audio, clock
from hiphub.selfcare.protocol import get
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
PLAYER = "/self-care/positional_release/"
FINISH = "/self-care/positional_release/finish/"


def answers(**extra: object) -> dict[str, object]:
    """A finished session as the player sends it; `opened` is the server's stamp, made now
    (tests freeze the clock, so the session is timed from this moment)."""
    data: dict[str, object] = {
        "opened": clock.stamp("positional_release"),
        "minutes": 20,
        "pain_before": 7,
        "tension_before": 6,
        "pain_after": 4,
        "tension_after": 3,
        "twitches": "yes",
        "notes": "calmer",
        "started_at": "2026-11-24 08:40:00",
        "regions": ["sacroiliac_joint"],
    }
    data.update(extra)
    return data


def test_index_lists_the_protocol(visitor: Client) -> None:
    page = visitor.get("/self-care/").content.decode()
    assert "Supported positional release rest" in page
    assert 'href="/self-care/positional_release/"' in page
    protocol = get("positional_release")
    assert all(s.url in page for s in protocol.sources)  # the routine's sources are cited


def test_player_is_closed_until_a_safety_check(alice) -> None:
    page = client_for(alice).get(PLAYER).content.decode()
    assert "First, a safety check" in page
    assert 'action="/self-care/positional_release/finish/"' not in page


def test_a_member_with_no_check_cannot_save_a_session(alice, frozen) -> None:
    response = client_for(alice).post(FINISH, answers())
    assert response.status_code == 403
    page = response.content.decode()
    assert "no recent safety check, so this session was not saved" in page
    assert "Do the safety check" in page
    assert JournalSession.objects.count() == 0


def test_a_visitor_with_no_check_cannot_finish_either(visitor: Client, frozen) -> None:
    response = visitor.post(FINISH, answers())
    assert response.status_code == 403
    assert "Your session" not in response.content.decode()


def test_player_opens_after_a_clean_check_and_shows_every_step(alice) -> None:
    SafetyCheck.record(alice, [])
    page = client_for(alice).get(PLAYER).content.decode()
    assert 'data-player="positional_release"' in page
    for step_id in ("before", "equipment", "lie_down", "thigh_pillows", "relax", "after"):
        assert f'data-step="{step_id}"' in page
    assert "Three pillows" in page
    assert 'name="pain_before"' in page and 'name="pain_after"' in page


@pytest.mark.parametrize(
    ("flag", "heading"),
    [
        ("saddle_numbness", "Please get help now, not self-care"),
        ("fever_or_systemically_unwell", "Please be seen today before any self-care"),
    ],
)
def test_blocking_results_send_people_to_advice(alice, flag, heading) -> None:
    SafetyCheck.record(alice, [flag])
    page = client_for(alice).get(PLAYER).content.decode()
    assert heading in page
    assert 'data-player="positional_release"' not in page


def test_a_day_later_the_player_asks_only_the_short_check(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(hours=25))
    client = client_for(alice)
    page = client.get(PLAYER).content.decode()
    assert "Anything new since your last check?" in page
    questions = load_red_flags().pre_session
    assert 1 <= len(questions) <= 5
    for question in questions:
        assert f'name="{question.id}" value="yes"' in page
    assert 'action="/self-care/positional_release/finish/"' not in page
    # Answering no to each opens the player, where the form posted back to.
    all_no = {q.id: "no" for q in questions} | {"next": PLAYER}
    response = client.post("/check/safety/before-session/", all_no)
    assert response["Location"] == PLAYER
    assert 'data-player="positional_release"' in client.get(PLAYER).content.decode()



def test_the_short_check_returns_to_the_player_as_it_was_asked_for(alice, frozen) -> None:
    # A home plan's length or a fair test's id in the player's address survives the check.
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=1))
    client = client_for(alice)
    asked = f"{PLAYER}?fair_test=5&minutes=30"
    page = client.get(asked).content.decode()
    assert f'name="next" value="{html.escape(asked)}"' in page
    all_no = {q.id: "no" for q in load_red_flags().pre_session} | {"next": asked}
    assert client.post("/check/safety/before-session/", all_no)["Location"] == asked
    player = client.get(asked).content.decode()
    assert 'name="fair_test" value="5"' in player
    assert re.search(r'<option value="30" selected>', player)


@pytest.mark.parametrize("query", ["minutes=%C2%B2", "fair_test=%C2%B2", "minutes=x&fair_test="])
def test_a_player_address_with_odd_numbers_opens_the_player_as_usual(alice, query) -> None:
    # "²" counts as a digit for str.isdigit but not for int(): it used to be a server error.
    SafetyCheck.record(alice, [])
    response = client_for(alice).get(f"{PLAYER}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-player="positional_release"' in page and 'name="fair_test"' not in page
    assert '<option value="20" selected>' in page  # the routine's own default length

def test_a_yes_on_the_short_check_leads_to_the_full_check(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=10))
    client = client_for(alice)
    answers_short = {q.id: "no" for q in load_red_flags().pre_session}
    answers_short |= {"fall_or_injury": "yes", "next": PLAYER}
    response = client.post("/check/safety/before-session/", answers_short)
    assert response["Location"].startswith("/check/safety/?next=")
    page = client.get(PLAYER).content.decode()
    assert "You told us something is new" in page
    assert "Do the safety check" in page


def test_after_28_days_the_full_check_is_asked_again(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=29))
    page = client_for(alice).get(PLAYER).content.decode()
    assert "First, a safety check" in page and "Do the safety check" in page


def test_member_session_is_saved_and_summarised(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    client = client_for(alice)
    sent = answers()  # the page opened now...
    frozen.shift(timedelta(minutes=23))  # ...and the 20 minutes ran out
    response = client.post(FINISH, sent)
    session = JournalSession.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/self-care/sessions/{session.pk}/"
    assert (session.pain_before, session.pain_after, session.minutes) == (7, 4, 20)
    assert (session.planned_minutes, session.cut_short) == (20, False)
    assert session.twitches is True and session.regions == ["sacroiliac_joint"]
    summary = client.get(response["Location"]).content.decode()
    assert "Saved to" in summary
    assert "You relaxed for 20 minutes, on your back, thighs on pillows." in summary
    assert "Pain went down by 3 (7 → 4); hip tension went down by 3 (6 → 3)." in summary
    assert "One session shows how you felt straight after it" in summary
    # One sign convention: the change in words, never "-3" here and "+3" in the journal API.
    assert summary.count("<td>went down by 3</td>") == 2  # pain 7 -> 4, tension 6 -> 3
    assert "-3" not in summary and "+3" not in summary
    assert "Your pain was higher after" not in summary


def test_a_rise_is_said_as_a_rise_and_gets_the_caveat(visitor: Client, frozen) -> None:
    visitor.post("/check/safety/", dict.fromkeys(load_red_flags().flags, "no"))
    page = visitor.post(FINISH, answers(pain_after=9, tension_after=6)).content.decode()
    assert "<td>went up by 2</td>" in page and "<td>stayed the same</td>" in page
    assert "Your pain was higher after" in page
    assert "+2" not in page


def test_visitor_sees_a_summary_and_nothing_is_stored(visitor: Client, frozen) -> None:
    visitor.post("/check/safety/", dict.fromkeys(load_red_flags().flags, "no"))
    response = visitor.post(FINISH, answers())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page and "went down by 3" in page
    assert JournalSession.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("pain_before", 11), ("pain_before", ""), ("minutes", 7), ("opened", "yesterday")],
)
def test_bad_input_keeps_the_form_and_stores_nothing(alice, frozen, field, value):
    SafetyCheck.record(alice, [])
    response = client_for(alice).post(FINISH, answers(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some answers need another look" in page
    assert "calmer" in page  # what was typed is kept
    assert JournalSession.objects.count() == 0


def test_bob_cannot_see_alices_session_summary(alice, bob, frozen) -> None:
    SafetyCheck.record(alice, [])
    client_for(alice).post(FINISH, answers())
    session = JournalSession.objects.get(user=alice)
    assert client_for(bob).get(f"/self-care/sessions/{session.pk}/").status_code == 404
    assert Client().get(f"/self-care/sessions/{session.pk}/").status_code == 302


def test_audio_lengths_outside_the_protocol_are_404(visitor: Client) -> None:
    assert visitor.get("/self-care/positional_release/audio/7.ogg").status_code == 404
    assert visitor.get("/self-care/positional_release/audio/90.ogg").status_code == 404
    assert visitor.get("/self-care/nope/").status_code == 404


@pytest.mark.skipif(
    not audio.tools_available() and os.environ.get("CI") != "true",
    reason="espeak-ng and sox are not installed",
)
def test_relaxation_audio_is_served_as_ogg(visitor: Client) -> None:
    response = visitor.get("/self-care/positional_release/audio/5.ogg")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert b"".join(response.streaming_content)[:4] == b"OggS"


def test_member_summary_offers_to_share_with_ratings_filled_in(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    client = client_for(alice)
    location = client.post(FINISH, answers())["Location"]
    session = JournalSession.objects.get(user=alice)
    page = client.get(location).content.decode()
    share = f"/community/protocols/positional_release/?session={session.pk}#community"
    assert share in page
    form = client.get(share.split("#")[0]).content.decode()
    assert re.search(r'name="pain_before"[^>]*value="7"', form)
    assert re.search(r'name="pain_after"[^>]*value="4"', form)


def test_finishing_is_refused_after_a_blocking_check(alice, frozen) -> None:
    SafetyCheck.record(alice, ["saddle_numbness"])
    response = client_for(alice).post(FINISH, answers())
    assert response.status_code == 403
    assert "Please get help now" in response.content.decode()
    assert JournalSession.objects.count() == 0


def test_a_check_that_grew_old_during_the_session_still_saves(alice, frozen) -> None:
    frozen.shift(timedelta(hours=-12))
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(hours=11, minutes=50))  # a session starts just in time...
    sent = answers()
    frozen.shift(timedelta(hours=1))  # ...and ends after the check stopped covering one
    response = client_for(alice).post(FINISH, sent)
    assert response.status_code == 302
    assert JournalSession.objects.filter(user=alice).count() == 1


def test_the_next_session_needs_the_short_check_first(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    client = client_for(alice)
    frozen.shift(timedelta(minutes=30))
    assert client.post(FINISH, answers(started_at="2026-11-24 09:10:00")).status_code == 302
    frozen.shift(timedelta(minutes=30))
    response = client.post(FINISH, answers(started_at="2026-11-24 09:40:00"))
    assert response.status_code == 403
    assert "short check" in response.content.decode()
    assert JournalSession.objects.filter(user=alice).count() == 1



def test_a_session_is_timed_and_gated_from_when_the_server_served_the_player(alice, frozen):
    # A page cannot backdate its start to slip in under a check an earlier session used.
    SafetyCheck.record(alice, [])
    client = client_for(alice)
    frozen.shift(timedelta(minutes=30))
    assert client.post(FINISH, answers()).status_code == 302  # uses the check
    first = JournalSession.objects.get(user=alice)
    assert first.started_at == timezone.now()  # the stamp's moment, not the page's 08:40
    frozen.shift(timedelta(minutes=30))
    backdated = answers(started_at="2026-11-24 09:10:00")  # before the first session
    response = client.post(FINISH, backdated)
    assert response.status_code == 403 and "short check" in response.content.decode()
    assert JournalSession.objects.filter(user=alice).count() == 1

def test_an_emergency_check_as_a_visitor_is_not_undone_by_signing_in(alice, frozen) -> None:
    SafetyCheck.record(alice, [])  # an earlier clean check in her account
    frozen.shift(timedelta(hours=1))
    browser = Client()
    answers_yes = dict.fromkeys(load_red_flags().flags, "no") | {"saddle_numbness": "yes"}
    browser.post("/check/safety/", answers_yes)
    assert "Please get help now" in browser.get(PLAYER).content.decode()
    browser.post("/accounts/sign-in/", {"username": alice.email, "password": PASSWORD})
    page = browser.get(PLAYER).content.decode()
    assert "Please get help now" in page
    assert 'data-player="positional_release"' not in page


def test_skipping_to_the_end_after_3_seconds_saves_0_minutes_cut_short(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    client = client_for(alice)
    sent = answers(phase_clock=clock.stamp("positional_release"))  # relaxation started
    frozen.shift(3)
    response = client.post(FINISH, {**sent, "phase_seconds": 3})
    session = JournalSession.objects.get(user=alice)
    assert (session.minutes, session.planned_minutes, session.cut_short) == (0, 20, True)
    summary = client.get(response["Location"]).content.decode()
    assert "You relaxed for 0 of the 20 minutes you chose" in summary and "stopped early" in summary


def test_a_browser_cannot_claim_more_time_than_the_server_saw(alice, frozen) -> None:
    """A count sent by the page only lowers the minutes; the server's own clock caps them."""
    SafetyCheck.record(alice, [])
    sent = answers(phase_clock=clock.stamp("positional_release"), phase_seconds=1200)
    frozen.shift(150)
    client_for(alice).post(FINISH, sent)
    session = JournalSession.objects.get(user=alice)
    assert (session.minutes, session.cut_short) == (2, True)


def test_without_the_script_the_time_since_the_page_opened_counts(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    sent = answers(minutes=10)
    frozen.shift(timedelta(minutes=7, seconds=40))
    client_for(alice).post(FINISH, sent)
    session = JournalSession.objects.get(user=alice)
    assert (session.minutes, session.planned_minutes, session.cut_short) == (7, 10, True)


@pytest.mark.parametrize("stamp", ["", "forged", "other"])
def test_a_session_without_a_valid_server_stamp_is_not_saved(alice, frozen, stamp) -> None:
    SafetyCheck.record(alice, [])
    token = clock.stamp("gentle_mobility") if stamp == "other" else stamp
    response = client_for(alice).post(FINISH, answers(opened=token))
    assert response.status_code == 400
    assert "This page is too old to time your session" in response.content.decode()
    assert JournalSession.objects.count() == 0


def test_the_clock_gives_a_signed_stamp_for_the_protocol(visitor: Client, frozen) -> None:
    response = visitor.get("/self-care/positional_release/clock/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert clock.read(response.json()["stamp"], "positional_release") is not None
    assert visitor.get("/self-care/nothing/clock/").status_code == 404


def test_every_step_of_the_player_shows_its_drawing(alice) -> None:
    SafetyCheck.record(alice, [])
    page = client_for(alice).get(PLAYER).content.decode()
    protocol = get("positional_release")
    for step in protocol.steps:
        section = page.split(f'data-step="{step.id}"', 1)[1].split("</section>", 1)[0]
        assert 'class="figure-drawing" role="img"' in section
        for variant in protocol.variants:
            pose = protocol.pose_for(step, variant.id)
            if step.belongs_to(variant.id) and pose is not None:
                assert f"<title>{describe(pose)}</title>" in section
    assert 'style="' not in page.split("<main", 1)[1]


EXERCISES = {
    "gentle_mobility": "/self-care/gentle_mobility/",
    "hip_trunk_strength": "/self-care/hip_trunk_strength/",
}


@pytest.mark.parametrize("protocol_id", sorted(EXERCISES))
def test_an_exercise_routine_is_gated_then_completed_and_saved(alice, frozen, protocol_id) -> None:
    client = client_for(alice)
    url = EXERCISES[protocol_id]
    assert "First, a safety check" in client.get(url).content.decode()
    SafetyCheck.record(alice, [])
    page = client.get(url).content.decode()
    protocol = get(protocol_id)
    assert 'name="minutes"' not in page and 'name="variant"' not in page
    for step in protocol.exercises:
        assert step.dose is not None and html.escape(step.dose.words()) in page
        assert f'name="done" value="{step.id}"' in page
    opened = re.search(r'name="opened" value="([^"]+)"', page)
    assert opened is not None
    frozen.shift(timedelta(minutes=14, seconds=30))
    response = client.post(
        f"{url}finish/",
        {
            "opened": opened.group(1),
            "started_at": "2026-11-24 08:40:00",
            "pain_before": 6,
            "tension_before": 5,
            "pain_after": 4,
            "tension_after": 5,
            "done": [s.id for s in protocol.exercises],
        },
    )
    assert response.status_code == 302
    session = JournalSession.objects.get(user=alice)
    assert (session.protocol, session.pain_before, session.pain_after) == (protocol_id, 6, 4)
    assert (session.minutes, session.cut_short, session.planned_minutes) == (14, False, None)
    assert session.done_steps == [s.id for s in protocol.exercises]
    summary = client.get(response["Location"]).content.decode()
    count = len(protocol.exercises)
    assert f"You did {count} of the {count} exercises" in summary and "in 14 minutes." in summary
    assert "Pain went down by 2 (6 → 4); hip tension stayed the same (5 → 5)." in summary


def test_an_exercise_routine_left_half_done_is_marked_cut_short(alice, frozen) -> None:
    SafetyCheck.record(alice, [])
    protocol = get("hip_trunk_strength")
    first = protocol.exercises[0]
    data = {
        "opened": clock.stamp(protocol.id),
        "started_at": "2026-11-24 08:40:00",
        "pain_before": 6,
        "tension_before": 5,
        "done": [first.id],
    }
    frozen.shift(timedelta(minutes=4))
    client_for(alice).post("/self-care/hip_trunk_strength/finish/", data)
    session = JournalSession.objects.get(user=alice)
    assert (session.minutes, session.cut_short, session.done_steps) == (4, True, [first.id])
