"""Education pages: Markdown files in pages/, with `[[muscle_id]]` linking into the anatomy.

`[[psoas_major]]` becomes a link to that muscle's page with its name as the text, and
`[[psoas_major|the deep hip flexor]]` uses the given text. An unknown id is an error when
the page is loaded, so a typo never reaches a reader as a broken link.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.urls import reverse
from django.utils.html import escape

from hiphub.anatomy.atlas import load

PAGES_DIR = Path(__file__).parent / "pages"
LINK = re.compile(r"\[\[([a-z0-9_]+)(?:\|([^\]]+))?\]\]")


class PageError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    html: str
    muscles: tuple[str, ...]


def _link(match: re.Match[str], found: list[str]) -> str:
    muscle_id, text = match.group(1), match.group(2)
    try:
        muscle = load().muscle(muscle_id)
    except KeyError as exc:
        raise PageError(f"unknown muscle in [[{muscle_id}]]: {exc}") from None
    found.append(muscle.id)
    url = reverse("anatomy:muscle", args=[muscle.id])
    return f"[{escape(text or muscle.name)}]({url})"


@functools.cache
def all_pages() -> dict[str, Page]:
    """Every page, by slug, read and checked once (reference-data loading refreshes it)."""
    return {path.stem: _read(path) for path in sorted(PAGES_DIR.glob("*.md"))}


def get(slug: str) -> Page:
    try:
        return all_pages()[slug]
    except KeyError:
        raise PageError(f"no page called {slug!r}") from None


def _read(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    found: list[str] = []
    body = LINK.sub(lambda m: _link(m, found), body)
    html = markdown.markdown(body, extensions=["attr_list", "tables"], output_format="html")
    return Page(path.stem, title.lstrip("# ").strip(), html, tuple(dict.fromkeys(found)))
