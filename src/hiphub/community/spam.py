"""Whether a new post is published at once or held for a moderator. Pure: no database.

A post is held when it has more than 2 links, when it contains a word or phrase from the
configurable block list, or when its author is not trusted. Who is trusted is the caller's
decision (posting.py: an approved post, and a verified member or a confirmed address), so
first-time commenters always wait for a person to look.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_LINKS = 2
FIRST_POST = "first post from this commenter"
LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Verdict:
    publish: bool
    reasons: tuple[str, ...]


def links_in(text: str) -> list[str]:
    """Every web address in the text, without trailing punctuation."""
    return [m.group(0).rstrip(_TRAILING) for m in LINK.finditer(text)]


def blocked_terms(text: str, block_list: Iterable[str]) -> list[str]:
    """Block-list entries found in the text as whole words, ignoring case."""
    found = []
    for term in block_list:
        term = term.strip()
        if term and re.search(rf"(?i)(?<!\w){re.escape(term)}(?!\w)", text):
            found.append(term)
    return found


def decide(
    text: str,
    *,
    block_list: Iterable[str],
    trusted: bool,
    name: str = "",
    max_links: int = MAX_LINKS,
    untrusted_because: str = FIRST_POST,
) -> Verdict:
    """Publish only a trusted author's post with at most `max_links` links (2 unless the
    caller is stricter) and no blocked words. The reasons say why a post is held;
    `untrusted_because` is the one given for an author who is not trusted."""
    reasons = []
    count = len(links_in(text)) + len(links_in(name))
    if count > max_links:
        reasons.append(f"{count} link{'s' if count != 1 else ''} (more than {max_links})")
    terms = blocked_terms(f"{name}\n{text}", block_list)
    if terms:
        reasons.append("blocked words: " + ", ".join(terms))
    if not trusted:
        reasons.append(untrusted_because)
    return Verdict(publish=not reasons, reasons=tuple(reasons))


def segments(text: str) -> list[tuple[str, str | None]]:
    """The text cut into (piece, href) pairs; href is None for plain text."""
    out: list[tuple[str, str | None]] = []
    position = 0
    for match in LINK.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        start, end = match.start(), match.start() + len(url)
        if start > position:
            out.append((text[position:start], None))
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        out.append((url, href))
        position = end
    if position < len(text):
        out.append((text[position:], None))
    return out
