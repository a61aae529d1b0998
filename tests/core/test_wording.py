"""One way to say a change: "pain went down by 3 (7 → 4)", never a signed number."""

import pytest

from hiphub.core.wording import change_phrase, change_words, movement_words, number, range_words


@pytest.mark.parametrize(
    ("value", "shown"),
    [(3, "3"), (3.0, "3"), (2.5, "2.5"), (35.5555, "35.6"), (0.04, "0"), (-0.04, "0"), (10, "10")],
)
def test_numbers_are_written_as_people_write_them(value: float, shown: str) -> None:
    assert number(value) == shown


@pytest.mark.parametrize(
    ("subject", "before", "after", "unit", "phrase"),
    [
        ("pain", 7, 4, "", "pain went down by 3 (7 → 4)"),
        ("pain", 4, 7, "", "pain went up by 3 (4 → 7)"),
        ("pain", 5, 5, "", "pain stayed the same (5 → 5)"),
        ("pain", 6.52, 6.49, "", "pain barely changed (6.5 → 6.5)"),
        ("Hip tension", 6.5, 4.4, "points", "Hip tension went down by 2.1 points (6.5 → 4.4)"),
        ("pain", 3, 2, "points", "pain went down by 1 point (3 → 2)"),
        (
            "score",
            35.56,
            22.22,
            "percentage points",
            "score went down by 13.3 percentage points (35.6 → 22.2)",
        ),
    ],
)
def test_a_change_is_said_in_words_with_both_numbers(
    subject: str, before: float, after: float, unit: str, phrase: str
) -> None:
    assert change_phrase(subject, before, after, unit) == phrase
    assert change_words(before, after, unit) in phrase


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (0.8, 3.4, "a fall of between 0.8 and 3.4 points"),
        (3.4, 0.8, "a fall of between 0.8 and 3.4 points"),
        (0, 1, "a fall of between 0 and 1 point"),
        (-1.5, -0.5, "a rise of between 0.5 and 1.5 points"),
        (-1, 0, "a rise of between 0 and 1 point"),
        (-0.5, 2, "anything from a rise of 0.5 points to a fall of 2 points"),
        (0, 0, "no change at all"),
    ],
)
def test_an_interval_of_changes_is_said_in_words(low: float, high: float, words: str) -> None:
    assert range_words(low, high) == words


def test_without_a_unit_the_number_stands_alone() -> None:
    # The session page and the terminal player say "went down by 3" for a 0-10 rating.
    assert movement_words(3) == "went down by 3"
    assert movement_words(-1) == "went up by 1"
    assert change_words(7, 4) == "went down by 3"
    assert change_phrase("pain", 7, 4) == "pain went down by 3 (7 → 4)"
