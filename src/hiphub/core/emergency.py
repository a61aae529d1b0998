"""The emergency number the safety advice names, checked at start-up and shown as links.

`HIPHUB_EMERGENCY_NUMBER` may hold one number or several joined by "or", commas or slashes
("999 or 112"). Advice text in the reference data says `{emergency_number}` where the number
goes; in HTML each number becomes a tap-to-call `tel:` link.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PLACEHOLDER = "{emergency_number}"
_SEPARATOR = re.compile(r"\s*(?:,|/|\bor\b)\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^\+?[0-9](?:[0-9 -]{0,18}[0-9])?$")


def numbers(value: str) -> list[str]:
    """The numbers in the setting, in order; ValueError saying what is wrong otherwise."""
    if not value.strip():
        raise ValueError("it is empty; set it to your country's emergency number, e.g. 112")
    parts = _SEPARATOR.split(value.strip())
    bad = [p for p in parts if not _NUMBER.match(p) or len(re.sub(r"\D", "", p)) < 2]
    if bad:
        raise ValueError(
            f"{', '.join(repr(b) for b in bad)} is not a phone number; use digits, "
            'e.g. "112" or "999 or 112"'
        )
    return parts


def links(value: str) -> SafeString:
    """Each number as a tap-to-call link, joined by "or"."""
    anchors = [
        format_html('<a class="tel" href="tel:{}">{}</a>', re.sub(r"[ -]", "", n), n)
        for n in numbers(value)
    ]
    return mark_safe(" or ".join(anchors))  # noqa: S308 - built by format_html above


def fill_text(text: str, value: str) -> str:
    """Advice text with the number written in (for JSON and the terminal)."""
    return text.replace(PLACEHOLDER, value)


def fill_html(text: str, value: str) -> SafeString:
    """Advice text, escaped, with the number as tap-to-call links."""
    pieces = [escape(piece) for piece in text.split(PLACEHOLDER)]
    return mark_safe(str(links(value)).join(pieces))  # noqa: S308 - every piece is escaped
