"""The pure rules: the arithmetic captcha, the spam verdict and the aggregate numbers."""

import re
from random import Random

import pytest

from hiphub.community import aggregate, captcha, spam

NOW = 1_800_000_000.0


def test_question_leaves_one_operand_blank_and_reads_as_words() -> None:
    for seed in range(20):
        made = captcha.make_challenge(now=NOW, rng=Random(seed))
        assert re.fullmatch(r"(_ \+ \d+|\d+ \+ _) = \d+", made.question)
        assert "plus" in made.label and "equals" in made.label
        opened = captcha.open_challenge(made.token, now=NOW + 5)
        a, b = made.question.split(" = ")[0].split(" + ")
        total = int(made.question.split(" = ")[1])
        known = int(b) if a == "_" else int(a)
        assert opened.expected == total - known


def test_right_answer_after_three_seconds_passes() -> None:
    made = captcha.make_challenge(now=NOW)
    opened = captcha.open_challenge(made.token, now=NOW + 3.5)
    captcha.check_answer(opened, str(opened.expected), now=NOW + 3.5)


def test_wrong_or_missing_answer_is_refused() -> None:
    made = captcha.make_challenge(now=NOW)
    opened = captcha.open_challenge(made.token, now=NOW + 10)
    with pytest.raises(captcha.CaptchaError, match="not the missing number"):
        captcha.check_answer(opened, opened.expected + 1, now=NOW + 10)
    with pytest.raises(captcha.CaptchaError, match="type the missing number"):
        captcha.check_answer(opened, "", now=NOW + 10)
    with pytest.raises(captcha.CaptchaError, match="whole number"):
        captcha.check_answer(opened, "five", now=NOW + 10)


def test_form_sent_within_three_seconds_is_refused() -> None:
    made = captcha.make_challenge(now=NOW)
    opened = captcha.open_challenge(made.token, now=NOW + 2.9)
    with pytest.raises(captcha.CaptchaError, match="within 3 seconds"):
        captcha.check_answer(opened, opened.expected, now=NOW + 2.9)


def test_challenge_expires_after_thirty_minutes() -> None:
    made = captcha.make_challenge(now=NOW)
    captcha.open_challenge(made.token, now=NOW + 29 * 60)
    with pytest.raises(captcha.CaptchaError, match="expired") as caught:
        captcha.open_challenge(made.token, now=NOW + 31 * 60)
    assert caught.value.field == "challenge"


def test_tampered_or_missing_challenge_is_refused() -> None:
    made = captcha.make_challenge(now=NOW)
    with pytest.raises(captcha.CaptchaError, match="could not be checked"):
        captcha.open_challenge(made.token[:-2] + "xx", now=NOW + 5)
    with pytest.raises(captcha.CaptchaError, match="missing"):
        captcha.open_challenge("", now=NOW + 5)


def test_more_than_two_links_is_held_even_for_trusted_authors() -> None:
    two = "See https://a.example/x and www.b.example."
    three = two + " Also http://c.example"
    assert spam.decide(two, block_list=[], trusted=True).publish
    verdict = spam.decide(three, block_list=[], trusted=True)
    assert not verdict.publish
    assert "3 links" in verdict.reasons[0]


def test_block_list_words_hold_a_post_whole_words_only() -> None:
    verdict = spam.decide("Cheap VIAGRA here", block_list=["viagra"], trusted=True)
    assert not verdict.publish and "viagra" in verdict.reasons[0]
    assert spam.decide("I felt escorted home", block_list=["escort"], trusted=True).publish
    assert not spam.decide("ok", name="casino king", block_list=["casino"], trusted=True).publish


def test_first_time_commenters_are_held_and_trusted_ones_published() -> None:
    first = spam.decide("Helped a bit.", block_list=[], trusted=False)
    assert not first.publish and first.reasons == ("first post from this commenter",)
    assert spam.decide("Helped a bit.", block_list=[], trusted=True).publish


def test_segments_turn_addresses_into_links_without_trailing_punctuation() -> None:
    assert spam.segments("see www.nhs.uk.") == [
        ("see ", None), ("www.nhs.uk", "https://www.nhs.uk"), (".", None),
    ]
    assert spam.segments("javascript:alert(1)") == [("javascript:alert(1)", None)]


def test_aggregate_numbers_on_fixed_reports() -> None:
    reports = [(8, 4), (6, 5), (7, 7), (5, 2), (9, 6), (4, None), (None, 3)]
    result = aggregate.summarize(reports)
    assert result.count == 5
    assert result.median_before == 7.0
    assert result.median_after == 5.0
    assert result.improved == 3  # drops of 4, 3 and 3; 1 and 0 do not count
    assert result.improved_percent == 60
    assert result.changes == {0: 1, 1: 1, 3: 2, 4: 1}


def test_aggregate_of_nothing_says_nothing() -> None:
    result = aggregate.summarize([])
    assert result.count == 0 and result.median_before is None
    assert result.improved_share is None


def test_chart_is_svg_and_repeatable() -> None:
    summary = aggregate.summarize([(8, 4), (6, 5)])
    svg = aggregate.distribution_svg(summary)
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert svg == aggregate.distribution_svg(summary)
    assert b"Change in pain" in svg
