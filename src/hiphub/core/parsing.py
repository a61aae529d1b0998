"""Small, strict readers for values that arrive as text in query strings and forms."""

MAX_ID = 2**62


def object_id(raw: object) -> int | None:
    """A database id written in plain ASCII digits, or None. ("²".isdigit() is true, but it
    is not a number int() accepts, so str.isdigit alone is not enough.)"""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value < MAX_ID else None


NUL_MESSAGE = "must not contain a NUL character (\\u0000)"


def nul_locations(value: object, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Where a NUL character hides in parsed JSON (keys and string values, at any depth).
    PostgreSQL can store one in neither text nor JSON, so input holding one is refused on
    every database alike."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(value, str):
        if "\x00" in value:
            found.append(loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                found.append((*loc, str(key)))
            found += nul_locations(item, (*loc, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += nul_locations(item, (*loc, index))
    return found
