"""A report's data as CSV in long format: one row per measurement, oldest first.

Columns: the time with its offset (ISO 8601), the measure, its code system and code (LOINC where
one exists, else the site's CodeSystem), the value, its unit, and where it came from. The
journal's own CSV (one row per session, for re-import) stays as it is beside this one.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from hiphub.core import csvsafe
from hiphub.core.wording import number
from hiphub.reports import codes
from hiphub.reports.data import ReportData

HEADER = ("time", "measure", "code_system", "code", "value", "unit", "source")
MEDIA_TYPE = "text/csv"

_SESSION_MEASURES = (
    ("pain_before", "pain before session", "pain-before-session", True),
    ("pain_after", "pain after session", "pain-after-session", True),
    ("tension_before", "hip tension before session", "tension-before-session", False),
    ("tension_after", "hip tension after session", "tension-after-session", False),
)


def rows(data: ReportData) -> list[tuple[datetime, str, str, str, str, str, str]]:
    found = []
    pain = codes.for_instrument("nrs")
    for s in data.sessions or []:
        source = f"self-care session: {s.routine}"
        for attr, measure, site_code, is_pain in _SESSION_MEASURES:
            value = getattr(s, attr)
            if value is None:
                continue
            coded = pain if is_pain else codes.site(site_code)
            when = s.started_at if attr.endswith("_before") else s.after_at
            found.append((when, measure, coded.system, coded.code, str(value), "0-10", source))
    for r in data.results or []:
        coded = codes.for_instrument(r.instrument)
        source = f"questionnaire: {r.name}"
        if r.instrument == "odi":
            value, unit = number(r.percent or 0.0), "%"
        else:
            value, unit = number(r.total), {"nrs": "0-10", "rmdq": "0-24",
                                            "start_back": "0-9", "pgic": "1-7"}[r.instrument]
        found.append((r.created_at, r.name, coded.system, coded.code, value, unit, source))
        if r.instrument == "start_back" and r.band:
            risk = codes.site("start-back-risk")
            found.append((r.created_at, risk.display, risk.system, risk.code, r.band_words, "",
                          source))
    found.sort(key=lambda row: row[0])
    return found


def to_csv(data: ReportData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for when, *rest in rows(data):
        writer.writerow([when.isoformat(timespec="seconds"), *map(csvsafe.neutralise, rest)])
    return out.getvalue()
