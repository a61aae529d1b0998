"""`/api/screening/...`: the safety check, questionnaires and scoring as JSON. Nothing is stored.

Bad input is answered with 422 naming the field at fault (an item id such as "s3", "flags",
"baseline.q2"); an unknown questionnaire in the path with 404.
"""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema

from hiphub.api import InputError, NotFoundError
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


class SourceOut(Schema):
    name: str
    url: str


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


# Shapes named in issue 4, kept for clients written against it.
Bother = Literal["not at all", "slightly", "moderately", "very much", "extremely"]
BOTHER_VALUES: dict[str, int] = {
    "not at all": 0,
    "slightly": 1,
    "moderately": 2,
    "very much": 3,
    "extremely": 4,
}


class StartBackIn(Schema):
    agree: list[bool] = Field(..., min_length=8, max_length=8)
    bothersomeness: Bother


class StartBackOut(Schema):
    total: int
    psychosocial: int
    risk: str


class OdiIn(Schema):
    sections: list[int | None] = Field(..., min_length=10, max_length=10)


class OdiOut(Schema):
    percent: float
    band: str
    answered: int
    warning: str | None


class RmdqIn(Schema):
    ticks: list[bool] = Field(..., min_length=24, max_length=24)


class RmdqOut(Schema):
    score: int


class SimpleChangeIn(Schema):
    instrument: Literal["nrs", "rmdq", "odi"]
    baseline: float
    follow_up: float


class SimpleChangeOut(Schema):
    points: float
    percent: float | None
    meets_absolute: bool
    meets_relative: bool
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


@router.post("/triage", response=TriageOut, summary="Triage the flags answered yes")
def triage(request: HttpRequest, payload: TriageIn) -> dict[str, Any]:
    return triage_dict(payload.flags)


@router.post("/red-flags", response=TriageOut, summary="Triage the flags answered yes (alias)")
def triage_alias(request: HttpRequest, payload: TriageIn) -> dict[str, Any]:
    return triage_dict(payload.flags)


# --- Issue 4 shapes -------------------------------------------------------------------------


@router.post("/startback", response=StartBackOut, summary="STarT Back from 8 agrees and item 9")
def startback(request: HttpRequest, payload: StartBackIn) -> dict[str, Any]:
    answers: dict[str, int | None] = {f"q{i}": int(v) for i, v in enumerate(payload.agree, 1)}
    answers["q9"] = BOTHER_VALUES[payload.bothersomeness]
    s = _score("start_back", answers)
    return {"total": s.total, "psychosocial": s.subscale, "risk": s.band}


@router.post("/odi", response=OdiOut, summary="Oswestry from 10 sections (0-5 or null)")
def odi(request: HttpRequest, payload: OdiIn) -> dict[str, Any]:
    answers = {f"s{i}": v for i, v in enumerate(payload.sections, 1)}
    s = _score("odi", answers)
    return {
        "percent": s.percent,
        "band": s.band_label,
        "answered": 10 - len(s.missing),
        "warning": " ".join(s.warnings) or None,
    }


@router.post("/rmdq", response=RmdqOut, summary="Roland-Morris from 24 ticks")
def rmdq(request: HttpRequest, payload: RmdqIn) -> dict[str, Any]:
    s = _score("rmdq", {f"r{i}": int(v) for i, v in enumerate(payload.ticks, 1)})
    return {"score": s.total}


SCALE_MAX = {"nrs": 10, "rmdq": 24, "odi": 100}


@router.post("/change", response=SimpleChangeOut, summary="Change between two scores")
def simple_change(request: HttpRequest, payload: SimpleChangeIn) -> dict[str, Any]:
    top = SCALE_MAX[payload.instrument]
    for field in ("baseline", "follow_up"):
        value = getattr(payload, field)
        if not 0 <= value <= top:
            raise InputError(field, f"must be between 0 and {top}, got {value}")
    maximum = 100 if payload.instrument == "odi" else top

    def as_score(value: float) -> q.Score:
        return q.Score(payload.instrument, total=value, maximum=maximum)

    moved = q.change(payload.instrument, as_score(payload.baseline), as_score(payload.follow_up))
    return {
        "points": moved.points,
        "percent": moved.percent,
        "meets_absolute": moved.improvement_points >= q.MIC_POINTS[payload.instrument],
        "meets_relative": moved.percent is not None and moved.percent >= q.MIC_PERCENT,
        "note": moved.note,
    }
