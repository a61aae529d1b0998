"""A report's data as a FHIR R4 Bundle (type "collection"), built and checked with the
fhir.resources R4B models (R4B shares R4's Bundle, Patient, Observation, QuestionnaireResponse
and Condition).

What goes in (docs/reports.md): a minimal pseudonymous Patient (named only if the person asks);
one Observation per session rating with its time; one QuestionnaireResponse per completed
questionnaire with the item answers (a member's own export only: the `questionnaires` scope
shares scores and bands, not answers); one Observation per score, category "survey",
`derivedFrom` its QuestionnaireResponse when there is one; and, only if the person asks, a
patient-reported Condition "low back pain".
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle

from hiphub.reports import codes
from hiphub.reports.data import ReportData, Result, Session
from hiphub.screening import questionnaires as q

MEDIA_TYPE = "application/fhir+json"
SURVEY = {
    "coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]
}
RATINGS = (
    ("pain_before", "pain-before-session", "Pain before a self-care session", True),
    ("pain_after", "pain-after-session", "Pain after a self-care session", True),
    ("tension_before", "tension-before-session", "Hip tension before a self-care session",
     False),
    ("tension_after", "tension-after-session", "Hip tension after a self-care session", False),
)


class Ids:
    """Stable urn:uuid ids, so exporting the same data twice gives the same bundle."""

    def __init__(self, seed: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL + "#" + seed)

    def __call__(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, key)}"


def _time(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _coding(c: codes.Coded) -> dict[str, str]:
    return {"system": c.system, "code": c.code, "display": c.display}


def _patient(data: ReportData, with_name: bool) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": data.pseudonym}
    if with_name and data.subject:
        patient["name"] = [{"text": data.subject}]
    return patient


def _session_observations(s: Session, n: int, patient: dict[str, str],
                          ids: Ids) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for attr, site_code, text, is_pain in RATINGS:
        value = getattr(s, attr)
        if value is None:
            continue
        when = s.started_at if attr.endswith("_before") else s.after_at
        coding = [_coding(codes.site(site_code))]
        if is_pain:
            coding.insert(0, _coding(codes.for_instrument("nrs")))
        out.append((ids(f"session-{n}-{attr}"), {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": coding, "text": f"{text} ({s.routine})"},
            "subject": patient,
            "performer": [patient],
            "effectiveDateTime": _time(when),
            "valueInteger": value,
        }))
    return out


def _questionnaire_response(r: Result, patient: dict[str, str]) -> dict[str, Any]:
    inst = q.instrument(r.instrument)
    items = []
    for item in inst.items:
        entry: dict[str, Any] = {"linkId": item.id, "text": item.text}
        value = (r.answers or {}).get(item.id)
        if value is not None:
            entry["answer"] = [{"valueInteger": value}]
        items.append(entry)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": settings.SITE_URL.rstrip("/") + f"/screening/{r.instrument}/",
        "status": "completed",
        "subject": patient,
        "author": patient,
        "authored": _time(r.created_at),
        "item": items,
    }


def _score_observation(r: Result, patient: dict[str, str], response: str | None
                       ) -> dict[str, Any]:
    coded = codes.for_instrument(r.instrument)
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [_coding(coded)], "text": r.name},
        "subject": patient,
        "performer": [patient],
        "effectiveDateTime": _time(r.created_at),
    }
    if r.instrument == "odi":
        obs["valueQuantity"] = {"value": round(r.percent or 0.0, 2), "unit": "%",
                                "system": codes.UCUM, "code": "%"}
    else:
        obs["valueInteger"] = int(r.total)
    if r.band_words:
        obs["interpretation"] = [{"text": r.band_words}]
    if r.instrument == "start_back" and r.band:
        obs["component"] = [{
            "code": {"coding": [_coding(codes.site("start-back-risk"))]},
            "valueCodeableConcept": {"text": r.band_words},
        }]
    if response is not None:
        obs["derivedFrom"] = [{"reference": response}]
    return obs


def _condition(patient: dict[str, str], when: datetime) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": codes.CLINICAL_STATUS, "code": "active"}]},
        "verificationStatus": {
            "coding": [{"system": codes.VERIFICATION_STATUS, "code": "unconfirmed"}]
        },
        "category": [{"coding": [{"system": codes.CONDITION_CATEGORY,
                                  "code": "problem-list-item"}]}],
        "code": {
            "coding": [{"system": codes.SNOMED, "code": codes.LOW_BACK_PAIN,
                        "display": "Low back pain"}],
            "text": "Low back pain (reported by the person, not a diagnosis)",
        },
        "subject": patient,
        "asserter": patient,
        "recordedDate": _time(when),
    }


def bundle(data: ReportData, *, with_name: bool = False, condition: bool = False
           ) -> dict[str, Any]:
    """The Bundle as JSON-ready data, checked against the R4B models (ValueError if not).

    Every resource is checked except the session Observations after the first of each of the
    four kinds: those differ from the first only in their id, time and a 0-10 rating the
    database already holds to its range, and checking three years of them (4,000 and more)
    would take seconds. The tests check whole bundles, every resource, with both libraries."""
    ids = Ids(data.pseudonym)
    patient_url = ids("patient")
    patient = {"reference": patient_url}
    entries: list[tuple[str, dict[str, Any]]] = [
        (patient_url, _patient(data, with_name and not data.for_therapist))
    ]
    if condition and not data.for_therapist:
        entries.append((ids("condition-low-back-pain"), _condition(patient, data.made_at)))
    unchecked: set[str] = set()  # session Observations after the first of their kind
    kinds: set[str] = set()
    for n, s in enumerate(data.sessions or []):
        for url, resource in _session_observations(s, n, patient, ids):
            entries.append((url, resource))
            kind = resource["code"]["coding"][-1]["code"]
            if kind in kinds:
                unchecked.add(url)
            kinds.add(kind)
    for r in data.results or []:
        response = None
        if r.answers is not None:
            response = ids(f"response-{r.key}")
            entries.append((response, _questionnaire_response(r, patient)))
        entries.append((ids(f"score-{r.key}"), _score_observation(r, patient, response)))
    head = {
        "resourceType": "Bundle",
        "id": ids("bundle").removeprefix("urn:uuid:"),
        "type": "collection",
        "timestamp": _time(data.made_at),
    }
    Bundle.model_validate({**head, "entry": [
        {"fullUrl": url, "resource": resource} for url, resource in entries
        if url not in unchecked
    ]})
    return {**head, "entry": [
        {"fullUrl": url, "resource": resource} for url, resource in entries]}


def to_json(found: dict[str, Any]) -> str:
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))
