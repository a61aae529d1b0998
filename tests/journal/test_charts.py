"""The journal chart draws without inline styles, so it renders under the site's CSP even when
opened on its own (the browser test tests/browser/test_journal_chart.py looks at it)."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from hiphub.core.svgstyle import SVG_NS, UnsupportedStyleError, without_inline_styles
from hiphub.journal.charts import AFTER, BEFORE, before_after_svg

POINTS = [(datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=i), 7, 4) for i in range(6)]


@pytest.mark.parametrize("points", [POINTS, [], [(POINTS[0][0], 5, None)]])
def test_the_chart_has_no_inline_style_and_keeps_its_colours(points: list) -> None:
    svg = before_after_svg(points)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert not [e for e in root.iter() if "style" in e.attrib]
    assert not list(root.iter(f"{{{SVG_NS}}}style"))
    assert root.get("stroke-linejoin") == "round"  # from matplotlib's one style rule
    fills = {e.get("fill") for e in root.iter()}
    assert "#ffffff" in fills  # the white background, black when the style was blocked
    if points == POINTS:
        strokes = {e.get("stroke") for e in root.iter()} | fills
        assert {BEFORE, AFTER} <= strokes


def test_equal_data_still_gives_equal_bytes() -> None:
    assert before_after_svg(POINTS) == before_after_svg(list(POINTS))


def test_a_style_without_a_presentation_attribute_is_refused() -> None:
    svg = f'<svg xmlns="{SVG_NS}"><text style="font: 10px serif">x</text></svg>'.encode()
    with pytest.raises(UnsupportedStyleError, match="'font'"):
        without_inline_styles(svg)
    sheet = f'<svg xmlns="{SVG_NS}"><style>text {{ fill: red }}</style></svg>'.encode()
    with pytest.raises(UnsupportedStyleError, match="style sheet"):
        without_inline_styles(sheet)


def test_a_long_trend_is_a_line_without_a_marker_per_session() -> None:
    """Three years of daily sessions: 1,096 markers overlap into a smear and each is an
    element to draw (the PDF report spent seconds on them); a short journal keeps its dots."""
    from hiphub.journal.charts import MARKERS_UP_TO, pain_trend_svg

    start = datetime(2023, 11, 1, 8, tzinfo=UTC)
    long = [(start + timedelta(days=i), 5 + i % 3) for i in range(MARKERS_UP_TO + 1)]
    uses = f"{{{SVG_NS}}}use"  # one per marker, and one per tick mark on the axes
    assert len(list(ET.fromstring(pain_trend_svg(long)).iter(uses))) < 40  # noqa: S314
    short = long[:MARKERS_UP_TO]
    assert len(list(ET.fromstring(pain_trend_svg(short)).iter(uses))) >= MARKERS_UP_TO  # noqa: S314
