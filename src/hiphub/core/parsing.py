"""Small, strict readers for values that arrive as text in query strings and forms."""

MAX_ID = 2**62


def object_id(raw: object) -> int | None:
    """A database id written in plain ASCII digits, or None. ("²".isdigit() is true, but it
    is not a number int() accepts, so str.isdigit alone is not enough.)"""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value < MAX_ID else None
