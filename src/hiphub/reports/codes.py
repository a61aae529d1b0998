"""The codes the exports use: LOINC and SNOMED CT where a standard code exists, and the site's
own CodeSystem (served at /reports/codes/) for the rest.

Sources (docs/reports.md): LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] -
Reported"; LOINC 97908-8, the Oswestry questionnaire; SNOMED CT 279039007 "Low back pain". No
standard code was found for the Roland-Morris total, the STarT Back score and risk group, the
global impression of change, or a hip tension rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

PAIN_NRS = "72514-3"
OSWESTRY = "97908-8"
LOW_BACK_PAIN = "279039007"
CODES_PATH = "/reports/codes/"
CODES_VERSION = "1"


def site_system() -> str:
    """The site's CodeSystem URL: stable for as long as the site keeps its address."""
    return settings.SITE_URL.rstrip("/") + CODES_PATH


@dataclass(frozen=True)
class Concept:
    code: str
    display: str
    definition: str


# The site's own codes. Never change the meaning of a code once published: add a new one.
SITE_CONCEPTS: tuple[Concept, ...] = (
    Concept("pain-before-session", "Pain 0-10 before a self-care session",
            "The person's pain on a 0-10 scale, rated just before a self-care session."),
    Concept("pain-after-session", "Pain 0-10 after a self-care session",
            "The person's pain on a 0-10 scale, rated just after a self-care session."),
    Concept("tension-before-session", "Hip tension 0-10 before a self-care session",
            "How tense the hips feel, 0 (not at all) to 10 (as tense as can be), rated just "
            "before a self-care session."),
    Concept("tension-after-session", "Hip tension 0-10 after a self-care session",
            "How tense the hips feel, 0 to 10, rated just after a self-care session."),
    Concept("rmdq", "Roland-Morris Disability Questionnaire total",
            "The number of the 24 statements ticked (0-24); higher means more disability."),
    Concept("start-back", "Keele STarT Back Screening Tool total",
            "The total score (0-9) of the nine items."),
    Concept("start-back-risk", "Keele STarT Back risk group",
            "The risk group (low, medium or high) worked out from the total and the "
            "psychosocial subscale (Hill et al. 2008)."),
    Concept("pgic", "Patient Global Impression of Change",
            "1 (very much improved) to 7 (very much worse)."),
    Concept("oswestry-percent", "Oswestry Disability Index, percent",
            "The Oswestry score as a percent of the sections answered (version 2.1a)."),
)
SITE_CODES = {c.code: c for c in SITE_CONCEPTS}


@dataclass(frozen=True)
class Coded:
    """How one measure is coded: its system and code, what to call it, and its unit."""

    system: str
    code: str
    display: str
    unit: str = ""


def site(code: str) -> Coded:
    concept = SITE_CODES[code]
    return Coded(site_system(), concept.code, concept.display)


def for_instrument(instrument: str) -> Coded:
    """The code of a questionnaire's score."""
    if instrument == "nrs":
        return Coded(LOINC, PAIN_NRS, "Pain severity - 0-10 verbal numeric rating [Score] - "
                     "Reported", "{score}")
    if instrument == "odi":
        return Coded(LOINC, OSWESTRY, "Oswestry Disability Index", "%")
    return site({"rmdq": "rmdq", "start_back": "start-back", "pgic": "pgic"}[instrument])


def code_system() -> dict[str, Any]:
    """The site's CodeSystem as a FHIR R4 resource (JSON-ready)."""
    return {
        "resourceType": "CodeSystem",
        "id": "hiphub-measures",
        "url": site_system(),
        "version": CODES_VERSION,
        "name": "HiphubMeasures",
        "title": f"{settings.SITE_NAME} measures without a standard code",
        "status": "active",
        "experimental": False,
        "publisher": settings.SITE_NAME,
        "description": (
            "Self-rated measures and questionnaire scores recorded on this site for which no "
            "LOINC or SNOMED CT code was found. Patient-reported; not a diagnosis."
        ),
        "caseSensitive": True,
        "content": "complete",
        "count": len(SITE_CONCEPTS),
        "concept": [
            {"code": c.code, "display": c.display, "definition": c.definition}
            for c in SITE_CONCEPTS
        ],
    }
