"""The journal chart: pain before and after each session over time, as an SVG image."""

import io
from collections.abc import Sequence
from datetime import datetime

import matplotlib

matplotlib.use("svg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from hiphub.core.svgstyle import without_inline_styles

BEFORE, AFTER = "#8a4b00", "#2f6f6a"


def before_after_svg(
    points: Sequence[tuple[datetime, int | None, int | None]], title: str = "Pain"
) -> bytes:
    """points: (started_at, before, after). Sessions missing a rating show only what exists.
    Styles are presentation attributes, so the image renders opened on its own too."""
    plt.rcParams["svg.hashsalt"] = "hiphub"  # stable ids, so equal data gives equal bytes
    plt.rcParams["svg.fonttype"] = "none"
    figure, axes = plt.subplots(figsize=(7, 3), dpi=100)
    try:
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
        axes.set_ylim(-0.5, 10.5)
        axes.set_yticks(range(0, 11, 2))
        axes.set_ylabel(f"{title} (0–10)")
        axes.grid(axis="y", color="#e5e9e7")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if points:
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
        return without_inline_styles(buffer.getvalue())
    finally:
        plt.close(figure)
