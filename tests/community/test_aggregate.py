"""What approved reports add up to, and their chart (aggregate.py), pure: tables for the
numbers and a reading of the SVG's bars, written to catch small changes (mutation testing
scores these, docs/quality.md)."""

import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pytest

from hiphub.community import aggregate

GREEN, GREY = "#2f6f6a", "#b8c4c1"


@pytest.mark.parametrize(
    ("pairs", "count", "before", "after", "improved", "changes"),
    [
        ([], 0, None, None, 0, {}),
        ([(4, None), (None, 3), (None, None)], 0, None, None, 0, {}),
        ([(8, 4)], 1, 8.0, 4.0, 1, {4: 1}),
        ([(5, 3)], 1, 5.0, 3.0, 1, {2: 1}),  # exactly 2 points less counts
        ([(5, 4)], 1, 5.0, 4.0, 0, {1: 1}),  # 1 point does not
        ([(3, 6)], 1, 3.0, 6.0, 0, {-3: 1}),  # worse
        ([(0, 0), (10, 10)], 2, 5.0, 5.0, 0, {0: 2}),
        (
            [(8, 4), (6, 5), (7, 7), (5, 2), (9, 6), (4, None), (None, 3)],
            5, 7.0, 5.0, 3, {0: 1, 1: 1, 3: 2, 4: 1},
        ),
        ([(10, 0), (2, 3), (6, 1)], 3, 6.0, 1.0, 2, {-1: 1, 5: 1, 10: 1}),
    ],
)
def test_summaries_of_fixed_reports(
    pairs: list[tuple[int | None, int | None]],
    count: int,
    before: float | None,
    after: float | None,
    improved: int,
    changes: dict[int, int],
) -> None:
    result = aggregate.summarize(pairs)
    assert (result.count, result.median_before, result.median_after) == (count, before, after)
    assert (result.improved, result.changes) == (improved, changes)
    assert list(result.changes) == sorted(result.changes)


def test_tallies_add_up_like_the_reports_they_count() -> None:
    # Three reports as tallies: two pairs share a "before" of 8 and two an "after" of 1, so
    # each tally must add to the others, not replace them: before 2, 8, 8 has median 8 (not
    # 5), after 1, 1, 2 has median 1 (not 1.5).
    tally = {(2, 1): 1, (8, 1): 1, (8, 2): 1}
    reports = [(2, 1), (8, 1), (8, 2)]
    assert aggregate.summarize_counts(tally) == aggregate.summarize(reports)
    assert aggregate.summarize_counts(tally) == aggregate.Summary(
        count=3, median_before=8.0, median_after=1.0, improved=2, changes={1: 1, 6: 1, 7: 1}
    )


def test_a_tally_back_at_zero_leaves_no_bar_and_no_key() -> None:
    # A routine's tally of a pair falls back to 0 when its only report is withdrawn: the
    # change it stood for must not appear in the API's "changes" as a count of 0.
    summary = aggregate.summarize_counts({(6, 3): 2, (5, 5): 0, (7, 2): 0})
    assert summary == aggregate.Summary(
        count=2, median_before=6.0, median_after=3.0, improved=2, changes={3: 2}
    )
    assert summary.as_dict()["changes"] == {"3": 2}


@pytest.mark.parametrize(
    ("improved", "count", "share", "percent"),
    [(0, 0, None, None), (0, 4, 0.0, 0), (1, 3, 1 / 3, 33), (2, 3, 2 / 3, 67), (3, 3, 1.0, 100),
     (1, 8, 0.125, 12), (3, 8, 0.375, 38)],
)
def test_share_and_percent_improved(
    improved: int, count: int, share: float | None, percent: int | None
) -> None:
    summary = aggregate.Summary(count=count, median_before=None, median_after=None,
                                improved=improved)
    assert summary.improved_share == share
    assert summary.improved_percent == percent


def test_as_dict_is_the_api_shape() -> None:
    summary = aggregate.summarize([(8, 4), (6, 5), (9, 9)])
    assert summary.as_dict() == {
        "count": 3,
        "median_before": 8.0,
        "median_after": 5.0,
        "improved_2_points": 1,
        "improved_share": 1 / 3,
        "changes": {"0": 1, "1": 1, "4": 1},
        "caveat": aggregate.CAVEAT,
    }
    assert list(aggregate.Summary(0, None, None, 0, {3: 1, -2: 1}).as_dict()["changes"]) == [
        "-2", "3",
    ]
    assert aggregate.IMPROVEMENT_POINTS == 2
    assert aggregate.CAVEAT.startswith("These are reports from people who chose to share them")
    assert "not results of a trial" in aggregate.CAVEAT


# --- The chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    centre: float  # in points of pain change, read back from the drawing
    width: float  # as a share of one point
    height: float  # as a share of the tallest bar
    colour: str


def _numbers(d: str) -> list[tuple[float, float]]:
    values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(values[::2], values[1::2], strict=True))


def read_bars(svg: str) -> list[Bar]:
    """The bars of the chart, in data units, from the SVG matplotlib wrote."""
    clip = re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    assert clip
    left, _, width, _ = (float(v) for v in clip.groups())
    unit = width / 21.6  # the x axis runs from -10.8 to 10.8
    shapes = re.findall(r'<path d="([^"]+)"\s+clip-path="[^"]+" fill="(#[0-9a-f]{6})"', svg)
    heights_px = []
    bars = []
    for d, colour in shapes:
        points = _numbers(d)
        xs, ys = [x for x, _ in points], [y for _, y in points]
        heights_px.append(max(ys) - min(ys))
        bars.append(((min(xs) + max(xs)) / 2, (max(xs) - min(xs)) / unit, colour))
    tallest = max(heights_px) or 1.0
    return [
        Bar(
            centre=round((x - left) / unit - 10.8, 3),
            width=round(w, 3),
            height=round(h / tallest, 3),
            colour=colour,
        )
        for (x, w, colour), h in zip(bars, heights_px, strict=True)
    ]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def chart(pairs: list[tuple[int, int]], title: str = "") -> str:
    return aggregate.distribution_svg(aggregate.summarize(pairs), title=title).decode()


def test_the_chart_carries_no_inline_style_so_it_draws_under_the_csp() -> None:
    svg = chart([(8, 4), (6, 5)])
    assert "style=" not in svg and "<style" not in svg


def test_one_bar_per_point_from_minus_10_to_10_green_from_2_points_less_pain() -> None:
    svg = chart([(8, 4), (6, 5), (9, 5)])
    bars = read_bars(svg)
    assert [b.centre for b in bars] == [float(x) for x in range(-10, 11)]
    assert {b.width for b in bars} == {0.8}
    assert [b.colour for b in bars] == [GREY] * 12 + [GREEN] * 9  # x >= 2 is green
    # Relative heights: two reports at 4, one at 1, none elsewhere.
    assert {int(b.centre): b.height for b in bars if b.height} == {1: 0.5, 4: 1.0}


def test_the_chart_says_what_its_axes_are_and_has_whole_number_ticks() -> None:
    svg = chart([(8, 4)], title="Positional release")
    labels = texts(svg)
    assert labels[:11] == ["−10", "−8", "−6", "−4", "−2", "0", "2", "4", "6", "8", "10"]
    assert "Change in pain, points (before − after; right = less pain)" in labels
    assert "Reports" in labels
    assert labels[-1] == "Positional release"
    y_ticks = labels[labels.index("Change in pain, points (before − after; right = less pain)")
                     + 1:labels.index("Reports")]
    assert y_ticks and all(re.fullmatch(r"\d+", t) for t in y_ticks)
    assert "No approved reports yet" not in labels
    assert 'width="432pt" height="187.2pt"' in svg  # 6 × 2.6 inches


def _text_element(svg: str, words: str) -> tuple[str, float, float]:
    found = re.search(rf'<text x="([\d.]+)" y="([\d.]+)"([^>]*)>{words}</text>', svg)
    assert found, words
    return found.group(3), float(found.group(1)), float(found.group(2))


def _plot_centre(svg: str) -> tuple[float, float]:
    clip = re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    assert clip
    left, top, width, height = (float(v) for v in clip.groups())
    return left + width / 2, top + height / 2


def test_an_empty_chart_says_so_in_the_middle_of_the_plot() -> None:
    svg = chart([])
    assert all(b.height == 0 for b in read_bars(svg))
    style, x, y = _text_element(svg, "No approved reports yet")
    centre_x, centre_y = _plot_centre(svg)
    assert 'text-anchor="middle"' in style and 'fill="#536463"' in style
    assert abs(x - centre_x) < 0.5
    assert 1 < y - centre_y < 5  # centred text: its baseline sits a little below the middle
    assert "No approved reports yet" not in texts(chart([(8, 4)]))


def test_a_title_only_when_asked_in_small_type() -> None:
    untitled = aggregate.distribution_svg(aggregate.summarize([(8, 4)])).decode()
    assert texts(untitled)[-1] == "Reports"  # the y axis label comes last: no title
    style, _, _ = _text_element(chart([(8, 4)], title="Positional release"), "Positional release")
    assert 'font-size="10px"' in style


def test_only_the_left_and_bottom_axis_lines_are_drawn() -> None:
    svg = chart([(8, 4)])
    axis_lines = re.findall(r'<path d="[^"]+"\s+fill="none" stroke="#000000"', svg)
    assert len(axis_lines) == 2


def test_the_chart_is_repeatable_text_svg_and_closes_its_figure() -> None:
    before = len(plt.get_fignums())
    first = chart([(8, 4), (6, 5)])
    assert first.startswith("<?xml") and "<svg" in first
    assert first == chart([(8, 4), (6, 5)])
    assert "<dc:date>" not in first  # no date, so equal data gives equal bytes
    assert len(plt.get_fignums()) == before
