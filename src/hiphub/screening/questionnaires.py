"""Questionnaires and their published scoring. Pure: no ORM, no requests.

The wording lives in ``data/questionnaires.toml`` (hiphub's own paraphrase); the scoring rules
live here, exactly as published (sources in the TOML and in docs/screening.md):

- ``start_back``: Keele STarT Back, total 0-9, psychosocial subscale (items 5-9), risk group.
- ``odi``: Oswestry Disability Index v2.1a, percent of the sections answered, Fairbank bands.
- ``rmdq``: Roland-Morris, number of statements ticked, 0-24.
- ``nrs``: pain 0-10.
- ``pgic``: Patient Global Impression of Change, 1 (very much improved) to 7 (very much worse),
  NINDS coding; the chosen label is kept with the number.

``change`` reports both arms of the minimal important change of Ostelo et al. 2008 (an absolute
number of points: NRS 2, RMDQ 5, ODI 10; or 30 % of the starting score), but calls a change
*meaningful* only when it reaches the absolute threshold: those thresholds are about the size of
each scale's measurement error (Stratford et al. 1996), so a change that meets only the 30 % arm
(RMDQ 3 -> 2) is within the range scores move by chance.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from hiphub.core.sources import Source
from hiphub.core.wording import number

DATA_FILE = Path(__file__).parent / "data" / "questionnaires.toml"

KINDS = frozenset({"screening", "outcome", "global_impression"})

# What the scoring code relies on: item ids, in order, and the answer values each item allows.
_BINARY = frozenset({0, 1})
EXPECTED: dict[str, tuple[tuple[str, frozenset[int]], ...]] = {
    "start_back": (
        *((f"q{i}", _BINARY) for i in range(1, 9)),
        ("q9", frozenset(range(5))),
    ),
    "odi": tuple((f"s{i}", frozenset(range(6))) for i in range(1, 11)),
    "rmdq": tuple((f"r{i}", _BINARY) for i in range(1, 25)),
    "nrs": (("pain", frozenset(range(11))),),
    "pgic": (("impression", frozenset(range(1, 8))),),
}
OPTIONAL_ITEMS = frozenset({"odi"})

# STarT Back item 9: only "very much" (3) and "extremely" (4) count as positive.
START_BACK_Q9_POSITIVE = frozenset({3, 4})
START_BACK_PSYCHOSOCIAL = ("q5", "q6", "q7", "q8", "q9")

START_BACK_BANDS = {
    "low": "low risk",
    "medium": "medium risk",
    "high": "high risk",
}

# Fairbank's ODI bands: (upper bound in percent, band id, our label, published name).
# With a denominator of 5 x sections answered, no score falls strictly between 20 and 21,
# 40 and 41, 60 and 61 or 80 and 81, so "<= upper bound" reproduces the published ranges.
ODI_BANDS: tuple[tuple[int, str, str, str], ...] = (
    (20, "minimal", "minimal disability", "minimal disability (0-20 %)"),
    (40, "moderate", "moderate disability", "moderate disability (21-40 %)"),
    (60, "severe", "severe disability", "severe disability (41-60 %)"),
    (80, "very_severe", "very severe disability", "crippled (61-80 %)"),
    (
        100,
        "bed_bound",
        "extreme disability: mostly confined to bed, or worth checking the answers with a "
        "clinician",
        "bed-bound or exaggerating symptoms (81-100 %)",
    ),
)
ODI_UNRELIABLE_MISSING = 3

# Minimal important change (Ostelo et al. 2008): absolute points, or 30 % of baseline.
MIC_POINTS: dict[str, int] = {"nrs": 2, "rmdq": 5, "odi": 10}
MIC_PERCENT = 30
_MIC_UNIT = {"nrs": "points", "rmdq": "points", "odi": "percentage points"}
_MIC_NAME = {"nrs": "pain 0-10", "rmdq": "Roland-Morris", "odi": "Oswestry"}


# ---------------------------------------------------------------------------------------------
# Errors


class AnswerError(ValueError):
    """Bad answers or a bad request: names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class QuestionnaireDataError(ValueError):
    """The questionnaire data file is broken."""


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]
    optional: bool = False

    def option(self, value: int) -> Option | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    intro: str
    items: tuple[Item, ...]
    sources: tuple[Source, ...]
    licence_note: str
    kind: str
    # A checklist is answered by ticking the statements that apply; an unticked one means
    # "no" (the Roland-Morris form works this way). Only for items answered 1 (yes) or 0 (no).
    checklist: bool = False

    def item(self, item_id: str) -> Item | None:
        for it in self.items:
            if it.id == item_id:
                return it
        return None


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireDataError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise QuestionnaireDataError(f"{where}: 'options' must be a non-empty list")
    options = []
    for n, opt in enumerate(raw, start=1):
        if not isinstance(opt, dict):
            raise QuestionnaireDataError(f"{where}: option {n} must be a table")
        value = opt.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            raise QuestionnaireDataError(f"{where}: option {n} needs a whole-number 'value'")
        options.append(Option(value, _text(opt, "label", f"{where} option {n}")))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise QuestionnaireDataError(f"{where}: option values must be unique, got {values}")
    return tuple(options)


def _instrument(raw: Any, n: int) -> Instrument:
    if not isinstance(raw, dict):
        raise QuestionnaireDataError(f"instrument {n} must be a table")
    where = f"instrument {n}"
    iid = _text(raw, "id", where)
    where = f"instrument '{iid}'"
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise QuestionnaireDataError(f"{where}: kind must be one of {sorted(KINDS)}, not {kind!r}")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise QuestionnaireDataError(f"{where}: 'optional' must be true or false")
    checklist = raw.get("checklist", False)
    if not isinstance(checklist, bool):
        raise QuestionnaireDataError(f"{where}: 'checklist' must be true or false")
    default_options = raw.get("options")
    raw_items = raw.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise QuestionnaireDataError(f"{where}: needs at least one [[instrument.item]]")
    items = []
    for k, raw_item in enumerate(raw_items, start=1):
        if not isinstance(raw_item, dict):
            raise QuestionnaireDataError(f"{where}: item {k} must be a table")
        item_id = _text(raw_item, "id", f"{where} item {k}")
        item_where = f"{where} item '{item_id}'"
        opts_raw = raw_item.get("options", default_options)
        items.append(
            Item(
                id=item_id,
                text=_text(raw_item, "text", item_where),
                options=_options(opts_raw, item_where),
                optional=optional,
            )
        )
    ids = [it.id for it in items]
    if len(set(ids)) != len(ids):
        raise QuestionnaireDataError(f"{where}: item ids must be unique")
    if checklist and any({o.value for o in it.options} != {0, 1} for it in items):
        raise QuestionnaireDataError(f"{where}: a checklist's items must be answered 1 or 0")
    raw_sources = raw.get("source")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise QuestionnaireDataError(f"{where}: needs at least one [[instrument.source]]")
    sources = []
    for k, src in enumerate(raw_sources, start=1):
        if not isinstance(src, dict):
            raise QuestionnaireDataError(f"{where}: source {k} must be a table")
        url = _text(src, "url", f"{where} source {k}")
        if not url.startswith(("https://", "http://")):
            raise QuestionnaireDataError(f"{where} source {k}: url must start with http(s)://")
        sources.append(Source(_text(src, "name", f"{where} source {k}"), url))
    return Instrument(
        id=iid,
        name=_text(raw, "name", where),
        intro=_text(raw, "intro", where),
        items=tuple(items),
        sources=tuple(sources),
        licence_note=_text(raw, "licence_note", where),
        kind=kind,
        checklist=checklist,
    )


def _check_against_scoring(inst: Instrument) -> None:
    """The data must match what the scoring code expects, or scores would silently be wrong."""
    expected = EXPECTED[inst.id]
    ids = tuple(it.id for it in inst.items)
    want_ids = tuple(item_id for item_id, _ in expected)
    if ids != want_ids:
        raise QuestionnaireDataError(
            f"instrument '{inst.id}': items must be {', '.join(want_ids)} in that order, "
            f"got {', '.join(ids)}"
        )
    allowed = dict(expected)
    for item in inst.items:
        values = allowed[item.id]
        got = frozenset(o.value for o in item.options)
        if got != values:
            raise QuestionnaireDataError(
                f"instrument '{inst.id}' item '{item.id}': option values must be "
                f"{sorted(values)}, got {sorted(got)}"
            )
    if any(it.optional for it in inst.items) != (inst.id in OPTIONAL_ITEMS):
        raise QuestionnaireDataError(
            f"instrument '{inst.id}': 'optional' must be {inst.id in OPTIONAL_ITEMS}"
        )


def parse_instruments(text: str) -> dict[str, Instrument]:
    """Parse and validate questionnaire TOML; raise QuestionnaireDataError when it is broken."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireDataError(f"questionnaire data is not valid TOML: {exc}") from exc
    raw_list = raw.get("instrument")
    if not isinstance(raw_list, list):
        raise QuestionnaireDataError("questionnaire data needs [[instrument]] tables")
    result: dict[str, Instrument] = {}
    for n, raw_inst in enumerate(raw_list, start=1):
        inst = _instrument(raw_inst, n)
        if inst.id in result:
            raise QuestionnaireDataError(f"instrument '{inst.id}' appears twice")
        if inst.id not in EXPECTED:
            raise QuestionnaireDataError(
                f"instrument '{inst.id}' has no scoring rules; known: {', '.join(EXPECTED)}"
            )
        _check_against_scoring(inst)
        result[inst.id] = inst
    missing = [iid for iid in EXPECTED if iid not in result]
    if missing:
        raise QuestionnaireDataError(f"questionnaire data lacks: {', '.join(missing)}")
    return result


@cache
def instruments() -> dict[str, Instrument]:
    """All questionnaires by id, loaded once from data/questionnaires.toml."""
    try:
        return parse_instruments(DATA_FILE.read_text(encoding="utf-8"))
    except QuestionnaireDataError as exc:
        raise QuestionnaireDataError(f"{DATA_FILE.name}: {exc}") from exc


def instrument(instrument_id: str) -> Instrument:
    """One questionnaire; AnswerError('instrument', ...) if the id is unknown."""
    found = instruments().get(instrument_id)
    if found is None:
        known = ", ".join(instruments())
        raise AnswerError("instrument", f"unknown questionnaire {instrument_id!r}; known: {known}")
    return found


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True)
class Score:
    instrument_id: str
    total: int | float
    maximum: int | float
    percent: float | None = None
    band: str | None = None
    band_label: str | None = None
    subscale: int | None = None
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["missing"] = list(self.missing)
        data["warnings"] = list(self.warnings)
        return data


def _checked_answers(inst: Instrument, answers: Mapping[str, int | None]) -> dict[str, int | None]:
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "expected a mapping of item id to answer value")
    for key in answers:
        if inst.item(key) is None:
            raise AnswerError(str(key), f"not a question in {inst.name}")
    checked: dict[str, int | None] = {}
    for item in inst.items:
        value = answers.get(item.id)
        if value is None:
            if not item.optional:
                raise AnswerError(item.id, "this question needs an answer")
            checked[item.id] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(item.id, f"expected a whole number, got {value!r}")
        if item.option(value) is None:
            allowed = ", ".join(str(o.value) for o in item.options)
            raise AnswerError(item.id, f"{value} is not an allowed answer (allowed: {allowed})")
        checked[item.id] = value
    return checked


def _start_back(answers: Mapping[str, int | None]) -> Score:
    points = {
        item_id: (int(value in START_BACK_Q9_POSITIVE) if item_id == "q9" else int(value == 1))
        for item_id, value in answers.items()
    }
    total = sum(points.values())
    subscale = sum(points[i] for i in START_BACK_PSYCHOSOCIAL)
    if total <= 3:
        band = "low"
    elif subscale >= 4:
        band = "high"
    else:
        band = "medium"
    return Score(
        instrument_id="start_back",
        total=total,
        maximum=9,
        band=band,
        band_label=START_BACK_BANDS[band],
        subscale=subscale,
    )


def odi_band(percent: Fraction | float) -> tuple[str, str]:
    """The Fairbank band (id, label) for an ODI percentage 0-100."""
    for upper, band_id, label, _published in ODI_BANDS:
        if percent <= upper:
            return band_id, label
    raise AnswerError("percent", f"an Oswestry score cannot be above 100, got {percent}")


def _odi(answers: Mapping[str, int | None]) -> Score:
    answered = [v for v in answers.values() if v is not None]
    missing = tuple(k for k, v in answers.items() if v is None)
    if not answered:
        raise AnswerError(
            "answers", "None of the ten sections was answered, so there is no score to show."
        )
    total = sum(answered)
    maximum = 5 * len(answered)
    exact = Fraction(total * 100, maximum)
    band, band_label = odi_band(exact)
    warnings: list[str] = []
    if len(missing) >= ODI_UNRELIABLE_MISSING:
        warnings.append(
            f"{len(missing)} of the 10 sections were left out, so this result is less reliable "
            "than usual. There is no agreed limit on missing sections; treat it with care."
        )
    return Score(
        instrument_id="odi",
        total=total,
        maximum=maximum,
        percent=float(exact),
        band=band,
        band_label=band_label,
        missing=missing,
        warnings=tuple(warnings),
    )


def score(instrument_id: str, answers: Mapping[str, int | None]) -> Score:
    """Score one completed questionnaire. Raises AnswerError naming the field at fault."""
    inst = instrument(instrument_id)
    checked = _checked_answers(inst, answers)
    if instrument_id == "start_back":
        return _start_back(checked)
    if instrument_id == "odi":
        return _odi(checked)
    if instrument_id == "rmdq":
        return Score("rmdq", total=sum(v or 0 for v in checked.values()), maximum=24)
    if instrument_id == "nrs":
        return Score("nrs", total=checked["pain"] or 0, maximum=10)
    # pgic
    value = checked["impression"]
    assert value is not None
    option = inst.items[0].option(value)
    assert option is not None
    return Score("pgic", total=value, maximum=7, label=option.label)


# ---------------------------------------------------------------------------------------------
# Change between two scores


@dataclass(frozen=True)
class Change:
    """How far a score moved; an improvement is a drop on every instrument change supports.

    ``meets_absolute``: improved by at least MIC_POINTS. ``meets_relative``: improved by at least
    30 % of a baseline above 0 (the published relative arm). ``meaningful``: the absolute arm,
    the only one hiphub calls a meaningful change. ``note`` says the same in plain words.
    """

    instrument_id: str
    baseline: float
    latest: float
    points: float
    improvement_points: float
    percent: float | None
    meets_absolute: bool
    meets_relative: bool
    rule: str
    note: str

    @property
    def meaningful(self) -> bool:
        return self.meets_absolute

    @property
    def meets_mic(self) -> bool:
        """The older name of ``meaningful``, kept for existing API clients."""
        return self.meets_absolute

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "meaningful": self.meaningful, "meets_mic": self.meets_mic}


def _unit(instrument_id: str, amount: Fraction | int) -> str:
    unit = _MIC_UNIT[instrument_id]
    return unit.removesuffix("s") if amount == 1 else unit


def mic_rule(instrument_id: str) -> str:
    """The rule for a meaningful change, in plain words."""
    if instrument_id not in MIC_POINTS:
        raise AnswerError("instrument", f"change is only worked out for {', '.join(MIC_POINTS)}")
    points = MIC_POINTS[instrument_id]
    return (
        f"A change is meaningful when the {_MIC_NAME[instrument_id]} score improves by at least "
        f"{points} {_MIC_UNIT[instrument_id]} (Ostelo et al. 2008). A smaller change is within "
        f"the range scores move by chance, even when it reaches the published {MIC_PERCENT} % of "
        "the starting score."
    )


def change_note(
    instrument_id: str, before: Fraction, after: Fraction, relative: Fraction | None
) -> str:
    """What a change means, in plain words, with no signed numbers."""
    threshold = MIC_POINTS[instrument_id]
    improvement = before - after
    size = abs(improvement)
    shown = number(float(size))
    if size < threshold and shown == str(threshold):
        shown = f"just under {threshold}"  # 9.99 must not read as the threshold itself
    amount = f"{shown} {_unit(instrument_id, size)}"
    units = _MIC_UNIT[instrument_id]
    enough = f"a meaningful change on this scale is at least {threshold} {units}"
    parts = []
    if relative is None:
        parts.append(
            "The starting score was 0, so the 30 % rule cannot be applied; only the absolute "
            "threshold is used."
        )
    if improvement >= threshold:
        parts.append(
            f"An improvement of {amount} reaches the threshold of {threshold} {units}: a "
            "meaningful change, large enough to matter to most people."
        )
    elif improvement > 0 and relative is not None and relative >= MIC_PERCENT:
        parts.append(
            f"The score is {number(float(relative))} % better than the first one, which meets the "
            f"published {MIC_PERCENT} % rule, but an improvement of {amount} is within the range "
            f"scores move by chance; {enough}."
        )
    elif improvement > 0:
        parts.append(
            f"An improvement of {amount} is within the range scores move by chance; {enough}."
        )
    elif improvement == 0:
        parts.append("The score has not changed.")
    elif size >= threshold:
        parts.append(
            f"The score is {amount} worse, as large as a meaningful change. If things keep "
            "getting worse, speak to a GP or physiotherapist."
        )
    else:
        parts.append(f"The score is {amount} worse, within the range scores move by chance.")
    return " ".join(parts)


def _measure(s: Score, field: str, instrument_id: str) -> Fraction:
    if not isinstance(s, Score):
        raise AnswerError(field, "expected a Score from score()")
    if s.instrument_id != instrument_id:
        raise AnswerError(
            field, f"is a {s.instrument_id!r} score, but change was asked for {instrument_id!r}"
        )
    if instrument_id == "odi":
        if not s.maximum:
            raise AnswerError(field, "an Oswestry score needs at least one answered section")
        return Fraction(s.total) * 100 / Fraction(s.maximum)
    return Fraction(s.total)


def change(instrument_id: str, baseline: Score, latest: Score) -> Change:
    """How far a score moved from baseline, and whether that is a meaningful change.

    For odi, rmdq and nrs a higher score is worse, so an improvement is a drop: ``points`` is
    latest - baseline and ``improvement_points`` is baseline - latest. ODI uses percentage points.
    Both thresholds are inclusive and compared on exact fractions.
    """
    rule = mic_rule(instrument_id)
    before = _measure(baseline, "baseline", instrument_id)
    after = _measure(latest, "latest", instrument_id)
    improvement = before - after
    relative = None if before == 0 else improvement * 100 / before
    return Change(
        instrument_id=instrument_id,
        baseline=float(before),
        latest=float(after),
        points=float(after - before),
        improvement_points=float(improvement),
        percent=None if relative is None else float(relative),
        meets_absolute=improvement >= MIC_POINTS[instrument_id],
        meets_relative=relative is not None and relative >= MIC_PERCENT,
        rule=rule,
        note=change_note(instrument_id, before, after, relative),
    )
