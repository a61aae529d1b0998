"""The safety check as one result: level, advice, flags answered yes and safety-netting.

Pure: no ORM, no requests. Built on redflags.triage(); shared by the web pages, API and CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hiphub.screening.redflags import Flag, Level, LevelInfo, PreSessionQuestion, load, triage

# How the questions are grouped on the form: by topic, not by how serious each one is, so the
# page reads calmly. Any flag not listed here still appears, under "Anything else".
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "below_waist",
        "Feeling and control below the waist",
        (
            "saddle_numbness",
            "new_bladder_problem",
            "urinary_retention_or_poor_stream",
            "new_bowel_incontinence",
            "new_sexual_dysfunction",
        ),
    ),
    (
        "legs",
        "Your legs",
        (
            "bilateral_leg_symptoms",
            "progressive_or_severe_leg_weakness",
            "new_unsteady_walking",
            "progressive_one_sided_leg_symptoms",
            "one_sided_leg_numbness_stable",
            "stable_bilateral_leg_symptoms",
        ),
    ),
    (
        "injury",
        "Injuries, and pain away from the low back",
        (
            "major_trauma",
            "fracture_risk_minor_trauma",
            "chest_pain",
            "suspected_aaa",
            "thoracic_pain",
            "lump_or_deformity",
        ),
    ),
    (
        "health",
        "Your general health",
        (
            "fever_or_systemically_unwell",
            "history_of_cancer",
            "unexplained_weight_loss",
            "infection_risk",
            "recent_spinal_procedure",
            "age_over_50_new_onset",
        ),
    ),
    (
        "pattern",
        "How the pain behaves",
        ("night_or_rest_pain", "inflammatory_pattern", "not_improving_4_6_weeks"),
    ),
)

SAFETY_NET_INTRO = (
    "Whatever the result today, things can change. Call {emergency_number} or go to an "
    "emergency department straight away if any of these appear:"
)
SAFETY_NET_OUTRO = (
    "If the pain gets much worse, or something new worries you, take this check again or "
    "speak to a doctor. You know your body best: if in doubt, get help."
)


@dataclass(frozen=True)
class FlagGroup:
    id: str
    title: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class SafetyResult:
    level: Level
    info: LevelInfo
    flags: tuple[Flag, ...]
    safety_net: tuple[str, ...]
    cleared: tuple[str, ...] = ()  # flags a clinician's clearance sets aside

    @property
    def effective(self) -> LevelInfo:
        """The advice for the signs that no clearance sets aside (the same as `info` when
        nothing is cleared): what the person should do now."""
        data = load()
        return data.levels[triage(f.id for f in self.flags if f.id not in self.cleared)]

    @property
    def blocks_self_care(self) -> bool:
        """Whether the signs that no clearance sets aside need a doctor before self-care."""
        return self.effective.level.blocks_self_care

    @property
    def clearable(self) -> tuple[Flag, ...]:
        """The blocking signs a clinician's clearance could set aside, when that would open
        self-care (every blocking sign is clearable and none is cleared yet)."""
        blocking = [f for f in self.flags if f.level.blocks_self_care]
        if not blocking or self.cleared or not all(f.clearable for f in blocking):
            return ()
        return tuple(blocking)

    def as_dict(self, emergency_number: str) -> dict[str, Any]:
        def fill(text: str) -> str:
            return text.replace("{emergency_number}", emergency_number)

        return {
            "level": self.level.value,
            "title": self.info.title,
            "advice": fill(self.info.action),
            "detail": self.info.detail,
            "blocks_self_care": self.blocks_self_care,
            "flags": [{"id": f.id, "level": f.level.value, "plain": f.plain} for f in self.flags],
            "cleared": list(self.cleared),
            "effective_level": self.effective.level.value,
            "safety_net": {
                "intro": fill(SAFETY_NET_INTRO),
                "signs": list(self.safety_net),
                "outro": SAFETY_NET_OUTRO,
            },
        }


def question_groups() -> list[FlagGroup]:
    """Every red-flag question, grouped by topic; each flag appears exactly once."""
    flags = load().flags
    groups: list[FlagGroup] = []
    seen: set[str] = set()
    for gid, title, ids in GROUPS:
        members = tuple(flags[i] for i in ids if i in flags)
        seen.update(f.id for f in members)
        if members:
            groups.append(FlagGroup(gid, title, members))
    rest = tuple(f for f in flags.values() if f.id not in seen)
    if rest:
        groups.append(FlagGroup("other", "Anything else", rest))
    return groups


def safety_net_signs() -> tuple[str, ...]:
    """The emergency signs, in plain words: what would make it an emergency."""
    return tuple(f.plain for f in load().levels[Level.EMERGENCY].flags)


def assess(answered_yes: Iterable[str], cleared: Iterable[str] = ()) -> SafetyResult:
    """Triage the flags answered yes (UnknownFlagError for an unknown id). `cleared` names
    flags a clinician's clearance sets aside; only clearable flags answered yes count."""
    chosen = sorted(set(answered_yes))
    level = triage(chosen)
    data = load()
    ranked = sorted(chosen, key=lambda f: -data.levels[data.flags[f].level].rank)
    set_aside = set(cleared)
    return SafetyResult(
        level=level,
        info=data.levels[level],
        flags=tuple(data.flags[f] for f in ranked),
        safety_net=safety_net_signs(),
        cleared=tuple(f for f in ranked if f in set_aside and data.flags[f].clearable),
    )


def pre_session_questions() -> tuple[PreSessionQuestion, ...]:
    """The short "anything new?" check asked before a session while a full check is valid."""
    return load().pre_session


def answer_all(ask: Callable[[Flag], bool], heading: Callable[[FlagGroup], None]) -> list[str]:
    """Ask every question of the full check, group by group; the ids answered yes.
    `heading` is told when a group starts, `ask` asks one question (the terminal players)."""
    yes: list[str] = []
    for group in question_groups():
        heading(group)
        yes += [flag.id for flag in group.flags if ask(flag)]
    return yes


def answer_pre_session(ask: Callable[[PreSessionQuestion], bool]) -> list[str]:
    """Ask the short check's questions; the ids answered yes."""
    return [question.id for question in pre_session_questions() if ask(question)]
