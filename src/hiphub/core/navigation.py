"""The main navigation. An entry appears only when its page exists (its URL resolves)
and the visitor may use it, so the menu never points at something that is not there."""

import functools
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    needs_role: str = ""  # "" for everyone, "member" for signed-in, or a role value
    counter: str = ""  # "module:function" returning a number shown after the label


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


NAVIGATION = (
    NavItem("Learn", "content:relate"),
    NavItem("Anatomy", "anatomy:index"),
    NavItem("Where does it hurt?", "anatomy:pain"),
    NavItem("Safety check", "screening:safety"),
    NavItem("Questionnaires", "screening:index"),
    NavItem("Self-care", "selfcare:index"),
    NavItem("Journal", "journal:index", needs_role="member"),
    NavItem("Readers' reports", "community:reports"),
    NavItem("Therapists", "directory:index"),
    NavItem(
        "Moderation", "community:queue", "moderator", "hiphub.community.listing:pending_count"
    ),
)


def _allowed(item: NavItem, request: HttpRequest) -> bool:
    if not item.needs_role:
        return True
    # Error pages raised before the auth middleware ran (a 414, say) have no user: show them
    # only what everyone may see.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return item.needs_role == "member" or getattr(user, "role", "") == item.needs_role


@functools.cache
def _existing(urlconf: str) -> tuple[tuple[NavItem, str], ...]:
    """The entries whose page exists, with their URLs, worked out once per URL configuration
    (which does not change while a process runs)."""
    found = []
    for item in NAVIGATION:
        try:
            found.append((item, reverse(item.url_name, urlconf=urlconf)))
        except NoReverseMatch:
            continue
    return tuple(found)


def navigation_for(request: HttpRequest) -> list[NavLink]:
    entries = _existing(get_urlconf() or settings.ROOT_URLCONF)
    # The current entry is the one whose URL is the longest start of this page's path, so
    # /check/safety/ marks "Safety check" and not also "Questionnaires" at /check/.
    matches = [url for _, url in entries if url != "/" and request.path.startswith(url)]
    here = max(matches, key=len) if matches else request.path
    links = []
    for item, url in entries:
        if _allowed(item, request):
            current = url == here
            label = item.label
            if item.counter:
                module, func = item.counter.split(":")
                label = f"{label} ({getattr(import_module(module), func)()})"
            links.append(NavLink(label, url, current))
    return links
