"""GeoNames postal-code files, and the keys places are looked up by. Pure: text in, rows out.

GeoNames publishes one file per country (https://download.geonames.org/export/zip/, for
example GB.zip holding GB.txt): UTF-8, tab-separated, no header, twelve columns:

    country code, postal code, place name, admin name1, admin code1, admin name2,
    admin code2, admin name3, admin code3, latitude, longitude, accuracy

Accuracy is 1 (estimated), 4 (geonameid), 6 (centroid of addresses or shape), or empty.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hiphub.directory.geo import valid_point

COLUMNS = 12
MAX_ERRORS = 20
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_SPACES = re.compile(r"\s+")


class PlacesFileError(ValueError):
    """The file cannot be loaded; `errors` names each bad line (at most MAX_ERRORS)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PlaceRow:
    country_code: str
    postal_code: str
    place_name: str
    admin_name1: str
    admin_name2: str
    latitude: float
    longitude: float
    accuracy: int | None

    @property
    def postal_key(self) -> str:
        return postal_key(self.postal_code)

    @property
    def name_key(self) -> str:
        return name_key(self.place_name)


def postal_key(text: str) -> str:
    """A postcode as stored for lookups: capitals and digits only ("sw1a 1aa" → "SW1A1AA")."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).upper())


def name_key(text: str) -> str:
    """A place name as stored for lookups: no accents, no case, single spaces
    ("  Zürich " → "zurich")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain.casefold()).strip()


def looks_like_postcode(text: str) -> bool:
    """Postcodes hold a digit and are short; place names rarely do both."""
    key = postal_key(text)
    return bool(key) and any(c.isdigit() for c in key) and len(key) <= 10


def outward_part(text: str) -> str | None:
    """The first part of a postcode written with a space ("SW1A 1AA" → "SW1A"), which is
    what files holding only district codes (GeoNames' GB.txt, CA.txt) list."""
    parts = text.strip().split()
    return parts[0] if len(parts) > 1 else None


def _number(raw: str, what: str, line_no: int) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"line {line_no}: the {what} {raw!r} is not a number") from None


def parse_line(line: str, line_no: int) -> PlaceRow:
    """One line of the file; ValueError naming the line and the column when it is wrong."""
    cells = line.rstrip("\r\n").split("\t")
    if len(cells) == COLUMNS - 1:
        cells.append("")  # accuracy left off at the end of the line
    if len(cells) != COLUMNS:
        raise ValueError(
            f"line {line_no}: {len(cells)} tab-separated columns, expected {COLUMNS} "
            "(is this a GeoNames postal-code file?)"
        )
    country, postal, place, admin1, _, admin2, _, _, _, lat_raw, lon_raw, acc_raw = (
        c.strip() for c in cells
    )
    if not re.fullmatch(r"[A-Za-z]{2}", country):
        raise ValueError(f"line {line_no}: the country code {country!r} is not two letters")
    if not postal_key(postal):
        raise ValueError(f"line {line_no}: the postal code is empty")
    if not place:
        raise ValueError(f"line {line_no}: the place name is empty")
    lat = _number(lat_raw, "latitude", line_no)
    lon = _number(lon_raw, "longitude", line_no)
    if not valid_point(lat, lon):
        raise ValueError(
            f"line {line_no}: latitude {lat_raw} / longitude {lon_raw} is not a place on Earth"
        )
    accuracy = None
    if acc_raw:
        if not acc_raw.isdecimal():
            raise ValueError(f"line {line_no}: the accuracy {acc_raw!r} is not a whole number")
        accuracy = int(acc_raw)
    return PlaceRow(
        country_code=country.upper(),
        postal_code=postal[:20],
        place_name=place[:180],
        admin_name1=admin1[:100],
        admin_name2=admin2[:100],
        latitude=lat,
        longitude=lon,
        accuracy=accuracy,
    )


def parse(lines: Iterable[str]) -> list[PlaceRow]:
    """Every row of a file, or PlacesFileError listing the first bad lines (nothing is
    returned unless every line is good). Blank lines are skipped."""
    rows: list[PlaceRow] = []
    errors: list[str] = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append(parse_line(line, line_no))
        except ValueError as exc:
            errors.append(str(exc))
            if len(errors) >= MAX_ERRORS:
                errors.append("(stopped after this many errors)")
                break
    if errors:
        raise PlacesFileError(errors)
    if not rows:
        raise PlacesFileError(["the file holds no places"])
    return rows


def close_matches(typed: str, known: Iterable[str], limit: int = 5) -> list[str]:
    """The known names or postcodes nearest to what was typed, best first."""
    table: dict[str, str] = {}
    for value in known:
        table.setdefault(value.casefold(), value)
    found = difflib.get_close_matches(typed.casefold(), table, n=limit, cutoff=0.6)
    return [table[f] for f in found]


def chunks(rows: list[PlaceRow], size: int) -> Iterator[list[PlaceRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
