"""`/api/screening/...`: the safety check, questionnaires and scoring as JSON. Nothing is stored.

Bad input is answered with 422 naming the field at fault (an item id such as "s3", "flags",
"baseline.q2"); an unknown questionnaire in the path with 404.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import BeforeValidator, StrictBool, StrictFloat, StrictInt

from hiphub.api import InputError, NotFoundError, SourceOut
from hiphub.screening import questionnaires as q
from hiphub.screening.redflags import UnknownFlagError, flags_by_level
from hiphub.screening.safety import assess

router = Router(tags=["screening"])


# --- Schemas --------------------------------------------------------------------------------


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    text: str
    optional: bool
    options: list[OptionOut]


class InstrumentSummary(Schema):
    id: str
    name: str
    kind: str
    items: int


class InstrumentOut(Schema):
    id: str
    name: str
    kind: str
    intro: str
    licence_note: str
    items: list[ItemOut]
    sources: list[SourceOut]
    mic_rule: str | None


class AnswersIn(Schema):
    answers: dict[str, int | None]


class ScoreOut(Schema):
    instrument_id: str
    total: float
    maximum: float
    percent: float | None
    band: str | None
    band_label: str | None
    subscale: int | None
    missing: list[str]
    warnings: list[str]
    label: str | None


class ChangeIn(Schema):
    baseline: AnswersIn
    latest: AnswersIn


class ChangeOut(Schema):
    instrument_id: str
    baseline: float
    latest: float
    points: float
    improvement_points: float
    percent: float | None
    meets_mic: bool
    rule: str
    note: str | None
    baseline_score: ScoreOut
    latest_score: ScoreOut


class FlagOut(Schema):
    id: str
    level: str
    question: str
    plain: str


class LevelOut(Schema):
    level: str
    title: str
    action: str
    detail: str
    flags: list[FlagOut]


class TriageIn(Schema):
    flags: list[str]


class FlagBrief(Schema):
    id: str
    level: str
    plain: str


class SafetyNetOut(Schema):
    intro: str
    signs: list[str]
    outro: str


class TriageOut(Schema):
    level: str
    title: str
    advice: str
    detail: str
    blocks_self_care: bool
    flags: list[FlagBrief]
    safety_net: SafetyNetOut


# Shapes named in issue 4: one list per questionnaire, in the published item order.
Bother = Literal["not at all", "slightly", "moderately", "very much", "extremely"]
BOTHER_VALUES: dict[str, int] = {
    "not at all": 0,
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


class StartBackIn(Schema):
    agree: list[StrictBool] = Field(
        ..., min_length=8, max_length=8, description="Items 1-8 in order: true means agree."
    )
    bothersomeness: Bother = Field(..., description="Item 9: how bothersome the pain has been.")


class StartBackOut(Schema):
    total: int = Field(..., description="0-9: items 1-8 agreed, plus item 9 if very much or more.")
    psychosocial: int = Field(..., description="0-5: the same count over items 5-9.")
    risk: Literal["low", "medium", "high"]


class OdiIn(Schema):
    sections: list[Section | None] = Field(
        ...,
        min_length=10,
        max_length=10,
        description=(
            "Sections 1-10 in order, each a whole number 0-5 (4.0 is read as 4), or null "
            "when missed or not applicable."
        ),
    )


class OdiOut(Schema):
    percent: float = Field(..., description="Points / (5 x sections answered) x 100, unrounded.")
    band: str = Field(..., description='The band label, e.g. "moderate disability".')
    answered: int
    warning: str | None = Field(..., description="Set when 3 or more sections are missing.")


class RmdqIn(Schema):
    ticks: list[StrictBool] = Field(
        ..., min_length=24, max_length=24, description="Statements 1-24: true means ticked."
    )


class RmdqOut(Schema):
    score: int = Field(..., description="0-24: the number of statements ticked.")


class SimpleChangeIn(Schema):
    instrument: Literal["nrs", "rmdq", "odi"]
    baseline: StrictFloat = Field(
        ..., description="The first score: NRS 0-10 or RMDQ 0-24 (whole numbers), ODI percent."
    )
    follow_up: StrictFloat = Field(..., description="The later score, on the same scale.")


class SimpleChangeOut(Schema):
    points: float = Field(..., description="follow_up - baseline; negative means better.")
    percent: float | None = Field(
        ..., description="points / baseline x 100; null when baseline is 0 (see note)."
    )
    meets_absolute: bool = Field(..., description="Improved by at least NRS 2, RMDQ 5, ODI 10.")
    meets_relative: bool = Field(..., description="Improved by at least 30 % of baseline.")
    note: str | None


# --- Helpers --------------------------------------------------------------------------------


def _instrument(instrument_id: str) -> q.Instrument:
    try:
        return q.instrument(instrument_id)
    except q.AnswerError as exc:
        raise NotFoundError(exc.message) from None


def _score(instrument_id: str, answers: dict[str, int | None], prefix: str = "") -> q.Score:
    try:
        return q.score(instrument_id, answers)
    except q.AnswerError as exc:
        raise InputError(prefix + exc.field, exc.message) from None


def _instrument_out(inst: q.Instrument) -> dict[str, Any]:
    return {
        "id": inst.id,
        "name": inst.name,
        "kind": inst.kind,
        "intro": inst.intro,
        "licence_note": inst.licence_note,
        "items": [
            {
                "id": it.id,
                "text": it.text,
                "optional": it.optional,
                "options": [{"value": o.value, "label": o.label} for o in it.options],
            }
            for it in inst.items
        ],
        "sources": [{"name": s.name, "url": s.url} for s in inst.sources],
        "mic_rule": q.mic_rule(inst.id) if inst.id in q.MIC_POINTS else None,
    }


def triage_dict(flags: list[str]) -> dict[str, Any]:
    try:
        result = assess(flags)
    except UnknownFlagError as exc:
        raise InputError("flags", str(exc)) from None
    return result.as_dict(settings.EMERGENCY_NUMBER)


# --- Questionnaires -------------------------------------------------------------------------


@router.get("/instruments", response=list[InstrumentSummary], summary="The questionnaires")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": i.id, "name": i.name, "kind": i.kind, "items": len(i.items)}
        for i in q.instruments().values()
    ]


@router.get(
    "/instruments/{instrument_id}",
    response=InstrumentOut,
    summary="One questionnaire: its questions, answers and sources",
)
def get_instrument(request: HttpRequest, instrument_id: str) -> dict[str, Any]:
    return _instrument_out(_instrument(instrument_id))


@router.post("/score/{instrument_id}", response=ScoreOut, summary="Score answers (not stored)")
def score_answers(request: HttpRequest, instrument_id: str, payload: AnswersIn) -> dict[str, Any]:
    _instrument(instrument_id)
    return _score(instrument_id, payload.answers).as_dict()


@router.post(
    "/change/{instrument_id}",
    response=ChangeOut,
    summary="Change between two sets of answers, and whether it matters",
)
def change_between(request: HttpRequest, instrument_id: str, payload: ChangeIn) -> dict[str, Any]:
    _instrument(instrument_id)
    if instrument_id not in q.MIC_POINTS:
        raise InputError("instrument", f"change is only worked out for {', '.join(q.MIC_POINTS)}")
    before = _score(instrument_id, payload.baseline.answers, "baseline.")
    after = _score(instrument_id, payload.latest.answers, "latest.")
    moved = q.change(instrument_id, before, after).as_dict()
    moved["baseline_score"] = before.as_dict()
    moved["latest_score"] = after.as_dict()
    return moved


# --- Safety check ---------------------------------------------------------------------------


@router.get("/red-flags", response=list[LevelOut], summary="The red flags, most serious first")
def red_flags(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "level": info.level.value,
            "title": info.title,
            "action": info.action.replace("{emergency_number}", settings.EMERGENCY_NUMBER),
            "detail": info.detail,
            "flags": [
                {"id": f.id, "level": f.level.value, "question": f.question, "plain": f.plain}
                for f in info.flags
            ],
        }
        for info in flags_by_level()
    ]


@router.post(
    "/triage", response=TriageOut, summary="Triage the flags answered yes (same as POST /red-flags)"
)
def triage(request: HttpRequest, payload: TriageIn) -> dict[str, Any]:
    return triage_dict(payload.flags)


@router.post(
    "/red-flags", response=TriageOut, summary="The safety check: triage the red flags answered yes"
)
def triage_alias(request: HttpRequest, payload: TriageIn) -> dict[str, Any]:
    return triage_dict(payload.flags)


# --- Issue 4 shapes -------------------------------------------------------------------------


def startback_answers(agree: list[bool], bothersomeness: str) -> dict[str, int | None]:
    """STarT Back answers by item id (q1..q9) from the issue-4 shape."""
    answers: dict[str, int | None] = {f"q{i}": int(v) for i, v in enumerate(agree, 1)}
    answers["q9"] = BOTHER_VALUES[bothersomeness]
    return answers


def odi_answers(sections: list[int | None]) -> dict[str, int | None]:
    return {f"s{i}": v for i, v in enumerate(sections, 1)}


def rmdq_answers(ticks: list[bool]) -> dict[str, int | None]:
    return {f"r{i}": int(v) for i, v in enumerate(ticks, 1)}


def _scored(instrument_id: str, answers: dict[str, int | None], field: str) -> q.Score:
    """Score, naming the issue-4 field (e.g. "sections") rather than the item id on error."""
    try:
        return q.score(instrument_id, answers)
    except q.AnswerError as exc:
        raise InputError(field, exc.message) from None


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


def startback_score(payload: StartBackIn) -> q.Score:
    return _scored("start_back", startback_answers(payload.agree, payload.bothersomeness), "agree")


def odi_score(payload: OdiIn) -> q.Score:
    return _scored("odi", odi_answers(payload.sections), "sections")


def rmdq_score(payload: RmdqIn) -> q.Score:
    return _scored("rmdq", rmdq_answers(payload.ticks), "ticks")


SCALE_MAX = {"nrs": 10, "rmdq": 24, "odi": 100}


def simple_change_dict(instrument: str, baseline: float, follow_up: float) -> dict[str, Any]:
    """Change between two scores of one instrument (issue-4 shape). Lower scores are better.

    ``baseline`` and ``follow_up`` are the scores themselves: NRS 0-10 and RMDQ 0-24 as whole
    numbers, ODI as its percent 0-100. ``points`` and ``percent`` are signed (negative =
    better); the minimal important change is an improvement of MIC_POINTS or of 30 % of the
    baseline. At baseline 0 the relative rule is undefined: ``percent`` is None, ``note`` says
    why and ``meets_relative`` is False. Raises InputError naming the field.
    """
    if instrument not in SCALE_MAX:
        raise InputError("instrument", f"must be one of {', '.join(SCALE_MAX)}, got {instrument!r}")
    top = SCALE_MAX[instrument]
    for field, value in (("baseline", baseline), ("follow_up", follow_up)):
        if not 0 <= value <= top:
            raise InputError(field, f"must be between 0 and {top}, got {value}")
        if instrument != "odi" and value != int(value):
            raise InputError(field, f"a {instrument} score is a whole number, got {value}")
    maximum = 100 if instrument == "odi" else top

    def as_score(value: float) -> q.Score:
        return q.Score(instrument, total=value, maximum=maximum)

    moved = q.change(instrument, as_score(baseline), as_score(follow_up))
    before, after = Fraction(baseline), Fraction(follow_up)
    points = after - before
    percent = None if before == 0 else points * 100 / before
    return {
        "points": float(points),
        "percent": None if percent is None else float(percent),
        "meets_absolute": -points >= q.MIC_POINTS[instrument],
        "meets_relative": percent is not None and -percent >= q.MIC_PERCENT,
        "note": moved.note,
    }


@router.post("/startback", response=StartBackOut, summary="STarT Back from 8 agrees and item 9")
def startback(request: HttpRequest, payload: StartBackIn) -> dict[str, Any]:
    return startback_out(startback_score(payload))


@router.post("/odi", response=OdiOut, summary="Oswestry from 10 sections (0-5 or null)")
def odi(request: HttpRequest, payload: OdiIn) -> dict[str, Any]:
    return odi_out(odi_score(payload))


@router.post("/rmdq", response=RmdqOut, summary="Roland-Morris from 24 ticks")
def rmdq(request: HttpRequest, payload: RmdqIn) -> dict[str, Any]:
    return rmdq_out(rmdq_score(payload))


@router.post(
    "/change",
    response=SimpleChangeOut,
    summary="Change between two scores (NRS 0-10, RMDQ 0-24, ODI percent)",
)
def simple_change(request: HttpRequest, payload: SimpleChangeIn) -> dict[str, Any]:
    return simple_change_dict(payload.instrument, payload.baseline, payload.follow_up)
