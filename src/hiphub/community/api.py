"""The community JSON API: a captcha challenge, posting, published posts and summaries.

Every caller is treated as anonymous here (no cookies are trusted, so no CSRF risk):
posting through the API always needs the captcha, and a post is never trusted by its email
alone (a confirmed address is proven by a browser cookie, which the API does not read), so
it waits for a moderator. Emails are never returned.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hiphub.api import InputError, api
from hiphub.community import aggregate, captcha, listing, posting, threads
from hiphub.community.models import Post
from hiphub.core.clientip import client_ip

router = Router(tags=["community"])


class ChallengeOut(Schema):
    challenge: str
    question: str
    label: str
    expires_in: int


class PostIn(Schema):
    thread: str | None = None
    parent: int | None = None
    display_name: str | None = None
    email: str | None = None
    text: str | None = None
    pain_before: int | str | None = None
    pain_after: int | str | None = None
    protocol: str | None = None
    website: str | None = None
    challenge: str | None = None
    answer: int | str | None = None


def _public(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "thread": post.thread,
        "display_name": post.display_name,
        "text": post.text,
        "pain_before": post.pain_before,
        "pain_after": post.pain_after,
        "protocol": post.protocol,
        "created_at": post.created_at.isoformat(),
    }


def _protocol(protocol: str | None) -> str:
    if not protocol:
        raise InputError("protocol", "Name a self-care routine, e.g. protocol=positional_release.")
    titles = threads.protocol_titles()
    if protocol not in titles:
        known = ", ".join(sorted(titles))
        raise InputError("protocol", f"Unknown routine {protocol!r}; known: {known}.")
    return protocol


@router.get("/captcha", response=ChallengeOut, summary="A signed arithmetic challenge")
def get_captcha(request: HttpRequest) -> dict[str, Any]:
    made = captcha.make_challenge()
    return {
        "challenge": made.token,
        "question": made.question,
        "label": made.label,
        "expires_in": captcha.MAX_AGE_SECONDS,
    }


class PostCreatedOut(Schema):
    id: int
    status: str  # "published" or "pending" (waiting for a moderator)
    message: str


class RateLimitedOut(Schema):
    detail: str


@router.post(
    "/posts",
    response={201: PostCreatedOut, 429: RateLimitedOut},
    summary="Post a comment or report (held or published)",
    description="429 when this address has posted too often in the last few minutes.",
)
def create_post(request: HttpRequest, payload: PostIn) -> Any:
    data = {k: ("" if v is None else str(v)) for k, v in payload.dict().items()}
    if not data["thread"]:
        data["thread"] = f"protocol:{data['protocol']}" if data["protocol"] else ""
    try:
        result = posting.submit(
            data, user=None, ip=client_ip(request.META), absolute_url=request.build_absolute_uri
        )
    except posting.RateLimitedError as limited:
        return 429, {"detail": str(limited)}
    except posting.RejectedError as rejected:
        detail = [
            {"loc": ["body", field], "msg": str(message), "type": "value_error"}
            for field, messages in rejected.form.errors.items()
            for message in messages
        ]
        return api.create_response(request, {"detail": detail}, status=422)
    body = {
        "id": result.post.pk,
        "status": result.post.status,
        "message": ("Published." if result.published else "Waiting for a moderator.")
        + (" We have emailed a link to confirm the address." if result.confirmation_sent else ""),
    }
    return 201, body


@router.get("/posts", summary="Published posts of a routine or thread, newest first")
def list_posts(
    request: HttpRequest, protocol: str | None = None, thread: str | None = None, page: int = 1
) -> dict[str, Any]:
    if thread is None:
        thread = f"protocol:{_protocol(protocol)}"
    elif threads.parse(thread) is None:
        raise InputError("thread", f"Unknown thread {thread!r}.")
    found = listing.thread_page(thread, page, listing.thread_state(thread).top_level)
    return {
        "thread": thread,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "count": found.paginator.count,
        "results": [
            {**_public(p), "replies": [_public(r) for r in p.replies.all()]}
            for p in found.object_list
        ],
    }


@router.get("/summary", summary="What approved before/after reports of a routine add up to")
def summary(request: HttpRequest, protocol: str | None = None) -> dict[str, Any]:
    pid = _protocol(protocol)
    return {"protocol": pid, **listing.summary_for(pid).as_dict(), "caveat": aggregate.CAVEAT}
