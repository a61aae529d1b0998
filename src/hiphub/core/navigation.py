"""The main navigation. An entry appears only when its page exists (its URL resolves)
and the visitor may use it, so the menu never points at something that is not there."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    needs_role: str = ""  # "" for everyone, "member" for signed-in, or a role value


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
    NavItem("Therapists", "directory:index"),
    NavItem("Moderation", "community:queue", needs_role="moderator"),
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


def navigation_for(request: HttpRequest) -> list[NavLink]:
    links = []
    for item in NAVIGATION:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if _allowed(item, request):
            current = request.path == url or (url != "/" and request.path.startswith(url))
            links.append(NavLink(item.label, url, current))
    return links
