"""The one-page report for a clinician, as a PDF: a Django template rendered by WeasyPrint, with
the journal's own pain-trend chart and the body map embedded as vector SVG.

Safety comes first, then the latest scores with their change by issue 7's rule, then pain
before sessions over time, the routines and the plan, the pain regions, and the person's own
questions. Every block is kept whole on the page (`break-inside: avoid`); the text is short
enough that the page holds it at A4 and at US Letter.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from hiphub.anatomy import bodymap
from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.core import rendercache
from hiphub.core.parsing import NUL_MESSAGE
from hiphub.core.wording import movement_words, number, range_words
from hiphub.journal import charts
from hiphub.reports.data import ReportData

MEDIA_TYPE = "application/pdf"
PAPERS = {"a4": "A4", "letter": "letter"}
QUESTIONS_MAX = 500  # characters: what fits in the box on the page


class BadQuestions(ValueError):
    """The questions cannot go on the page; the message says why, in plain words."""


class QuestionsTooLong(BadQuestions):
    def __init__(self, length: int) -> None:
        super().__init__(
            f"Your questions are {length} characters long; the page has room for "
            f"{QUESTIONS_MAX}. Shorten them a little and try again."
        )


@dataclass(frozen=True)
class FairTest:
    """The 'does it help me?' result for the page (filled in by the fair-test code)."""

    verdict: str
    lines: list[str] = field(default_factory=list)


def check_questions(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise BadQuestions(f"Your questions {NUL_MESSAGE}.")
    if len(text) > QUESTIONS_MAX:
        raise QuestionsTooLong(len(text))
    return text


def _data_uri(svg: bytes | str) -> str:
    raw = svg.encode() if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


def _trend_words(data: ReportData) -> str:
    found = data.pain_stats()
    if found is None or found.trend_per_week is None:
        return "Not enough rated sessions spread over time to show a trend."
    slope = found.trend_per_week
    text = f"Pain before sessions {movement_words(-slope, 'points')} a week (Theil–Sen slope"
    if found.trend_ci95 is not None:
        low, high = found.trend_ci95
        text += f"; 95 % interval: {range_words(-high, -low)} a week"
    return text + f", {found.trend_points} sessions)."


def _chart(data: ReportData) -> str:
    points = data.pain_points()
    key = rendercache.key_for("report-trend", 1, [(w.isoformat(), v) for w, v in points])
    svg = rendercache.cached_bytes("charts", key, ".svg", lambda: charts.pain_trend_svg(points))
    return _data_uri(svg)


def context(data: ReportData, questions: str = "", fair_test: FairTest | None = None,
            paper: str = "a4") -> dict[str, Any]:
    regions = load_anatomy().pain_regions
    chosen = frozenset(data.regions)
    return {
        "r": data,
        "paper": PAPERS[paper],
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "scores": data.latest_scores() if data.results is not None else None,
        "trend": _trend_words(data) if data.sessions is not None else "",
        "chart": _chart(data) if data.pain_points() else None,
        "routines": data.routines() if data.sessions is not None else None,
        "region_names": [regions[r].name for r in data.regions if r in regions],
        "maps": [_data_uri(bodymap.body_map(v, chosen)) for v in ("front", "back")]
        if chosen else [],
        "questions": questions,
        "fair_test": fair_test or data.fair_test,
        "number": number,
    }


def html(data: ReportData, **kwargs: Any) -> str:
    return render_to_string("reports/report.html", context(data, **kwargs))


def render(data: ReportData, *, paper: str = "a4", questions: str = "",
           fair_test: FairTest | None = None) -> bytes:
    """The PDF's bytes. `paper` is "a4" or "letter"; `questions` is checked first."""
    from weasyprint import HTML, URLFetcher

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    page = html(data, questions=check_questions(questions), fair_test=fair_test, paper=paper)
    # Everything the page needs is inside it (data: URIs); nothing is fetched from anywhere.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return bytes(HTML(string=page, url_fetcher=fetcher).write_pdf())
