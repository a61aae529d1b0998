"""The arithmetic question in the comment form: `80 + _ = 85`, one operand left blank.

Pure: no database and no request. A challenge travels to the browser as a signed token
holding its operands, a random nonce and the moment it was issued, so the server keeps no
state until the answer comes back. The caller records the nonce when the token is used
(`UsedChallenge` in models.py), which makes every challenge single-use.

Checks, in the order a person would meet them: the token is present, signed by us and not
older than 30 minutes; the answer is a whole number and the right one; and at least 3
seconds passed between issuing the question and posting the form (people need longer than
that to read and type; scripts usually do not wait).
"""

import secrets
import time
from dataclasses import dataclass
from random import Random
from typing import Any

from django.core import signing

SALT = "hiphub.community.captcha"
MAX_AGE_SECONDS = 30 * 60
MIN_FILL_SECONDS = 3.0
_SYSTEM_RANDOM = secrets.SystemRandom()


class CaptchaError(ValueError):
    """A challenge that cannot be accepted; `field` is "challenge" or "answer"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Challenge:
    token: str
    question: str  # "80 + _ = 85"
    label: str  # the same question in words, for screen readers and plain text
    issued_at: float


@dataclass(frozen=True)
class Opened:
    """A challenge whose signature and age have been checked, not yet its answer."""

    nonce: str
    first: int
    second: int
    blank: int  # 0: the first operand is missing, 1: the second
    issued_at: float

    @property
    def expected(self) -> int:
        return self.first if self.blank == 0 else self.second


def _words(first: str, second: str, total: int) -> str:
    return f"Anti-spam question: {first} plus {second} equals {total}?"


def make_challenge(now: float | None = None, rng: Random | None = None) -> Challenge:
    """A fresh question with its signed token."""
    rng = rng or _SYSTEM_RANDOM
    issued = time.time() if now is None else now
    first = rng.randrange(10, 90)
    second = rng.randrange(2, 10)
    blank = rng.randrange(2)
    total = first + second
    payload = {"a": first, "b": second, "k": blank, "n": secrets.token_hex(12), "t": issued}
    token = signing.dumps(payload, salt=SALT, compress=False)
    shown = ("_", str(second)) if blank == 0 else (str(first), "_")
    question = f"{shown[0]} + {shown[1]} = {total}"
    first_word, second_word = ("what number" if s == "_" else s for s in shown)
    label = _words(first_word, second_word, total)
    return Challenge(token=token, question=question, label=label, issued_at=issued)


def open_challenge(token: str | None, now: float | None = None) -> Opened:
    """Check the signature and the age of a token; the answer is checked separately."""
    now = time.time() if now is None else now
    if not token:
        raise CaptchaError(
            "challenge", "The arithmetic question is missing. Reload the page to get one."
        )
    try:
        data: Any = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise CaptchaError(
            "challenge", "The arithmetic question could not be checked. Please answer a new one."
        ) from None
    try:
        opened = Opened(
            nonce=str(data["n"]),
            first=int(data["a"]),
            second=int(data["b"]),
            blank=int(data["k"]),
            issued_at=float(data["t"]),
        )
    except (KeyError, TypeError, ValueError):
        raise CaptchaError("challenge", "The arithmetic question is damaged.") from None
    if now - opened.issued_at > MAX_AGE_SECONDS:
        raise CaptchaError(
            "challenge",
            "The arithmetic question expired after 30 minutes. Please answer the new one.",
        )
    return opened


def check_answer(opened: Opened, answer: object, now: float | None = None) -> None:
    """Raise CaptchaError unless `answer` is the missing number and the form took ≥ 3 s."""
    now = time.time() if now is None else now
    if answer is None or str(answer).strip() == "":
        raise CaptchaError("answer", "Please type the missing number of the arithmetic question.")
    try:
        value = int(str(answer).strip())
    except ValueError:
        raise CaptchaError("answer", "The answer must be a whole number, such as 5.") from None
    if value != opened.expected:
        raise CaptchaError(
            "answer", "That is not the missing number. Please try the new question."
        )
    if now - opened.issued_at < MIN_FILL_SECONDS:
        raise CaptchaError(
            "answer",
            "The form was sent within 3 seconds of opening, faster than a person types. "
            "Please check your post and send it again.",
        )
