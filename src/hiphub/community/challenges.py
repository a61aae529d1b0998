"""Spending a captcha challenge: the pure checks of captcha.py plus the record that makes
each challenge single-use (`UsedChallenge`, whose unique index decides between two
simultaneous uses)."""

from django.db import IntegrityError, transaction

from hiphub.community import captcha
from hiphub.community.models import UsedChallenge


def spend(token: object, answer: object) -> None:
    """Check the challenge and its answer; raise captcha.CaptchaError when either is wrong.
    A validly signed challenge is used up whatever the answer, so it cannot be guessed at."""
    opened = captcha.open_challenge(None if token is None else str(token))
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(nonce=opened.nonce)
    except IntegrityError:
        raise captcha.CaptchaError(
            "challenge", "This arithmetic question was already used. Please answer the new one."
        ) from None
    captcha.check_answer(opened, answer)
