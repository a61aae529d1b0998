"""Home programmes: the therapist sets one through the link, editing makes a new version, and
the client finds "your plan from <therapist>" in one place, with what changed, first on the
self-care index; adherence is said without streaks or loss."""

import json

from hiphub.accounts.models import User
from hiphub.practice.models import Programme
from tests.conftest import client_for
from tests.practice.conftest import link, session


def put(client, link_id: int, body: object):  # type: ignore[no-untyped-def]
    return client.put(f"/api/practice/clients/{link_id}/programme", data=json.dumps(body),
                      content_type="application/json")


THREE_KNEES_UP = {
    "items": [{"protocol": "positional_release", "variant": "knees_up", "times_per_week": 3,
               "minutes": 20}],
    "note": "Little and often.",
}


def test_editing_makes_a_new_version_and_says_what_changed(alice: User, tara: User) -> None:
    linked = link(tara, alice)
    first = put(client_for(tara), linked.pk, THREE_KNEES_UP)
    assert first.status_code == 200 and first.json()["version"] == 1
    assert first.json()["changes"] == []
    second = {"items": [{"protocol": "positional_release", "variant": "side_lying",
                         "times_per_week": 4, "minutes": 25}], "note": "Little and often."}
    body = put(client_for(tara), linked.pk, second).json()
    assert body["version"] == 2
    assert body["changes"] == [
        "Supported positional release rest: 4 times a week instead of 3 times a week.",
        "Supported positional release rest: 25 minutes instead of 20 minutes.",
        "Supported positional release rest: on your side instead of on your back, knees up.",
    ]
    assert Programme.objects.filter(link=linked).count() == 2
    mine = client_for(alice).get("/api/practice/programme").json()
    assert len(mine) == 1 and mine[0]["version"] == 2 and mine[0]["therapist"] == "Tara"
    assert mine[0]["changes"] == body["changes"]
    page = client_for(alice).get("/practice/").content.decode()
    assert "Your plan from Tara" in page and "What changed in this version" in page
    assert "4 times a week instead of 3 times a week" in page


def test_a_bad_programme_names_the_field_and_stores_nothing(alice: User, tara: User) -> None:
    linked = link(tara, alice)
    cases = [
        ({"items": []}, "items"),
        ({"items": [{"protocol": "cartwheels", "times_per_week": 3, "minutes": 20}]},
         "items[0].protocol"),
        ({"items": [{"protocol": "positional_release", "times_per_week": 8, "minutes": 20}]},
         "items[0].times_per_week"),
        ({"items": [{"protocol": "positional_release", "times_per_week": 3, "minutes": 2}]},
         "items[0].minutes"),
        ({"items": [{"protocol": "positional_release", "variant": "upside_down",
                     "times_per_week": 3, "minutes": 20}]}, "items[0].variant"),
    ]
    for body, field in cases:
        response = put(client_for(tara), linked.pk, body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"][-1] == field
    assert not Programme.objects.exists()


def test_the_programme_editor_page_saves_a_version(alice: User, tara: User) -> None:
    linked = link(tara, alice)
    therapist = client_for(tara)
    assert therapist.get(f"/practice/clients/{linked.pk}/programme/").status_code == 200
    response = therapist.post(f"/practice/clients/{linked.pk}/programme/", {
        "positional_release-include": "on", "positional_release-times_per_week": "3",
        "positional_release-minutes": "20", "positional_release-variant": "knees_up",
        "note": "Knees up, three times a week.",
    })
    assert response.status_code == 302
    current = Programme.current_for(linked)
    assert current is not None and current.version == 1
    assert [(i.times_per_week, i.variant, i.minutes) for i in current.planned()] == [
        (3, "knees_up", 20)
    ]
    bad = therapist.post(f"/practice/clients/{linked.pk}/programme/", {
        "positional_release-include": "on", "positional_release-times_per_week": "9",
        "positional_release-minutes": "20",
    })
    assert bad.status_code == 400 and Programme.objects.count() == 1


def test_the_self_care_index_puts_the_plan_first(alice: User, bob: User, tara: User) -> None:
    linked = link(tara, alice)
    put(client_for(tara), linked.pk, THREE_KNEES_UP)
    page = client_for(alice).get("/self-care/").content.decode()
    assert "Your plan from Tara" in page
    assert page.index("Your plan from Tara") < page.index('class="cards"')
    assert "variant=knees_up" in page and "minutes=20" in page
    assert "Your plan from" not in client_for(bob).get("/self-care/").content.decode()
    player = client_for(alice).get("/self-care/positional_release/?variant=knees_up&minutes=20")
    assert player.status_code == 200


def test_adherence_counts_this_week_without_streaks_or_loss(
    alice: User, tara: User, frozen
) -> None:
    linked = link(tara, alice)
    put(client_for(tara), linked.pk, THREE_KNEES_UP)
    mine = client_for(alice).get("/api/practice/programme").json()[0]
    assert mine["adherence"]["this_week"] == {"done": 0, "planned": 3, "extra": 0}
    session(alice)  # Tuesday morning, frozen
    summary = client_for(tara).get(f"/api/practice/clients/{linked.pk}/summary").json()
    assert summary["adherence"]["sentences"][0] == "1 of 3 planned this week."
    page = client_for(alice).get("/practice/").content.decode()
    assert "1 of 3 planned this week." in page and "Rest days are part of the plan" in page
    for word in ("streak", "missed", "lost", "broke", "failed", "behind"):
        assert word not in page.lower() and word not in json.dumps(summary).lower()


def test_a_programme_for_a_client_who_stopped_sharing_is_refused(
    alice: User, tara: User
) -> None:
    linked = link(tara, alice)
    linked.revoke()
    assert put(client_for(tara), linked.pk, THREE_KNEES_UP).status_code == 403
    assert client_for(tara).get(f"/practice/clients/{linked.pk}/programme/").status_code == 403
    assert not Programme.objects.exists()
    assert client_for(alice).get("/api/practice/programme").json() == []


def test_the_programme_editor_doses_an_exercise_routine_in_repetitions(
    alice: User, tara: User
) -> None:
    linked = link(tara, alice)
    therapist = client_for(tara)
    url = f"/practice/clients/{linked.pk}/programme/"
    page = therapist.get(url).content.decode()
    assert 'name="hip_trunk_strength-repetitions"' in page
    assert 'name="hip_trunk_strength-minutes"' not in page and "From 1 to 1." not in page
    assert 'name="hip_trunk_strength-variant"' not in page  # it has no set-ups to choose
    response = therapist.post(url, {
        "hip_trunk_strength-include": "on", "hip_trunk_strength-times_per_week": "2",
        "hip_trunk_strength-repetitions": "12",
    })
    assert response.status_code == 302
    current = Programme.current_for(linked)
    assert current is not None
    planned = [(i.protocol, i.times_per_week, i.minutes, i.repetitions) for i in current.planned()]
    assert planned == [("hip_trunk_strength", 2, None, 12)]
    for reps in ("0", "101", ""):
        bad = therapist.post(url, {
            "hip_trunk_strength-include": "on", "hip_trunk_strength-times_per_week": "2",
            "hip_trunk_strength-repetitions": reps,
        })
        assert bad.status_code == 400, reps
        assert "errorlist" in bad.content.decode()
    assert Programme.objects.count() == 1
