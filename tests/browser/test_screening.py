"""The safety check in a real Chromium: a cauda equina sign leads to emergency advice."""

from typing import Any

from django.conf import settings

from hiphub.screening.redflags import load


def test_saddle_numbness_gives_emergency_advice(page: Any) -> None:
    page.goto("/check/safety/")
    for flag_id in load().flags:
        answer = "yes" if flag_id == "saddle_numbness" else "no"
        page.locator(f'input[name="{flag_id}"][value="{answer}"]').check()
    page.get_by_role("button", name="See what to do").click()
    page.wait_for_url("**/check/safety/result/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Emergency: get help now"
    assert page.get_by_text(f"Call {settings.EMERGENCY_NUMBER} now.").is_visible()
    # Every emergency instruction is a tap-to-call link to the configured number.
    call = page.locator("main section.level a.tel").first
    assert call.get_attribute("href") == "tel:999" and call.is_visible()
    hrefs = {a.get_attribute("href") for a in page.locator("main a.tel").all()}
    assert hrefs == {"tel:999", "tel:112"}
    assert page.get_by_role("heading", name="If things change").is_visible()
    assert page.problems == []


def test_a_missed_question_is_marked_and_answers_are_kept(page: Any) -> None:
    page.goto("/check/safety/")
    for flag_id in load().flags:
        if flag_id != "chest_pain":
            page.locator(f'input[name="{flag_id}"][value="no"]').check()
    page.get_by_role("button", name="See what to do").click()
    assert page.locator("#err-chest_pain").inner_text() == "Please answer yes or no."
    assert page.locator('input[name="saddle_numbness"][value="no"]').is_checked()
    assert page.problems == []
