"""What a questionnaire score means and what to do next, in plain words. Pure: no ORM.

The meanings follow the published scoring (sources in data/questionnaires.toml and
docs/screening.md). STarT Back's groups come from Hill et al. 2008 and the matched-care
approach tested in the STarT Back trial (Hill et al., Lancet 2011).
"""

from __future__ import annotations

from dataclasses import dataclass

from hiphub.core.wording import amount, change_phrase, number
from hiphub.screening.questionnaires import Change, Score, instrument, mic_rule


@dataclass(frozen=True)
class Interpretation:
    headline: str
    meaning: str
    next_steps: tuple[str, ...]


_START_BACK = {
    "low": (
        "Few of the answers point to a higher chance of the pain lasting.",
        (
            "Advice, reassurance and staying gently active are usually the first step.",
            "Self-care such as the guided routine is a reasonable place to start.",
        ),
    ),
    "medium": (
        "Some answers point to a moderate chance of the pain lasting, mostly for physical reasons.",
        (
            "A course of physiotherapy is often worth considering alongside self-care.",
            "Keep moving within comfort; short, regular walks usually help more than rest.",
        ),
    ),
    "high": (
        "Several answers, including how you feel about the pain, point to a higher chance of "
        "it lasting.",
        (
            "Care that looks at both the body and the worry, low mood or fear that pain brings "
            "tends to suit this group; a physiotherapist or GP can arrange it.",
            "Self-care can still help, but it is worth getting support too.",
        ),
    ),
}

_ODI_NEXT = {
    "minimal": "Most daily activities are manageable. Staying active and self-care fit well.",
    "moderate": (
        "Pain is getting in the way of some daily activities. Self-care can help; if it is "
        "not easing within a few weeks, speak to a GP or physiotherapist."
    ),
    "severe": (
        "Pain is affecting a lot of daily life. It is worth seeing a GP or physiotherapist "
        "rather than managing alone."
    ),
    "very_severe": (
        "Pain is affecting almost every part of daily life. Please see a GP or "
        "physiotherapist soon."
    ),
    "bed_bound": (
        "A score this high is uncommon. Please check the answers, and see a doctor soon."
    ),
}


def _compare_later(instrument_id: str) -> str:
    """For odi, rmdq and nrs, the instruments with a meaningful-change rule."""
    return "Answer again in a week or two to see whether things are changing. " + mic_rule(
        instrument_id
    )


def interpret(s: Score) -> Interpretation:
    """A plain reading of one score."""
    name = instrument(s.instrument_id).name
    iid = s.instrument_id
    if iid == "start_back":
        band = s.band or "low"
        meaning, steps = _START_BACK[band]
        return Interpretation(
            headline=f"{name}: {s.band_label} ({s.total} of 9; emotional side {s.subscale} of 5)",
            meaning=meaning + " This sorts people into groups; it is not a diagnosis.",
            next_steps=steps,
        )
    if iid == "odi":
        percent = s.percent or 0.0
        return Interpretation(
            headline=f"{name}: {percent:.0f} %, {s.band_label}",
            meaning=(
                f"{amount(s.total, 'points')} out of a possible {s.maximum} for the sections "
                "answered. Higher means pain gets in the way of daily life more."
            ),
            next_steps=(_ODI_NEXT.get(s.band or "", ""), _compare_later(iid)),
        )
    if iid == "rmdq":
        return Interpretation(
            headline=f"{name}: {s.total} of 24",
            meaning=(
                "Each statement you ticked is one way back pain is limiting you today. Higher "
                "means more limitation."
            ),
            next_steps=(_compare_later(iid),),
        )
    if iid == "nrs":
        return Interpretation(
            headline=f"Pain now: {s.total} out of 10",
            meaning="0 is no pain and 10 is the worst pain you can imagine.",
            next_steps=(_compare_later(iid),),
        )
    return Interpretation(
        headline=f"{name}: {s.label}",
        meaning=(
            "This is your own overall view of how things have changed since you started. "
            "There is no single agreed cut-off for a worthwhile change on this scale."
        ),
        next_steps=(
            "If things are worse, or not improving after four to six weeks, speak to a GP.",
        ),
    )


_CHANGE_SUBJECT = {"nrs": "Pain", "rmdq": "The Roland-Morris score", "odi": "The Oswestry score"}


def describe_change(c: Change) -> str:
    """A change from baseline in plain words (for odi, rmdq and nrs): what moved, then what it
    means. "Pain went down by 1 (8 → 7), 12.5 % of the first score. An improvement of 1 point
    is within the range scores move by chance; ..." """
    unit = "percentage points" if c.instrument_id == "odi" else ""
    moved = change_phrase(_CHANGE_SUBJECT[c.instrument_id], c.baseline, c.latest, unit)
    if c.percent is not None and c.improvement_points != 0:
        moved += f", {number(abs(c.percent))} % of the first score"
    return f"{moved}. {c.note}"
