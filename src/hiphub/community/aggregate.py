"""What approved before/after reports for one protocol add up to. Pure: no database.

Only reports with both ratings count. The numbers describe the people who chose to write
in, which is not a trial: there is no comparison group, people who felt better are more
likely to report, and pain often eases by itself. Pages showing them say so.
"""

import io
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from hiphub.core.svgstyle import without_inline_styles

IMPROVEMENT_POINTS = 2
CAVEAT = (
    "These are reports from people who chose to share them, not results of a trial. "
    "There is no comparison group, people who felt better may be more likely to write, "
    "and back pain often eases by itself over days or weeks. Treat them as anecdotes."
)


@dataclass(frozen=True)
class Summary:
    count: int
    median_before: float | None
    median_after: float | None
    improved: int  # reports with at least a 2-point drop in pain
    changes: dict[int, int] = field(default_factory=dict)  # drop in points -> reports

    @property
    def improved_share(self) -> float | None:
        return self.improved / self.count if self.count else None

    @property
    def improved_percent(self) -> int | None:
        share = self.improved_share
        return None if share is None else round(share * 100)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "median_before": self.median_before,
            "median_after": self.median_after,
            "improved_2_points": self.improved,
            "improved_share": self.improved_share,
            "changes": {str(k): v for k, v in sorted(self.changes.items())},
            "caveat": CAVEAT,
        }


def summarize(pairs: Iterable[tuple[int | None, int | None]]) -> Summary:
    """pairs: (pain before, pain after) from approved reports; incomplete pairs are skipped."""
    return summarize_counts(Counter((b, a) for b, a in pairs if b is not None and a is not None))


def _median(counts: Mapping[int, int]) -> float:
    """The median of a multiset given as value -> how many times (as statistics.median)."""
    total = sum(counts.values())
    wanted = {(total - 1) // 2, total // 2}  # the middle position(s), counted from 0
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        following = seen + counts[value]
        found.extend(value for position in sorted(wanted) if seen <= position < following)
        seen = following
    return float(statistics.fmean(found))


def summarize_counts(tally: Mapping[tuple[int, int], int]) -> Summary:
    """tally: (pain before, pain after) -> how many approved reports gave that pair; the
    work depends on the number of distinct pairs (at most 121), not on the reports."""
    tally = {pair: n for pair, n in tally.items() if n > 0}
    count = sum(tally.values())
    if not count:
        return Summary(count=0, median_before=None, median_after=None, improved=0)
    before: Counter[int] = Counter()
    after: Counter[int] = Counter()
    drops: Counter[int] = Counter()
    for (b, a), n in tally.items():
        before[b] += n
        after[a] += n
        drops[b - a] += n
    return Summary(
        count=count,
        median_before=_median(before),
        median_after=_median(after),
        improved=sum(n for d, n in drops.items() if d >= IMPROVEMENT_POINTS),
        changes=dict(sorted(drops.items())),
    )


def distribution_svg(summary: Summary, title: str = "") -> bytes:
    """A small bar chart: how many reports for each change in pain (points, before − after)."""
    plt.rcParams["svg.hashsalt"] = "hiphub-community"  # equal data gives equal bytes
    plt.rcParams["svg.fonttype"] = "none"
    figure, axes = plt.subplots(figsize=(6, 2.6), dpi=100)
    try:
        xs = list(range(-10, 11))
        heights = [summary.changes.get(x, 0) for x in xs]
        colours = ["#2f6f6a" if x >= IMPROVEMENT_POINTS else "#b8c4c1" for x in xs]
        axes.bar(xs, heights, color=colours, width=0.8)
        axes.set_xlim(-10.8, 10.8)
        axes.set_xticks(range(-10, 11, 2))
        axes.set_xlabel("Change in pain, points (before − after; right = less pain)")
        axes.set_ylabel("Reports")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if title:
            axes.set_title(title, fontsize=10)
        if not summary.count:
            axes.text(0.5, 0.5, "No approved reports yet", ha="center", va="center",
                      transform=axes.transAxes, color="#536463")
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        # Presentation attributes instead of inline styles, so the chart also draws when it is
        # opened on its own under the site's strict CSP (as the journal's charts do).
        return without_inline_styles(out.getvalue().encode())
    finally:
        plt.close(figure)
