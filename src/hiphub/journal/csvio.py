"""Journal sessions as CSV: export a member's sessions, and read a CSV back into sessions.

Reading checks every row before anything is stored; `import_csv` then stores all rows or none,
leaving out exact copies of sessions already in the journal (or earlier in the same file), so
importing a file twice, or again after a dropped connection, does not double a journal.
The header is fixed (HEADER) so spreadsheets and scripts can rely on it. Columns may come in
any order, and all but `started_at` may be left out. Regions are separated by ";". Times are
ISO 8601; a time without an offset is read in the site's time zone. A file may hold at most
MAX_BYTES and MAX_ROWS rows, from the web and the command line alike.

Text that a spreadsheet would run as a formula is written with a leading apostrophe and read
back without it (hiphub.core.csvsafe), so an exported file re-imports to the same sessions.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from hiphub.accounts.models import User
from hiphub.core import csvsafe
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
    "variant",
)
REQUIRED = ("started_at",)
NUMBER_COLUMNS = ("pain_before", "pain_after", "tension_before", "tension_after", "minutes")
# The words pydantic reads as yes and no, so files written before numbers became strict
# still read the same.
YES = frozenset({"yes", "y", "true", "t", "on", "1"})
NO = frozenset({"no", "n", "false", "f", "off", "0"})
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_ERRORS = 20
REGION_SEPARATOR = ";"


class CsvImportError(ValueError):
    """The CSV cannot be imported; `errors` lists each problem by line and column."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class Imported:
    """What an import did: sessions stored, and rows left out as exact copies of a session
    already in the journal or of an earlier row of the same file."""

    imported: int
    skipped: int = 0

    def sentence(self) -> str:
        plural = "s" if self.imported != 1 else ""
        text = f"Imported {self.imported} session{plural}"
        if self.skipped:
            rows = "1 row that repeats" if self.skipped == 1 else f"{self.skipped} rows that repeat"
            text += f"; skipped {rows} a session already in the journal or earlier in the file"
        return text + "."

    def as_dict(self) -> dict[str, int]:
        return {"imported": self.imported, "skipped": self.skipped}


# --- Writing --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return csvsafe.neutralise(REGION_SEPARATOR.join(str(v) for v in value))
    return csvsafe.neutralise(str(value))


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


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def read_limited(stream: Readable) -> bytes:
    """At most MAX_BYTES from a file or upload, read in one bounded step: a larger file (or an
    endless one such as /dev/zero) is refused without reading the rest."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise CsvImportError(
            [f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it and import "
             "the parts one by one"]
        )
    return data


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def _typed(column: str, value: str) -> Any:
    """A cell's text as the value SessionIn expects; text that is not a number or a yes/no is
    passed on as it is, for SessionIn to refuse with its field named."""
    if column in NUMBER_COLUMNS and _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    if column == "twitches" and value.lower() in YES | NO:
        return value.lower() in YES
    return value


def _row_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, raw in row.items():
        value = csvsafe.restore(raw.strip())
        if column == "regions":
            data[column] = [r.strip() for r in value.split(REGION_SEPARATOR) if r.strip()]
        elif column == "notes":
            data[column] = csvsafe.restore(raw)
        elif value:
            data[column] = _typed(column, value)
    return data


def _column_of(field: str) -> str:
    first = field.split(".", 1)[0]
    return first if first in HEADER else "session"


def _shown(name: str) -> str:
    """A column name as an error message shows it: visible, and short."""
    text = name.encode("unicode_escape").decode("ascii")
    return (text[:40] + "...") if len(text) > 40 else (text or "(blank)")


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_current_timezone())


def _quote_problem(exc: csv.Error, first: int, last: int) -> str:
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    if "unexpected end of data" in str(exc):
        return (
            f"line {first}: a value opens a quote (\") that is never closed, so every line "
            'after it would be read into that value; write a quote inside a value as ""'
        )
    return f"{where}: {exc}; check the quotes (write a quote inside a value as \"\")"


def parse_csv(text: str | bytes) -> list[SessionIn]:
    """Every row as a validated session, or CsvImportError listing what is wrong and where.

    Line numbers count from 1 at the header, as a text editor shows them."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise CsvImportError([f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CsvImportError([f"the file is not UTF-8 text (byte {exc.start})"]) from exc
    text = text.removeprefix("\ufeff")
    # strict: a stray quote is an error, not a value that runs on over the following rows.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CsvImportError(["line 1: the file is empty; expected a header row"]) from None
    except csv.Error as exc:
        raise CsvImportError([_quote_problem(exc, 1, reader.line_num)]) from None
    problems = [f"line 1, column {_shown(h)}: unknown column" for h in header
                if h not in HEADER]
    problems += [f"line 1, column {h}: appears more than once" for h in set(header)
                 if h in HEADER and header.count(h) > 1]
    problems += [f"line 1, column {r}: required column is missing" for r in REQUIRED
                 if r not in header]
    if problems:
        raise CsvImportError(problems[:MAX_ERRORS])

    sessions: list[SessionIn] = []
    errors: list[str] = []
    rows = 0
    first = reader.line_num + 1
    try:
        for cells in reader:
            line = first
            first = reader.line_num + 1
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
        errors.append(_quote_problem(exc, first, reader.line_num))
    if errors:
        raise CsvImportError(errors)
    return sessions


# --- Storing --------------------------------------------------------------------------------

SessionKey = tuple[Any, ...]
KEY_FIELDS = (
    "started_at", "ended_at", "minutes", "pain_before", "pain_after", "tension_before",
    "tension_after", "twitches", "notes", "protocol", "variant", "regions",
)


def _key(values: Sequence[Any]) -> SessionKey:
    """What makes two sessions the same: every field a CSV row holds (times compared as
    instants, whatever their offset)."""
    *rest, regions = values
    return (*rest, tuple(regions or ()))


def _new_sessions(user: User, sessions: list[SessionIn]) -> tuple[list[SessionIn], int]:
    """The sessions that are neither in the journal already nor repeats within the list."""
    if not sessions:
        return [], 0
    starts = [s.started_at for s in sessions]
    seen = {
        _key(values)
        for values in JournalSession.objects.filter(
            user=user, started_at__gte=min(starts), started_at__lte=max(starts)
        ).values_list(*KEY_FIELDS)
    }
    fresh = []
    for session in sessions:
        key = _key([getattr(session, name) for name in KEY_FIELDS])
        if key not in seen:
            seen.add(key)
            fresh.append(session)
    return fresh, len(sessions) - len(fresh)


def import_csv(user: User, text: str | bytes) -> Imported:
    """Validate the whole file, then store every new session in one transaction (all or
    nothing), skipping exact copies of sessions the member already has."""
    sessions = parse_csv(text)
    with transaction.atomic():
        # One import at a time per member, so two uploads of one file cannot both pass the
        # duplicate check (PostgreSQL; SQLite's IMMEDIATE transactions already queue writers).
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        fresh, skipped = _new_sessions(user, sessions)
        return Imported(service.import_sessions(user, fresh), skipped)
