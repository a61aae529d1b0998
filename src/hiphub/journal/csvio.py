"""Journal sessions as CSV: export a member's sessions, and read a CSV back into sessions.

Reading checks every row before anything is stored; `import_csv` then stores all rows or none.
The header is fixed (HEADER) so spreadsheets and scripts can rely on it. Columns may come in
any order, and all but `started_at` may be left out. Regions are separated by ";". Times are
ISO 8601; a time without an offset is read in the site's time zone.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from pydantic import ValidationError

from hiphub.accounts.models import User
from hiphub.journal import service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import SessionIn, field_errors

# The seven columns come first, in its order, so a file with exactly those columns
# and one written by export line up; the extra columns keep the rest of a session.
HEADER: tuple[str, ...] = (
    "started_at",
    "pain_before",
    "pain_after",
    "tension_before",
    "tension_after",
    "minutes",
    "notes",
    "ended_at",
    "protocol",
    "twitches",
    "regions",
)
REQUIRED = ("started_at",)
MAX_ROWS = 10_000
MAX_ERRORS = 20
REGION_SEPARATOR = ";"


class CsvImportError(ValueError):
    """The CSV cannot be imported; `errors` lists each problem by line and column."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


# --- Writing --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return REGION_SEPARATOR.join(str(v) for v in value)
    return str(value)


def sessions_to_csv(sessions: Iterable[JournalSession]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for session in sessions:
        writer.writerow([_cell(getattr(session, column)) for column in HEADER])
    return buffer.getvalue()


def export_csv(user: User) -> str:
    """All of the member's sessions, oldest first, with the HEADER row."""
    return sessions_to_csv(service.sessions_for_export(user))


# --- Reading --------------------------------------------------------------------------------


def _row_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, raw in row.items():
        value = raw.strip()
        if column == "regions":
            data[column] = [r.strip() for r in value.split(REGION_SEPARATOR) if r.strip()]
        elif column == "notes":
            data[column] = raw
        elif value:
            data[column] = value
    return data


def _column_of(field: str) -> str:
    first = field.split(".", 1)[0]
    return first if first in HEADER else "session"


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_current_timezone())


def parse_csv(text: str | bytes) -> list[SessionIn]:
    """Every row as a validated session, or CsvImportError listing what is wrong and where.

    Line numbers count from 1 at the header, as a text editor shows them."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CsvImportError([f"the file is not UTF-8 text (byte {exc.start})"]) from exc
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CsvImportError(["line 1: the file is empty; expected a header row"]) from None
    problems = [f"line 1, column {h or '(blank)'}: unknown column" for h in header
                if h not in HEADER]
    problems += [f"line 1, column {h}: appears more than once" for h in set(header)
                 if header.count(h) > 1]
    problems += [f"line 1, column {r}: required column is missing" for r in REQUIRED
                 if r not in header]
    if problems:
        raise CsvImportError(problems)

    sessions: list[SessionIn] = []
    errors: list[str] = []
    rows = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank line
            rows += 1
            if rows > MAX_ROWS:
                raise CsvImportError([f"line {line}: more than {MAX_ROWS} rows in one file"])
            if len(cells) != len(header):
                errors.append(
                    f"line {line}: expected {len(header)} values, found {len(cells)}"
                )
            else:
                try:
                    session = SessionIn.model_validate(_row_data(dict(zip(header, cells,
                                                                          strict=True))))
                except ValidationError as exc:
                    for field, message in field_errors(exc).items():
                        errors.append(f"line {line}, column {_column_of(field)}: {message}")
                else:
                    session.started_at = _aware(session.started_at) or session.started_at
                    session.ended_at = _aware(session.ended_at)
                    sessions.append(session)
            if len(errors) >= MAX_ERRORS:
                errors.append("stopped after too many errors")
                break
    except csv.Error as exc:
        errors.append(f"line {reader.line_num}: {exc}")
    if errors:
        raise CsvImportError(errors)
    return sessions


def import_csv(user: User, text: str | bytes) -> int:
    """Validate the whole file, then store every session in one transaction (all or nothing)."""
    return service.import_sessions(user, parse_csv(text))
