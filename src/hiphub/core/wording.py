"""How a change between two ratings is put into words: one convention on every page. Pure.

A change is said in words with both numbers, "pain went down by 3 (7 → 4)", never as a signed
number: the API counts before − after and the session page used to show after − before, so the
same session read "+3" in one place and "−3" in another.
"""

from __future__ import annotations


def number(value: float) -> str:
    """A rating as people write it: 3, 2.5, 35.6 (one decimal at most, no "-0")."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def amount(size: float, unit: str) -> str:
    """'3 points', '1 point', '2.5' (no unit)."""
    shown = number(size)
    if not unit:
        return shown
    if shown == "1" and unit.endswith("points"):
        unit = unit.removesuffix("s")
    return f"{shown} {unit}"


def movement_words(drop: float, unit: str = "") -> str:
    """'went down by 3', 'went up by 2', 'stayed the same' or 'barely changed' for a fall of
    `drop` (negative for a rise)."""
    if number(abs(drop)) == "0":
        return "stayed the same" if drop == 0 else "barely changed"
    direction = "down" if drop > 0 else "up"
    return f"went {direction} by {amount(abs(drop), unit)}"


def change_words(before: float, after: float, unit: str = "") -> str:
    """'went down by 3' when a rating fell from `before` to `after`; see movement_words."""
    return movement_words(before - after, unit)


def change_phrase(subject: str, before: float, after: float, unit: str = "") -> str:
    """'pain went down by 3 (7 → 4)': the one way hiphub states a change between two ratings."""
    return f"{subject} {change_words(before, after, unit)} ({number(before)} → {number(after)})"


def range_words(low_drop: float, high_drop: float, unit: str = "points") -> str:
    """An interval of falls (negative for rises) in words, lower end first:
    'a fall of between 0.8 and 3.4 points', 'a rise of between 0.5 and 1 point', or
    'anything from a rise of 0.5 to a fall of 2 points' when it spans no change."""
    if low_drop > high_drop:
        low_drop, high_drop = high_drop, low_drop
    if low_drop >= 0 and high_drop > 0:
        return f"a fall of between {number(low_drop)} and {amount(high_drop, unit)}"
    if high_drop <= 0 and low_drop < 0:
        return f"a rise of between {number(-high_drop)} and {amount(-low_drop, unit)}"
    if low_drop == high_drop == 0:
        return "no change at all"
    rise, fall = amount(-low_drop, unit), amount(high_drop, unit)
    return f"anything from a rise of {rise} to a fall of {fall}"
