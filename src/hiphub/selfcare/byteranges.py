"""HTTP byte ranges (RFC 9110, section 14) for one file: which bytes a `Range` header asks for.

Pure. Django's FileResponse has no Range support, and the small packages that add it have not
been kept up since 2017 (docs/decisions.md). One range is honoured; a header that is malformed,
in another unit or asks for several ranges is ignored, as the RFC allows, and the whole file is
sent with 200.
"""

import re
from dataclasses import dataclass

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class RangeNotSatisfiableError(ValueError):
    """A well-formed range that starts past the end of the file (answer 416)."""


@dataclass(frozen=True)
class ByteRange:
    first: int  # first byte sent
    last: int  # last byte sent, inclusive
    size: int  # the whole file

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.first}-{self.last}/{self.size}"


def unsatisfied(size: int) -> str:
    """The Content-Range header of a 416 answer."""
    return f"bytes */{size}"


def parse(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for, or None to send the whole file. Raises RangeNotSatisfiableError
    for a range that lies wholly past the end (or a suffix of zero bytes)."""
    if not header:
        return None
    match = _RANGE.match(header)
    if not match:
        return None  # several ranges, another unit, or not a range at all
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # "-500": the last 500 bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiableError(header)
        return ByteRange(max(0, size - suffix), size - 1, size)
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None  # malformed: ignored
    if first >= size:
        raise RangeNotSatisfiableError(header)
    last = min(int(last_text), size - 1) if last_text else size - 1
    return ByteRange(first, last, size)
