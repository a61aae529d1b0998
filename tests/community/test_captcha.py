"""The arithmetic captcha (captcha.py), pure: tables for its questions, its limits and its
messages, written to catch small changes (mutation testing scores these, docs/quality.md)."""

import re
import time
from random import Random

import pytest
from django.core import signing

from hiphub.community import captcha

NOW = 1_800_000_000.0


class EdgeRandom(Random):
    """Always the lowest (or highest) value a range allows, to pin the ranges' ends."""

    def __init__(self, highest: bool) -> None:
        super().__init__(0)
        self.highest = highest

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        low, high = (0, start) if stop is None else (start, stop)
        assert step == 1
        return high - 1 if self.highest else low


def opened_at(seconds: float, made: captcha.Challenge | None = None) -> captcha.Opened:
    made = made or captcha.make_challenge(now=NOW)
    return captcha.open_challenge(made.token, now=NOW + seconds)


# --- Questions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("highest", "question", "label", "expected"),
    [
        # lowest: first 10, second 2, the first operand blank
        (False, "_ + 2 = 12", "Anti-spam question: what number plus 2 equals 12?", 10),
        # highest: first 89, second 9, the second operand blank
        (True, "89 + _ = 98", "Anti-spam question: 89 plus what number equals 98?", 9),
    ],
)
def test_questions_at_the_ends_of_their_ranges(
    highest: bool, question: str, label: str, expected: int
) -> None:
    made = captcha.make_challenge(now=NOW, rng=EdgeRandom(highest))
    assert (made.question, made.label, made.issued_at) == (question, label, NOW)
    opened = captcha.open_challenge(made.token, now=NOW)
    assert opened.expected == expected
    assert (opened.first, opened.second, opened.blank) == ((89, 9, 1) if highest else (10, 2, 0))
    assert opened.issued_at == NOW


def test_random_questions_stay_in_range_and_leave_either_operand_blank() -> None:
    seen_blank = set()
    for seed in range(60):
        made = captcha.make_challenge(now=NOW, rng=Random(seed))
        assert re.fullmatch(r"(_ \+ \d|\d\d \+ _) = \d+", made.question), made.question
        opened = captcha.open_challenge(made.token, now=NOW + 5)
        assert 10 <= opened.first <= 89 and 2 <= opened.second <= 9
        left, total = made.question.split(" = ")
        a, b = left.split(" + ")
        known = int(b) if a == "_" else int(a)
        assert opened.expected == int(total) - known
        seen_blank.add(opened.blank)
    assert seen_blank == {0, 1}


def test_each_challenge_has_its_own_96_bit_nonce_and_a_plain_token() -> None:
    first, second = (captcha.make_challenge(now=NOW, rng=Random(1)) for _ in range(2))
    nonces = {captcha.open_challenge(c.token, now=NOW).nonce for c in (first, second)}
    assert len(nonces) == 2 and all(re.fullmatch(r"[0-9a-f]{24}", n) for n in nonces)
    assert not first.token.startswith(".")  # not compressed: a small payload gains nothing


def test_the_real_clock_is_used_when_no_time_is_given() -> None:
    made = captcha.make_challenge()
    assert abs(made.issued_at - time.time()) < 5
    opened = captcha.open_challenge(made.token)
    with pytest.raises(captcha.CaptchaError, match="within 3 seconds"):
        captcha.check_answer(opened, opened.expected)  # answered at once
    captcha.check_answer(opened, opened.expected, now=made.issued_at + 3)


# --- Answers and the minimum fill time --------------------------------------------------------


def test_right_answer_after_three_seconds_passes() -> None:
    opened = opened_at(3.5)
    assert captcha.check_answer(opened, str(opened.expected), now=NOW + 3.5) is None
    for wrong in (opened.expected - 1, opened.expected + 1):
        with pytest.raises(captcha.CaptchaError):
            captcha.check_answer(opened, str(wrong), now=NOW + 3.5)


@pytest.mark.parametrize(
    ("seconds", "passes"),
    [(0.0, False), (2.999, False), (3.0, True), (3.001, True), (29 * 60, True)],
)
def test_minimum_fill_time_is_three_seconds_inclusive(seconds: float, passes: bool) -> None:
    """The docstring's rule: at least 3 s between question and answer passes; 3.0 s exactly
    passes too."""
    opened = opened_at(0)
    if passes:
        captcha.check_answer(opened, opened.expected, now=NOW + seconds)
    else:
        with pytest.raises(captcha.CaptchaError) as caught:
            captcha.check_answer(opened, opened.expected, now=NOW + seconds)
        assert caught.value.field == "answer"
        assert caught.value.message == (
            "The form was sent within 3 seconds of opening, faster than a person types. "
            "Please check your post and send it again."
        )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "Please type the missing number of the arithmetic question."),
        ("", "Please type the missing number of the arithmetic question."),
        ("   ", "Please type the missing number of the arithmetic question."),
        ("five", "The answer must be a whole number, such as 5."),
        ("5.0", "The answer must be a whole number, such as 5."),
        ("wrong", "The answer must be a whole number, such as 5."),
        ("off-by-one", "That is not the missing number. Please try the new question."),
    ],
)
def test_a_missing_malformed_or_wrong_answer_is_refused_with_its_reason(
    answer: str | None, message: str
) -> None:
    opened = opened_at(10)
    if answer == "off-by-one":
        answer = str(opened.expected + 1)
    with pytest.raises(captcha.CaptchaError) as caught:
        captcha.check_answer(opened, answer, now=NOW + 10)
    assert (caught.value.field, caught.value.message, str(caught.value)) == (
        "answer", message, message
    )


@pytest.mark.parametrize("written", ["{}", " {} ", "{}\n"])
def test_the_right_number_passes_as_text_with_spaces_or_as_a_number(written: str) -> None:
    opened = opened_at(10)
    captcha.check_answer(opened, written.format(opened.expected), now=NOW + 10)
    captcha.check_answer(opened, opened.expected, now=NOW + 10)


# --- Tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expired"),
    [(0, False), (30 * 60, False), (30 * 60 + 0.001, True), (31 * 60, True)],
)
def test_challenge_expires_after_thirty_minutes(seconds: float, expired: bool) -> None:
    assert captcha.MAX_AGE_SECONDS == 1800
    made = captcha.make_challenge(now=NOW)
    if not expired:
        assert captcha.open_challenge(made.token, now=NOW + seconds).issued_at == NOW
        return
    with pytest.raises(captcha.CaptchaError) as caught:
        captcha.open_challenge(made.token, now=NOW + seconds)
    assert (caught.value.field, caught.value.message) == (
        "challenge",
        "The arithmetic question expired after 30 minutes. Please answer the new one.",
    )


def _signed(payload: object) -> str:
    return signing.dumps(payload, salt=captcha.SALT)


GOOD = {"a": 40, "b": 5, "k": 1, "n": "abc", "t": NOW}


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "The arithmetic question is missing. Reload the page to get one."),
        ("", "The arithmetic question is missing. Reload the page to get one."),
        ("not a token", "The arithmetic question could not be checked. Please answer a new one."),
        (
            signing.dumps(GOOD, salt="another.salt"),
            "The arithmetic question could not be checked. Please answer a new one.",
        ),
        (_signed({**GOOD, "a": None}), "The arithmetic question is damaged."),
        (
            _signed({k: v for k, v in GOOD.items() if k != "t"}),
            "The arithmetic question is damaged.",
        ),
        (_signed({**GOOD, "b": "five"}), "The arithmetic question is damaged."),
        (_signed([1, 2, 3]), "The arithmetic question is damaged."),
    ],
)
def test_a_missing_forged_or_damaged_challenge_is_refused(
    token: str | None, message: str
) -> None:
    with pytest.raises(captcha.CaptchaError) as caught:
        captcha.open_challenge(token, now=NOW)
    assert (caught.value.field, caught.value.message) == ("challenge", message)


def test_a_tampered_token_is_refused() -> None:
    made = captcha.make_challenge(now=NOW)
    with pytest.raises(captcha.CaptchaError, match="could not be checked"):
        captcha.open_challenge(made.token[:-2] + "xx", now=NOW + 5)


def test_a_hand_signed_payload_opens_with_its_own_fields() -> None:
    opened = captcha.open_challenge(_signed(GOOD), now=NOW)
    assert opened == captcha.Opened(nonce="abc", first=40, second=5, blank=1, issued_at=NOW)
    assert opened.expected == 5
    assert captcha.open_challenge(_signed({**GOOD, "k": 0}), now=NOW).expected == 40
