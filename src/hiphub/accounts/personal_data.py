"""Everything hiphub keeps about a member, gathered for export.

Each capability that stores personal data adds a "module:function" here; the function takes
a user and returns a list of plain dicts (one per row). Deleting the user deletes all of it
through foreign keys with on_delete=CASCADE, which tests check table by table.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any

from hiphub.accounts.models import User

Rows = list[dict[str, Any]]

EXPORTERS: dict[str, str] = {
    "account": "hiphub.accounts.personal_data:account_rows",
    "journal": "hiphub.journal.service:export_for",
    "community": "hiphub.community.models:export_for",
    "screening": "hiphub.screening.models:export_for",
    "directory": "hiphub.directory.models:export_for",
}


def account_rows(user: User) -> Rows:
    return [
        {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "email_verified": user.email_verified,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    ]


def collect(user: User) -> dict[str, Rows]:
    """Every data set about this user, by name."""
    collected = {}
    for name, target in EXPORTERS.items():
        module_name, func_name = target.split(":")
        exporter: Callable[[User], Rows] = getattr(import_module(module_name), func_name)
        collected[name] = exporter(user)
    return collected
