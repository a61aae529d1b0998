"""Which discussions exist: one under each education page named here and one per self-care
routine. A thread travels as text ("page:hip-and-back", "protocol:positional_release");
`parse` reads that text once into a `Thread` that knows its title, address and routine.

No database and no request.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.urls import reverse

# slug -> (title, URL name of the page the discussion sits under)
EDUCATION_PAGES = {"hip-and-back": ("How the hips and low back relate", "content:relate")}


class Kind(StrEnum):
    PAGE = "page"
    PROTOCOL = "protocol"


def protocol_titles() -> dict[str, str]:
    """Every self-care routine's id and title."""
    from hiphub.selfcare.protocol import protocols

    return {pid: p.title for pid, p in protocols().items()}


@dataclass(frozen=True)
class Thread:
    kind: Kind
    name: str  # the page slug or the routine id
    title: str

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """The text stored with each post and sent by the form: "<kind>:<name>"."""
        return f"{self.kind}:{self.name}"

    @property
    def protocol(self) -> str:
        """The routine this thread is about, or "" for a page's thread."""
        return self.name if self.kind is Kind.PROTOCOL else ""

    @property
    def url(self) -> str:
        """Where the discussion is shown, at its heading."""
        if self.kind is Kind.PAGE:
            return reverse(EDUCATION_PAGES[self.name][1]) + "#community"
        return reverse("community:protocol", args=[self.name]) + "#community"


def parse(raw: object) -> Thread | None:
    """The thread that `raw` names, or None when there is no such discussion."""
    kind, _, name = str(raw or "").partition(":")
    if kind == Kind.PAGE and name in EDUCATION_PAGES:
        return Thread(Kind.PAGE, name, EDUCATION_PAGES[name][0])
    if kind == Kind.PROTOCOL:
        title = protocol_titles().get(name)
        if title is not None:
            return Thread(Kind.PROTOCOL, name, title)
    return None


def for_protocol(protocol_id: str) -> Thread | None:
    """The discussion of one self-care routine, or None for an unknown routine."""
    return parse(f"{Kind.PROTOCOL}:{protocol_id}")


def every_thread() -> list[Thread]:
    """Every discussion: the education pages' first, then one per routine, by title."""
    pages = [Thread(Kind.PAGE, slug, title) for slug, (title, _) in EDUCATION_PAGES.items()]
    routines = [Thread(Kind.PROTOCOL, pid, title) for pid, title in protocol_titles().items()]
    return pages + sorted(routines, key=lambda t: t.title)
