"""The issue-4 answer shapes (one list per questionnaire) shared by the API and the CLI.

Pure: pydantic only, no Django and no django-ninja, so `hiphub screen ... --json` validates its
standard input with the very schemas `/api/screening/...` uses. The bodies are pydantic models
(django-ninja takes them as they are); the helpers turn a body into answers by item id for
``questionnaires.score`` and a score back into the API's answer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, StrictBool, StrictFloat, StrictInt

from hiphub.screening import questionnaires as q

# STarT Back item 9. The form shows "A little"; "slightly" is the word the API took first.
Bother = Literal["not at all", "a little", "slightly", "moderately", "very much", "extremely"]
BOTHER_VALUES: dict[str, int] = {
    "not at all": 0,
    "a little": 1,
    "slightly": 1,
    "moderately": 2,
    "very much": 3,
    "extremely": 4,
}
# JSON Schema counts 4.0 as an integer, so a whole-number float is read as that integer;
# 4.5, true and "4" are refused.
Section = Annotated[
    StrictInt,
    Field(ge=0, le=5),
    BeforeValidator(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v),
]
# The highest score of each instrument that change works for (ODI as its percent).
SCALE_MAX = {"nrs": 10, "rmdq": 24, "odi": 100}


class TriageIn(BaseModel):
    flags: list[str] = Field(..., description="Ids of the red flags answered yes; [] for none.")


class StartBackIn(BaseModel):
    agree: list[StrictBool] = Field(
        ..., min_length=8, max_length=8, description="Items 1-8 in order: true means agree."
    )
    bothersomeness: Bother = Field(
        ...,
        description='Item 9: how bothersome the pain has been. "a little" and "slightly" are '
        "the same answer.",
    )


class OdiIn(BaseModel):
    sections: list[Section | None] = Field(
        ...,
        min_length=10,
        max_length=10,
        description="Sections 1-10 in order, each a whole number 0-5 (4.0 is read as 4; 4.5, "
        'true and "4" are refused), or null when missed or not applicable.',
    )


class RmdqIn(BaseModel):
    ticks: list[StrictBool] = Field(
        ..., min_length=24, max_length=24, description="Statements 1-24: true means ticked."
    )


class SimpleChangeIn(BaseModel):
    instrument: Literal["nrs", "rmdq", "odi"]
    baseline: StrictFloat = Field(
        ...,
        description="The first score, a JSON number (true, false and strings are refused): "
        "NRS 0-10 or RMDQ 0-24 as whole numbers, ODI as its percent 0-100.",
    )
    follow_up: StrictFloat = Field(
        ..., description="The later score, on the same scale and with the same rules."
    )


def startback_answers(agree: list[bool], bothersomeness: str) -> dict[str, int | None]:
    """STarT Back answers by item id (q1..q9)."""
    answers: dict[str, int | None] = {f"q{i}": int(v) for i, v in enumerate(agree, 1)}
    answers["q9"] = BOTHER_VALUES[bothersomeness]
    return answers


def odi_answers(sections: list[int | None]) -> dict[str, int | None]:
    return {f"s{i}": v for i, v in enumerate(sections, 1)}


def rmdq_answers(ticks: list[bool]) -> dict[str, int | None]:
    return {f"r{i}": int(v) for i, v in enumerate(ticks, 1)}


def startback_out(s: q.Score) -> dict[str, Any]:
    return {"total": s.total, "psychosocial": s.subscale, "risk": s.band}


def odi_out(s: q.Score) -> dict[str, Any]:
    return {
        "percent": s.percent,
        "band": s.band_label,
        "answered": 10 - len(s.missing),
        "warning": " ".join(s.warnings) or None,
    }


def rmdq_out(s: q.Score) -> dict[str, Any]:
    return {"score": s.total}


def simple_change(instrument: str, baseline: float, follow_up: float) -> dict[str, Any]:
    """Change between two scores of one instrument (lower is better), as `POST /change` answers.

    ``points`` = follow_up - baseline and ``percent`` = points / baseline x 100 (negative means
    better; ``percent`` is None at a baseline of 0). ``meets_absolute`` and ``meets_relative``
    are Ostelo's two arms; ``meaningful`` is the absolute one alone (see questionnaires.change).
    Raises AnswerError naming the field ("instrument", "baseline" or "follow_up").
    """
    if instrument not in SCALE_MAX:
        raise q.AnswerError(
            "instrument", f"must be one of {', '.join(SCALE_MAX)}, got {instrument!r}"
        )
    top = SCALE_MAX[instrument]
    for field, value in (("baseline", baseline), ("follow_up", follow_up)):
        if not 0 <= value <= top:
            raise q.AnswerError(field, f"must be between 0 and {top}, got {value}")
        if instrument != "odi" and value != int(value):
            raise q.AnswerError(field, f"a {instrument} score is a whole number, got {value}")

    def as_score(value: float) -> q.Score:
        return q.Score(instrument, total=value, maximum=top)

    moved = q.change(instrument, as_score(baseline), as_score(follow_up))
    return {
        "points": moved.points,
        # + 0.0 turns the -0.0 of "no change" into 0.0
        "percent": None if moved.percent is None else -moved.percent + 0.0,
        "meets_absolute": moved.meets_absolute,
        "meets_relative": moved.meets_relative,
        "meaningful": moved.meaningful,
        "note": moved.note,
    }
