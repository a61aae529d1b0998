"""`/api/screening/...`: the safety check, questionnaires and scoring as JSON. Nothing is stored.

Bad input is answered with 422 naming the field at fault (an item id such as "s3", "flags",
"baseline.q2"); an unknown questionnaire in the path with 404.
"""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema

from hiphub.api import InputError, NotFoundError, SourceOut
from hiphub.screening import questionnaires as q
from hiphub.screening import shapes
from hiphub.screening.redflags import UnknownFlagError, flags_by_level
from hiphub.screening.safety import assess
from hiphub.screening.shapes import (
    OdiIn,
    RmdqIn,
    SimpleChangeIn,
    StartBackIn,
    TriageIn,
    odi_answers,
    odi_out,
    rmdq_answers,
    rmdq_out,
    startback_answers,
    startback_out,
)

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
    points: float = Field(..., description="latest - baseline; negative means better.")
    improvement_points: float = Field(..., description="baseline - latest; positive is better.")
    percent: float | None = Field(
        ..., description="improvement_points / baseline x 100; null when baseline is 0."
    )
    meets_absolute: bool = Field(..., description="Improved by at least NRS 2, RMDQ 5, ODI 10.")
    meets_relative: bool = Field(..., description="Improved by at least 30 % of baseline.")
    meaningful: bool = Field(
        ...,
        description="The absolute threshold alone: a change that meets only the 30 % rule is "
        "within the range scores move by chance, so it is not called meaningful.",
    )
    meets_mic: bool = Field(..., description="The same as meaningful (older name, kept).")
    rule: str
    note: str = Field(..., description="What the change means, in plain words.")
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
    cleared: list[str] = Field(
        ..., description="Flags a clinician's clearance sets aside (always empty here: this "
        "route stores nothing and knows no clearance)."
    )
    effective_level: str = Field(
        ..., description="The level once cleared flags are set aside; the same as `level` here."
    )


# Answers in the issue-4 shapes (the bodies are in screening/shapes.py).


class StartBackOut(Schema):
    total: int = Field(..., description="0-9: items 1-8 agreed, plus item 9 if very much or more.")
    psychosocial: int = Field(..., description="0-5: the same count over items 5-9.")
    risk: Literal["low", "medium", "high"]


class OdiOut(Schema):
    percent: float = Field(..., description="Points / (5 x sections answered) x 100, unrounded.")
    band: str = Field(..., description='The band label, e.g. "moderate disability".')
    answered: int
    warning: str | None = Field(..., description="Set when 3 or more sections are missing.")


class RmdqOut(Schema):
    score: int = Field(..., description="0-24: the number of statements ticked.")


class SimpleChangeOut(Schema):
    points: float = Field(..., description="follow_up - baseline; negative means better.")
    percent: float | None = Field(
        ..., description="points / baseline x 100; null when baseline is 0 (see note)."
    )
    meets_absolute: bool = Field(..., description="Improved by at least NRS 2, RMDQ 5, ODI 10.")
    meets_relative: bool = Field(..., description="Improved by at least 30 % of baseline.")
    meaningful: bool = Field(
        ...,
        description="meets_absolute alone: a change that meets only the 30 % rule is within "
        "the range scores move by chance, so it is not called meaningful.",
    )
    note: str = Field(..., description="What the change means, in plain words.")


# --- Helpers --------------------------------------------------------------------------------


def _instrument(instrument_id: str) -> q.Instrument:
    try:
        return q.instrument(instrument_id)
    except q.AnswerError as exc:
        raise NotFoundError(exc.message) from None


def _score(
    instrument_id: str,
    answers: dict[str, int | None],
    prefix: str = "",
    field: str | None = None,
) -> q.Score:
    """Score, or a 422 naming `field` (an issue-4 body field such as "sections") or else the
    item at fault after `prefix` ("baseline.q2")."""
    try:
        return q.score(instrument_id, answers)
    except q.AnswerError as exc:
        raise InputError(field or prefix + exc.field, exc.message) from None


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


@router.post("/startback", response=StartBackOut, summary="STarT Back from 8 agrees and item 9")
def startback(request: HttpRequest, payload: StartBackIn) -> dict[str, Any]:
    answers = startback_answers(payload.agree, payload.bothersomeness)
    return startback_out(_score("start_back", answers, field="agree"))


@router.post("/odi", response=OdiOut, summary="Oswestry from 10 sections (0-5 or null)")
def odi(request: HttpRequest, payload: OdiIn) -> dict[str, Any]:
    return odi_out(_score("odi", odi_answers(payload.sections), field="sections"))


@router.post("/rmdq", response=RmdqOut, summary="Roland-Morris from 24 ticks")
def rmdq(request: HttpRequest, payload: RmdqIn) -> dict[str, Any]:
    return rmdq_out(_score("rmdq", rmdq_answers(payload.ticks), field="ticks"))


@router.post(
    "/change",
    response=SimpleChangeOut,
    summary="Change between two scores (NRS 0-10, RMDQ 0-24, ODI percent)",
)
def simple_change(request: HttpRequest, payload: SimpleChangeIn) -> dict[str, Any]:
    try:
        return shapes.simple_change(payload.instrument, payload.baseline, payload.follow_up)
    except q.AnswerError as exc:
        raise InputError(exc.field, exc.message) from None
