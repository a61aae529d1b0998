"""Everything hiphub keeps about a member, gathered for export, and erased with the account.

Each capability that stores personal data adds a "module:function" to EXPORTERS; the function
takes a user and returns a list of plain dicts (one per row). Deleting the user deletes it
through foreign keys with on_delete=CASCADE, which tests check table by table. Data tied to
the member without a foreign key (a hash of their address) is listed in ERASERS, whose
functions `erase()` calls before the account goes.
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
    "practice": "hiphub.practice.personal:export_for",
    "fair_test": "hiphub.reports.experiments:export_for",
}


ERASERS: dict[str, str] = {
    "community confirmed address": "hiphub.community.addresses:forget",
    # The posts have a foreign key, but their published counts must leave the tallies too.
    "community posts": "hiphub.community.models:forget_member_posts",
}


def _function(target: str) -> Callable[[User], Any]:
    module_name, func_name = target.split(":")
    func: Callable[[User], Any] = getattr(import_module(module_name), func_name)
    return func


def erase(user: User) -> None:
    """Delete what foreign keys do not reach, then the account (and everything that cascades)."""
    for target in ERASERS.values():
        _function(target)(user)
    user.delete()


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
        collected[name] = _function(target)(user)
    return collected
