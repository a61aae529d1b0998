"""Issue 13's acceptance walk in Chromium: tara invites, alice shares sessions only, tara
sets a plan, alice does a session from it, tara sees it within scope, alice stops sharing,
tara is refused, and alice's access log lists tara's views."""

from typing import Any

from hiphub.practice.models import Link
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from hiphub.selfcare.protocol import get
from tests.browser.conftest import sign_in


def test_the_client_controls_what_the_therapist_sees(
    browser: Any, page: Any, live_server: Any, alice: Any, tara: Any
) -> None:
    SafetyCheck.record(alice, [])
    QuestionnaireResult.record(alice, "nrs", {"pain": 6})
    sign_in(page, live_server, tara)
    page.goto("/practice/clients/")
    page.get_by_role("button", name="Make an invite code").click()
    page.wait_for_url("**/practice/invites/*/")
    code = page.locator(".invite-code code").inner_text()
    assert page.locator("figure.qr img").evaluate("img => img.naturalWidth > 0")

    context = browser.new_context(base_url=live_server.url)
    mine = context.new_page()
    sign_in(mine, live_server, alice)
    mine.goto("/practice/")
    mine.get_by_label("Invite code from your therapist").fill(code.lower())
    mine.get_by_role("button", name="Next: choose what to share").click()
    assert not mine.get_by_label("Notes: what you wrote about each session").is_checked()
    for label in ("Questionnaires", "Safety check"):
        mine.get_by_label(label, exact=False).uncheck()
    mine.get_by_role("button", name="Share these with Tara").click()
    assert "You now share with Tara" in mine.inner_text("main")
    linked = Link.objects.get(client=alice)
    assert linked.scopes == ["sessions"]

    page.goto("/practice/clients/")
    page.get_by_role("link", name="Set a home programme").click()
    routine = page.get_by_role("group", name="Supported positional release")
    routine.get_by_label("Include this routine").check()
    routine.get_by_label("Times a week").fill("3")
    routine.get_by_label("Set-up").select_option("knees_up")
    page.get_by_label("A note to your client").fill("Three times a week, knees up.")
    page.get_by_role("button", name="Save the programme").click()
    assert "Alice sees the new plan now" in page.inner_text("main")

    mine.clock.install()
    mine.goto("/self-care/")
    plan = mine.locator("section.your-plan")
    assert "Your plan from Tara" in plan.inner_text()
    plan.get_by_role("link").first.click()
    mine.locator('input[name="pain_before"][value="6"]').check()
    mine.locator('input[name="tension_before"][value="5"]').check()
    mine.get_by_role("button", name="Next: what you need").click()
    mine.get_by_role("button", name="Next: get settled").click()
    protocol = get("positional_release")
    for _ in [s for s in protocol.steps_for("knees_up") if s.id != "relax"]:
        mine.locator("section[data-step]:not([hidden]) [data-next]").click()
    mine.get_by_role("button", name="Start the relaxation").click()
    mine.clock.fast_forward("20:01")
    mine.locator('input[name="pain_after"][value="3"]').check()
    mine.get_by_label("Notes (optional)").fill("private thoughts about my hip")
    mine.get_by_role("button", name="Finish").click()
    mine.wait_for_url("**/self-care/sessions/*/")

    page.goto(f"/practice/clients/{linked.pk}/")
    seen = page.inner_text("main")
    assert "1 of 3 planned this week." in seen
    assert "6 → 3" in seen  # the session's pain before and after
    assert "private thoughts" not in seen and "Questionnaires" not in seen
    assert "Not shared: questionnaires, safety check, notes." in seen

    mine.goto(f"/practice/links/{linked.pk}/")
    mine.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="Stop sharing now").click()
    assert "Tara can no longer see any of your data" in mine.inner_text("main")

    assert page.problems == []  # before the refusal, which the console reports as a 403
    refused = page.goto(f"/practice/clients/{linked.pk}/")
    assert refused.status == 403
    assert "no longer shares" in page.inner_text("main")
    mine.goto(f"/practice/links/{linked.pk}/")
    log = mine.locator("table.access-log").inner_text()
    assert "Tara on the website (client page)" in log
    assert "Tara on the website (client list)" in log
    context.close()
