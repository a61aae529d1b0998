"""A home programme as plain data: which plans can be stored (each refusal word for word, at
the edges of every limit), which days a routine falls on, and the words a client and their
therapist read for a plan and for what a new version changed."""

import pytest

from hiphub.practice import plan
from hiphub.practice.plan import PlanError, PlannedItem

REST = "positional_release"  # minutes from 5 to 60; three set-ups
STRENGTH = "hip_trunk_strength"  # an exercise routine: repetitions, no minutes
MOBILITY = "gentle_mobility"
REST_TITLE = "Supported positional release rest"
STRENGTH_TITLE = "Hip and trunk strengthening"
MOBILITY_TITLE = "Gentle mobility for the low back and hips"


def rest(times: int = 3, minutes: int | None = 20, variant: str = "knees_up",
         repetitions: int | None = None) -> PlannedItem:
    return PlannedItem(REST, variant, times, minutes=minutes, repetitions=repetitions)


def strength(times: int = 2, repetitions: int | None = 10) -> PlannedItem:
    return PlannedItem(STRENGTH, "", times, repetitions=repetitions)


def refusal(items: list[PlannedItem]) -> tuple[str, str]:
    with pytest.raises(PlanError) as caught:
        plan.check_items(items)
    assert str(caught.value) == caught.value.message  # the words shown are the message
    return caught.value.field, caught.value.message


def test_a_good_plan_is_given_back_whole_and_in_order() -> None:
    items = (strength(), rest(), PlannedItem(MOBILITY, "", 7, repetitions=1))
    assert plan.check_items(items) == list(items)


def test_an_empty_plan_is_refused() -> None:
    assert refusal([]) == ("items", "a plan needs at least one routine")


def test_an_unknown_routine_is_refused_with_the_known_ones() -> None:
    assert refusal([rest(), PlannedItem("yoga", "", 3, minutes=20)]) == (
        "items[1].protocol",
        "Unknown self-care protocol 'yoga' (known: gentle_mobility, hip_trunk_strength, "
        "positional_release).",
    )


def test_a_routine_twice_is_refused_at_its_second_place() -> None:
    assert refusal([rest(), strength(), rest(times=2, variant="side_lying")]) == (
        "items[2].protocol", "'Supported positional release rest' is in the plan twice"
    )


def test_an_unknown_set_up_is_refused_and_no_set_up_means_any() -> None:
    assert refusal([strength(), rest(variant="standing")]) == (
        "items[1].variant",
        "unknown variant 'standing' for positional_release "
        "(known: thigh_pillows, knees_up, side_lying)",
    )
    assert plan.check_items([rest(variant="")]) == [rest(variant="")]


@pytest.mark.parametrize("times", [1, 7])
def test_once_to_seven_times_a_week_is_allowed(times: int) -> None:
    assert plan.check_items([rest(times=times)]) == [rest(times=times)]


@pytest.mark.parametrize("times", [0, 8, -1, True])
def test_other_frequencies_are_refused(times: int) -> None:
    """True is refused too, although Python counts it as 1."""
    assert refusal([strength(), rest(times=times)]) == (
        "items[1].times_per_week", "times a week must be from 1 to 7"
    )


@pytest.mark.parametrize(("minutes", "repetitions"), [(None, None), (20, 10)])
def test_a_dose_is_minutes_or_repetitions_never_both_nor_neither(
    minutes: int | None, repetitions: int | None
) -> None:
    assert refusal([strength(), rest(minutes=minutes, repetitions=repetitions)]) == (
        "items[1].minutes", "give either minutes or repetitions, not both"
    )


def test_a_rest_may_be_dosed_in_repetitions() -> None:
    assert plan.check_items([rest(minutes=None, repetitions=3)]) == [
        rest(minutes=None, repetitions=3)
    ]


@pytest.mark.parametrize("minutes", [5, 60])
def test_minutes_at_either_end_of_the_routines_range_are_allowed(minutes: int) -> None:
    assert plan.check_items([rest(minutes=minutes)]) == [rest(minutes=minutes)]


@pytest.mark.parametrize("minutes", [4, 61])
def test_minutes_outside_the_routines_range_are_refused(minutes: int) -> None:
    assert refusal([strength(), rest(minutes=minutes)]) == (
        "items[1].minutes",
        f"minutes must be between 5 and 60 for 'Supported positional release rest'; "
        f"got {minutes}.",
    )


def test_an_exercise_routine_has_no_minutes() -> None:
    assert refusal([rest(), PlannedItem(STRENGTH, "", 2, minutes=1)]) == (
        "items[1].minutes",
        "'Hip and trunk strengthening' is an exercise routine; it has no relaxation length.",
    )


@pytest.mark.parametrize("repetitions", [1, 100])
def test_one_to_a_hundred_repetitions_are_allowed(repetitions: int) -> None:
    assert plan.check_items([strength(repetitions=repetitions)]) == [
        strength(repetitions=repetitions)
    ]


@pytest.mark.parametrize("repetitions", [0, 101])
def test_other_repetitions_are_refused(repetitions: int) -> None:
    assert refusal([rest(), strength(repetitions=repetitions)]) == (
        "items[1].repetitions", "repetitions must be from 1 to 100"
    )


def test_an_item_is_stored_as_its_five_fields() -> None:
    assert rest().fields() == {
        "protocol": REST, "variant": "knees_up", "times_per_week": 3, "minutes": 20,
        "repetitions": None,
    }


@pytest.mark.parametrize(
    ("times", "days"),
    [
        (1, (0,)),
        (2, (0, 4)),
        (3, (0, 2, 5)),
        (4, (0, 2, 4, 5)),
        (5, (0, 1, 3, 4, 6)),
        (6, (0, 1, 2, 4, 5, 6)),
        (7, (0, 1, 2, 3, 4, 5, 6)),
        (0, (0,)),  # below the range: treated as once
        (9, (0, 1, 2, 3, 4, 5, 6)),  # above it: every day
    ],
)
def test_each_frequency_falls_on_these_days(times: int, days: tuple[int, ...]) -> None:
    assert plan.planned_weekdays(times) == days


def test_a_plans_days_are_every_day_any_routine_falls_on_and_the_rest_are_rest_days() -> None:
    items = [rest(times=2), strength(times=3)]  # Mon, Fri and Mon, Wed, Sat
    assert plan.plan_days(items) == (0, 2, 4, 5)
    assert plan.rest_days(items) == 3
    assert plan.rest_days([rest(times=7)]) == 0
    assert plan.days_words(plan.plan_days(items)) == "Monday, Wednesday, Friday and Saturday"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        ((0,), "Monday"),
        ((6,), "Sunday"),
        ((0, 4), "Monday and Friday"),
        ((0, 2, 5), "Monday, Wednesday and Saturday"),
        ((0, 1, 2, 3, 4, 5), "Monday, Tuesday, Wednesday, Thursday, Friday and Saturday"),
        ((0, 1, 2, 3, 4, 5, 6), "every day"),
    ],
)
def test_the_days_in_words(days: tuple[int, ...], words: str) -> None:
    assert plan.days_words(days) == words


@pytest.mark.parametrize(
    ("times", "words"),
    [(1, "once a week"), (2, "twice a week"), (3, "3 times a week"), (7, "7 times a week")],
)
def test_how_often_in_words(times: int, words: str) -> None:
    assert plan.times_words(times) == words


def test_the_dose_in_words() -> None:
    assert plan.dose_words(rest(minutes=20)) == "20 minutes"
    assert plan.dose_words(strength(repetitions=1)) == "1 repetition"
    assert plan.dose_words(strength(repetitions=2)) == "2 repetitions"
    assert plan.dose_words(strength(repetitions=12)) == "12 repetitions"


def test_a_routine_in_words_with_its_set_up_or_without() -> None:
    assert plan.describe(rest(variant="side_lying")) == (
        "Supported positional release rest (on your side), 3 times a week, 20 minutes"
    )
    assert plan.describe(rest(times=1, variant="knees_up")) == (
        "Supported positional release rest (on your back, knees up), once a week, 20 minutes"
    )
    assert plan.describe(strength()) == "Hip and trunk strengthening, twice a week, 10 repetitions"


def test_the_routine_alone_in_words_for_a_calendar_title() -> None:
    """The set-up's own comma does not cut the words short."""
    assert plan.routine_words(rest(variant="thigh_pillows")) == (
        "Supported positional release rest (on your back, thighs on pillows)"
    )
    assert plan.routine_words(strength()) == "Hip and trunk strengthening"


def test_titles_and_set_up_names_fall_back_to_the_stored_id() -> None:
    """A routine or set-up taken out of the data since still reads as something."""
    assert plan.routine_title(REST) == REST_TITLE
    assert plan.routine_title("old_routine") == "old_routine"
    assert plan.variant_name(REST, "knees_up") == "On your back, knees up"
    assert plan.variant_name(REST, "") == ""
    assert plan.variant_name(REST, "old_set_up") == "old_set_up"
    assert plan.variant_name("old_routine", "knees_up") == "knees_up"
    assert plan.describe(PlannedItem("old_routine", "Odd_Set_Up", 2, minutes=20)) == (
        "old_routine (odd_set_up), twice a week, 20 minutes"
    )


def test_every_routine_may_be_chosen_by_its_title() -> None:
    assert plan.routine_choices() == [
        (MOBILITY, MOBILITY_TITLE), (STRENGTH, STRENGTH_TITLE), (REST, REST_TITLE)
    ]


def test_a_first_version_changed_nothing() -> None:
    assert plan.changes(None, [rest()], "", "Go gently.") == []


def test_an_unchanged_version_says_nothing_even_if_the_note_only_gained_spaces() -> None:
    assert plan.changes([rest(), strength()], [rest(), strength()], "Go gently.",
                        "  Go gently.\n") == []


def test_every_kind_of_change_in_one_sentence_each_in_order() -> None:
    old = [rest(times=2, minutes=20, variant="knees_up"), strength(times=2, repetitions=10),
           PlannedItem(MOBILITY, "", 3, repetitions=5)]
    new = [PlannedItem(MOBILITY, "", 3, repetitions=5),  # unchanged: nothing said
           PlannedItem("hip_trunk_strength", "", 3, repetitions=12),
           rest(times=3, minutes=30, variant="side_lying")]
    assert plan.changes(old, new, "", "") == [
        "Hip and trunk strengthening: 3 times a week instead of twice a week.",
        "Hip and trunk strengthening: 12 repetitions instead of 10 repetitions.",
        "Supported positional release rest: 3 times a week instead of twice a week.",
        "Supported positional release rest: 30 minutes instead of 20 minutes.",
        "Supported positional release rest: on your side instead of on your back, knees up.",
    ]


def test_an_added_routine_is_described_whole_and_later_changes_are_still_said() -> None:
    old = [rest(times=2)]
    new = [strength(times=1, repetitions=8), rest(times=3)]
    assert plan.changes(old, new, "", "") == [
        "Added: Hip and trunk strengthening, once a week, 8 repetitions.",
        "Supported positional release rest: 3 times a week instead of twice a week.",
    ]


def test_a_routine_taken_out_is_named() -> None:
    assert plan.changes([strength(), rest()], [rest()], "", "") == [
        "Taken out: Hip and trunk strengthening."
    ]
    assert plan.changes([rest(), PlannedItem("old_routine", "", 1, minutes=5)], [rest()],
                        "", "") == ["Taken out: old_routine."]


def test_a_dose_changed_from_minutes_to_repetitions_is_said_in_both() -> None:
    old = [rest(minutes=20)]
    new = [rest(minutes=None, repetitions=3)]
    assert plan.changes(old, new, "", "") == [
        "Supported positional release rest: 3 repetitions instead of 20 minutes."
    ]


def test_a_set_up_chosen_or_left_open_is_said_as_any_set_up() -> None:
    chosen = [rest(variant="thigh_pillows")]
    left_open = [rest(variant="")]
    assert plan.changes(left_open, chosen, "", "") == [
        "Supported positional release rest: on your back, thighs on pillows instead of "
        "any set-up."
    ]
    assert plan.changes(chosen, left_open, "", "") == [
        "Supported positional release rest: any set-up instead of on your back, thighs on "
        "pillows."
    ]


def test_a_new_or_removed_note_from_the_therapist_is_said_last() -> None:
    old, new = [rest(times=2)], [rest(times=3)]
    assert plan.changes(old, new, "", "Go gently.")[-1] == "The note from your therapist is new."
    assert plan.changes(old, old, "Go gently.", "Stop at a 5.") == [
        "The note from your therapist is new."
    ]
    assert plan.changes(old, old, "Go gently.", "  ") == [
        "The note from your therapist was removed."
    ]
