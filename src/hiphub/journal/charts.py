"""The journal charts, as SVG images: pain before and after each session, and pain before
sessions over time with its trend."""

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import matplotlib
import numpy as np

matplotlib.use("svg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from hiphub.core.svgstyle import without_inline_styles
from hiphub.journal import stats

BEFORE, AFTER = "#8a4b00", "#2f6f6a"
# Beyond this many sessions the trend chart draws the line without a marker on each point:
# at 7 inches wide they overlap into a smear, and each one is an element to draw (the PDF
# report of a three-year journal spent most of its time on them).
MARKERS_UP_TO = 200


@contextmanager
def _rating_chart(ylabel: str, has_points: bool, out: list[bytes]) -> Iterator[Any]:
    """A 0–10 rating chart: yields the axes to draw on, then labels it and appends its SVG to
    `out`. Styles become presentation attributes, so the image renders opened on its own."""
    plt.rcParams["svg.hashsalt"] = "hiphub"  # stable ids, so equal data gives equal bytes
    plt.rcParams["svg.fonttype"] = "none"
    figure, axes = plt.subplots(figsize=(7, 3), dpi=100)
    try:
        yield axes
        axes.set_ylim(-0.5, 10.5)
        axes.set_yticks(range(0, 11, 2))
        axes.set_ylabel(ylabel)
        axes.grid(axis="y", color="#e5e9e7")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if has_points:
            locator = mdates.AutoDateLocator(minticks=2, maxticks=6)
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            axes.legend(loc="upper right", frameon=False, ncols=2)
        else:
            axes.text(0.5, 0.5, "No sessions yet", ha="center", va="center",
                      transform=axes.transAxes, color="#536463")
            axes.set_xticks([])
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        out.append(without_inline_styles(buffer.getvalue()))
    finally:
        plt.close(figure)


def before_after_svg(
    points: Sequence[tuple[datetime, int | None, int | None]], title: str = "Pain"
) -> bytes:
    """points: (started_at, before, after). Sessions missing a rating show only what exists."""
    out: list[bytes] = []
    with _rating_chart(f"{title} (0–10)", bool(points), out) as axes:
        # Dates as matplotlib day numbers: the same axis, and what its type hints accept.
        when_b = [mdates.date2num(p[0]) for p in points if p[1] is not None]
        when_a = [mdates.date2num(p[0]) for p in points if p[2] is not None]
        for started, before, after in points:
            if before is not None and after is not None:
                day = mdates.date2num(started)
                axes.plot([day, day], [before, after], color="#c9d2cf", linewidth=1)
        axes.plot(when_b, [p[1] for p in points if p[1] is not None], "o", color=BEFORE,
                  markersize=4, label="before")
        axes.plot(when_a, [p[2] for p in points if p[2] is not None], "s", color=AFTER,
                  markersize=4, label="after")
    return out[0]


def pain_trend_svg(points: Sequence[tuple[datetime, int]]) -> bytes:
    """Pain before each session as a line over time, with its Theil–Sen trend (the same robust
    trend the journal states in words) dashed, when there is one."""
    out: list[bytes] = []
    with _rating_chart("Pain before (0–10)", bool(points), out) as axes:
        days = [mdates.date2num(when) for when, _ in points]
        values = [float(v) for _, v in points]
        axes.plot(days, values, "-o" if len(points) <= MARKERS_UP_TO else "-", color=BEFORE,
                  markersize=3, linewidth=1.2, label="pain before")
        trend = stats.theil_sen_per_week([(when, float(v)) for when, v in points])
        if trend is not None:
            slope = trend[0] / 7  # per day, the unit of the axis
            # The line passes through the median residual, as Theil–Sen's intercept does.
            start = days[0]
            residuals = [v - slope * (d - start) for d, v in zip(days, values, strict=True)]
            intercept = float(np.median(residuals))
            ends = [start, days[-1]]
            axes.plot(ends, [intercept + slope * (d - start) for d in ends], "--", color=AFTER,
                      linewidth=2, label="trend")
    return out[0]
