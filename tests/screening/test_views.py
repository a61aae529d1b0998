"""The screening pages: what visitors and members see, what is stored, and for whom."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from hiphub.accounts import personal_data
from hiphub.accounts.models import User
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from hiphub.screening.redflags import load
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def all_no(**yes: str) -> dict[str, str]:
    answers = {flag_id: "no" for flag_id in load().flags}
    answers.update(yes)
    return answers


# The default HIPHUB_EMERGENCY_NUMBER ("999 or 112"), as tap-to-call links.
CALL = 'Call <a class="tel" href="tel:999">999</a> or <a class="tel" href="tel:112">112</a>'

ODI = {f"s{i}": v for i, v in enumerate([3, 2, 1, 2, 1, 1, 2, "skip", 2, 2], 1)}


def test_the_form_asks_every_flag_including_cauda_equina_signs(visitor: Client) -> None:
    page = visitor.get("/check/safety/").content.decode()
    for flag in load().flags.values():
        assert f'name="{flag.id}" value="yes"' in page
        assert f'name="{flag.id}" value="no"' in page
    assert "Feeling and control below the waist" in page
    assert "saddle" in page


def test_visitor_gets_emergency_advice_and_nothing_is_stored(visitor: Client) -> None:
    response = visitor.post("/check/safety/", all_no(saddle_numbness="yes"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/check/safety/result/"
    assert "Emergency: get help now" in page
    assert f"{CALL} now" in page
    assert load().flags["saddle_numbness"].plain in page
    assert "If things change" in page  # safety-netting always ends the page
    assert "Not saved to an account" in page
    assert SafetyCheck.objects.count() == 0


@pytest.mark.parametrize(
    ("yes", "heading", "words"),
    [
        ({}, "Self-care is reasonable", "fine to continue with self-care"),
        ({"not_improving_4_6_weeks": "yes"}, "See a GP soon", "Self-care may continue"),
        ({"history_of_cancer": "yes"}, "Urgent: be seen today", "Be seen today"),
    ],
)
def test_each_level_says_what_to_do(visitor: Client, yes: Any, heading: str, words: str) -> None:
    page = visitor.post("/check/safety/", all_no(**yes), follow=True).content.decode()
    assert heading in page
    assert words in page
    assert "If things change" in page
    assert f"{CALL} or go to an emergency department straight away" in page


def test_member_check_is_stored(alice: User) -> None:
    client = client_for(alice)
    response = client.post("/check/safety/", all_no(chest_pain="yes", thoracic_pain="yes"))
    assert response.status_code == 302
    check = SafetyCheck.objects.get(user=alice)
    assert check.level == "emergency"
    assert check.flags == ["chest_pain", "thoracic_pain"]
    page = client.get("/check/safety/result/").content.decode()
    assert "Saved to your account" in page
    assert [row["level"] for row in personal_data.collect(alice)["screening"]] == ["emergency"]


def test_unanswered_question_shows_an_error_keeps_answers_and_stores_nothing(
    alice: User,
) -> None:
    answers = all_no(night_or_rest_pain="no", inflammatory_pattern="yes")
    del answers["new_bladder_problem"]
    response = client_for(alice).post("/check/safety/", answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="err-new_bladder_problem"' in page
    assert "Please answer yes or no." in page
    assert 'name="inflammatory_pattern" value="yes" checked' in page
    assert SafetyCheck.objects.count() == 0


def test_an_emergency_yes_is_acted_on_before_every_question_is_answered(alice: User) -> None:
    response = client_for(alice).post("/check/safety/", {"saddle_numbness": "yes"})
    assert response.status_code == 302
    check = SafetyCheck.objects.get(user=alice)
    assert check.level == "emergency" and check.flags == ["saddle_numbness"]
    page = client_for(alice).get(response["Location"]).content.decode()
    assert "Emergency" in page


def test_result_page_without_a_check_sends_you_to_the_form(visitor: Client) -> None:
    response = visitor.get("/check/safety/result/")
    assert response.status_code == 302
    assert response["Location"] == "/check/safety/"


def test_index_lists_the_safety_check_and_every_questionnaire(visitor: Client) -> None:
    page = visitor.get("/check/").content.decode()
    assert 'href="/check/safety/"' in page
    for instrument_id in ("start_back", "odi", "rmdq", "nrs", "pgic"):
        assert f'href="/check/{instrument_id}/"' in page


def test_visitor_questionnaire_result_is_shown_but_not_stored(visitor: Client) -> None:
    response = visitor.post("/check/odi/", ODI, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/check/odi/result/"
    assert "36 %, moderate disability" in page
    assert "Not saved to an account" in page
    assert QuestionnaireResult.objects.count() == 0


def test_questionnaire_error_is_shown_next_to_the_item_with_answers_kept(alice: User) -> None:
    answers = {f"q{i}": "1" for i in range(1, 9)}  # q9 left out
    response = client_for(alice).post("/check/start_back/", answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="err-q9"' in page
    assert 'name="q3" value="1" checked' in page
    assert QuestionnaireResult.objects.count() == 0


def test_roland_morris_is_a_checklist_where_unticked_means_no(alice: User) -> None:
    client = client_for(alice)
    form = client.get("/check/rmdq/").content.decode()
    assert form.count('type="checkbox"') == 24
    assert 'type="radio"' not in form
    # Ticking three statements and leaving 21 unticked is a complete answer: a score of 3.
    response = client.post("/check/rmdq/", {"r2": "1", "r5": "1", "r9": "1"})
    assert response.status_code == 302
    result = QuestionnaireResult.objects.get(user=alice, instrument="rmdq")
    assert result.total == 3
    assert result.answers["r1"] == 0 and result.answers["r5"] == 1


def test_a_checklist_with_a_bad_value_keeps_the_ticks(visitor: Client) -> None:
    page = visitor.post("/check/rmdq/", {"r1": "1", "r2": "7"}).content.decode()
    assert 'id="err-r2"' in page
    assert 'name="r1" value="1" checked' in page
    assert page.count('class="errorlist"') == 1


def test_out_of_range_answer_is_an_error(visitor: Client) -> None:
    page = visitor.post("/check/nrs/", {"pain": "11"}).content.decode()
    assert 'id="err-pain"' in page
    assert "Please choose one of the answers shown." in page


def test_oswestry_with_nothing_answered_explains_why(visitor: Client) -> None:
    page = visitor.post("/check/odi/", {f"s{i}": "skip" for i in range(1, 11)}).content.decode()
    assert "None of the ten sections was answered" in page


def test_unknown_questionnaire_is_404(visitor: Client) -> None:
    assert visitor.get("/check/nonsense/").status_code == 404


def test_member_history_shows_change_against_the_first_result(alice: User, frozen: Any) -> None:
    for pain in (8, 7, 4):  # two days apart: she signs in each time (sessions idle out)
        client = client_for(alice)
        assert client.post("/check/nrs/", {"pain": str(pain)}).status_code == 302
        frozen.shift(timedelta(days=2))
    assert QuestionnaireResult.objects.filter(user=alice).count() == 3
    client = client_for(alice)
    page = client.get("/check/history/").content.decode()
    assert "first result" in page
    # 8 -> 7: one point, 12.5 %, within the range scores move by chance
    assert (
        "Pain went down by 1 (8 → 7), 12.5 % of the first score. An improvement of 1 point is "
        "within the range scores move by chance" in page
    )
    # 8 -> 4: four points, 50 %, beyond the 2-point threshold
    assert "Pain went down by 4 (8 → 4), 50 % of the first score. An improvement of 4" in page
    assert "a meaningful change, large enough to matter" in page
    result = client.get("/check/nrs/result/").content.decode()
    assert "Since your first result" in result


def test_a_change_that_meets_only_the_30_percent_rule_is_not_called_meaningful(
    alice: User, frozen: Any
) -> None:
    for ticked in (3, 2):  # Roland-Morris 3 -> 2: 33 % better, but 1 point
        answers = {f"r{i}": "1" if i <= ticked else "0" for i in range(1, 25)}
        client = client_for(alice)  # a week apart: she signs in each time (sessions idle out)
        assert client.post("/check/rmdq/", answers).status_code == 302
        frozen.shift(timedelta(days=7))
    client = client_for(alice)
    for url in ("/check/rmdq/result/", "/check/history/"):
        page = client.get(url).content.decode()
        assert "The Roland-Morris score went down by 1 (3 → 2)" in page, url
        assert "within the range scores move by chance" in page, url
        assert "large enough to matter" not in page, url


def test_bob_cannot_see_alices_history(alice: User, bob: User) -> None:
    client_for(alice).post("/check/rmdq/", {f"r{i}": "1" for i in range(1, 25)})
    client_for(alice).post("/check/safety/", all_no(major_trauma="yes"))
    page = client_for(bob).get("/check/history/").content.decode()
    assert "Roland-Morris" not in page
    assert "No questionnaire results yet" in page
    assert "No safety checks yet" in page
    assert client_for(bob).get("/check/rmdq/result/").status_code == 302
    assert client_for(bob).get("/check/safety/result/").status_code == 302


def test_history_needs_sign_in(visitor: Client) -> None:
    response = visitor.get("/check/history/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_deleting_a_member_deletes_their_screening_data(alice: User) -> None:
    client = client_for(alice)
    client.post("/check/safety/", all_no())
    client.post("/check/nrs/", {"pain": "5"})
    alice.delete()
    assert SafetyCheck.objects.count() == 0
    assert QuestionnaireResult.objects.count() == 0


@pytest.mark.django_db
def test_a_visitors_answers_are_kept_only_in_their_short_lived_session() -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from hiphub.screening.redflags import load as load_red_flags

    browser = Client()
    answers = dict.fromkeys(load_red_flags().flags, "no") | {"history_of_cancer": "yes"}
    browser.post("/check/safety/", answers)
    browser.post("/check/nrs/", {"pain": "6"})
    assert "someone who has had cancer" in browser.get("/check/safety/result/").content.decode()
    assert not SafetyCheck.objects.exists() and not QuestionnaireResult.objects.exists()
    # Only in the server-side session, which goes stale after two hours without use.
    (session,) = Session.objects.all()
    assert session.expire_date <= timezone.now() + timedelta(hours=2)
    cookie = browser.cookies["sessionid"]
    assert cookie["expires"] == ""  # ends when the browser closes


def test_a_blank_oswestry_section_is_a_question_not_a_skip(visitor: Client) -> None:
    response = visitor.post("/check/odi/", {"s1": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "or leave this one out if it does not apply to you" in page
    skipped = {f"s{i}": "skip" for i in range(2, 11)} | {"s1": "2"}
    assert visitor.post("/check/odi/", skipped).status_code == 302


def test_the_check_leads_back_to_the_routine_but_never_off_site(visitor: Client) -> None:
    answers = dict(all_no())
    form = visitor.get("/check/safety/?next=/self-care/positional_release/").content.decode()
    assert 'name="next" value="/self-care/positional_release/"' in form
    response = visitor.post("/check/safety/", answers | {"next": "/self-care/positional_release/"})
    page = visitor.get(response["Location"]).content.decode()
    assert 'href="/self-care/positional_release/">Go on to self-care' in page
    for bad in ("https://evil.example/", "//evil.example/", "/\\\\evil.example"):
        response = visitor.post("/check/safety/", answers | {"next": bad})
        assert response["Location"] == "/check/safety/result/"


def test_a_history_sign_can_be_cleared_by_a_clinicians_assessment(alice: User, frozen) -> None:
    client = client_for(alice)
    client.post("/check/safety/", all_no(history_of_cancer="yes"))
    page = client.get("/check/safety/result/").content.decode()
    assert "Has a doctor already looked at this?" in page
    assert "Urgent: be seen today" in page
    refused = client.post("/check/safety/clearance/", {"assessed_on": "2026-11-20"})
    assert refused.status_code == 400
    assert "Tick the box only if" in refused.content.decode()
    response = client.post(
        "/check/safety/clearance/", {"confirm": "yes", "assessed_on": "2026-11-20"}, follow=True
    )
    page = response.content.decode()
    assert "Self-care is reasonable" in page  # the advice now fits the cleared sign
    assert "already assessed and said self-care is fine" in page
    assert "None of the warning signs you were asked about apply" not in page
    assert load().flags["history_of_cancer"].plain in page  # ...which is still listed
    assert "ends as soon as your answers change" in page
    assert "Has a doctor already looked at this?" not in page
    player = client.get("/self-care/positional_release/").content.decode()
    assert 'data-player="positional_release"' in player


@pytest.mark.parametrize(
    ("assessed_on", "message"),
    [
        ("", "Give the date of the assessment"),
        ("20/11/2026", "Give the date of the assessment"),
        ("2026-11-25", "cannot be in the future"),
        ("2026-05-01", "more than six months ago"),
    ],
)
def test_a_clearance_needs_a_real_recent_date(
    alice: User, frozen, assessed_on: str, message: str
) -> None:
    client = client_for(alice)
    client.post("/check/safety/", all_no(fracture_risk_minor_trauma="yes"))
    response = client.post(
        "/check/safety/clearance/", {"confirm": "yes", "assessed_on": assessed_on}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Self-care is reasonable" not in response.content.decode()


def test_an_emergency_result_offers_no_clearance(alice: User, frozen) -> None:
    client = client_for(alice)
    client.post("/check/safety/", all_no(saddle_numbness="yes", history_of_cancer="yes"))
    page = client.get("/check/safety/result/").content.decode()
    assert "Has a doctor already looked at this?" not in page
    response = client.post(
        "/check/safety/clearance/", {"confirm": "yes", "assessed_on": "2026-11-20"}
    )
    assert response.status_code == 400
    assert "cannot be set aside" in response.content.decode()


def test_a_flag_that_is_not_history_offers_no_clearance(alice: User, frozen) -> None:
    client = client_for(alice)
    client.post("/check/safety/", all_no(history_of_cancer="yes", unexplained_weight_loss="yes"))
    assert "Has a doctor already looked" not in client.get("/check/safety/result/").content.decode()


def test_the_short_check_page_needs_every_answer_unless_one_is_yes(alice: User, frozen) -> None:
    SafetyCheck.record(alice, [])
    frozen.shift(timedelta(days=2))
    client = client_for(alice)
    page = client.get("/check/safety/before-session/").content.decode()
    assert "Anything new since your last check?" in page
    first = load().pre_session[0].id
    response = client.post("/check/safety/before-session/", {first: "no"})
    assert response.status_code == 400
    assert "still need" in response.content.decode()
    response = client.post("/check/safety/before-session/", {first: "yes"})
    assert response["Location"] == "/check/safety/"


def test_the_short_check_page_sends_people_where_they_need_to_be(alice: User, frozen) -> None:
    client = client_for(alice)
    assert client.get("/check/safety/before-session/")["Location"] == "/check/safety/"
    SafetyCheck.record(alice, [])
    assert client.get("/check/safety/before-session/")["Location"] == "/self-care/"
    SafetyCheck.record(alice, ["chest_pain"])
    assert client.get("/check/safety/before-session/")["Location"] == "/check/safety/result/"
