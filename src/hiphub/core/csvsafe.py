"""CSV cells that a spreadsheet would run as a formula, made inert (OWASP "CSV injection").

Excel, LibreOffice and Google Sheets treat a cell starting with =, +, -, @, a tab or a carriage
return as a formula, so a journal note such as `=HYPERLINK(...)` would become a live link in
the member's own spreadsheet. `neutralise` puts an apostrophe in front of such a cell, which
spreadsheets read as "this is text" and do not show. `restore` undoes it exactly, so hiphub's
own CSV files read back to the same text: a cell that already starts with apostrophes before
one of those characters gets one more on the way out and loses one on the way in.
"""

import re
from typing import Any

FORMULA_STARTS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(rf"'*[{re.escape(FORMULA_STARTS)}]")
_QUOTED = re.compile(rf"'+[{re.escape(FORMULA_STARTS)}]")


def neutralise(value: Any) -> Any:
    """The cell as it should be written: text a spreadsheet would evaluate gets a leading
    apostrophe. Numbers and other non-text values are returned unchanged."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text a neutralised cell stood for (the inverse of `neutralise` on text)."""
    return text[1:] if _QUOTED.match(text) else text
