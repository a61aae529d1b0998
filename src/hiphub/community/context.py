"""What a discussion block needs to render (thread.html): used by the views and by the
`{% community_thread %}` template tag, so neither imports the other."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hiphub.community import captcha, listing
from hiphub.community.forms import PostForm
from hiphub.community.threads import Thread
from hiphub.core.parsing import object_id


def _session_initial(request: HttpRequest, protocol_id: str) -> dict[str, Any]:
    """Ratings from one of the member's own finished journal sessions (?session=<id>)."""
    session_id = object_id(request.GET.get("session"))
    if session_id is None or not request.user.is_authenticated:
        return {}
    from hiphub.journal.models import JournalSession

    session = JournalSession.objects.filter(pk=session_id, user=request.user).first()
    if session is None:
        return {}
    return {
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "protocol": protocol_id or session.protocol,
    }


def new_form(
    request: HttpRequest, thread: Thread, initial: dict[str, Any] | None = None
) -> PostForm:
    user = request.user if request.user.is_authenticated else None
    start = {"thread": thread.key, "protocol": thread.protocol}
    if user is not None:
        start["display_name"] = getattr(user, "display_name", "")
    start.update(initial or {})
    return PostForm(initial=start, user=user)


def thread_context(
    request: HttpRequest,
    thread: Thread | None,
    form: PostForm | None = None,
    shared: bool = False,
) -> dict[str, Any]:
    """The page of posts, a form and a fresh challenge. `thread` is None only when a form
    came back naming no known thread: then it is shown again, with no posts. `shared`: the
    page goes into the cache for every visitor (pagecache.py), so the form carries neither
    a challenge nor a CSRF token; it fetches both when someone starts writing."""
    if form is None:
        assert thread is not None, "a new form needs a thread"
        initial = {} if shared else _session_initial(request, thread.protocol)
        form = new_form(request, thread, initial)
    challenge = None if shared else captcha.make_challenge()
    if challenge is not None and form.is_bound:
        data = dict(form.data.items()) if not hasattr(form.data, "copy") else form.data.copy()
        data["challenge"] = challenge.token
        data["answer"] = ""
        form.data = data
    elif challenge is not None:
        form.initial["challenge"] = challenge.token
    key = thread.key if thread else ""
    user = request.user
    state = listing.thread_state(key)
    page_number = listing.page_number(request.GET.get("page"), state.top_level)
    reply_to = None if shared else listing.reply_target(key, request.GET.get("reply"))
    if reply_to is None and form.is_bound and form.data.get("parent"):
        reply_to = listing.reply_target(key, str(form.data.get("parent")))
    return {
        "thread": key,
        # Built only when the cached list of posts in thread.html has to be rendered again.
        "posts": SimpleLazyObject(lambda: listing.thread_page(key, page_number, state.top_level)),
        "page_number": page_number,
        "version": state.version,
        "reply_to": reply_to,
        "form": form,
        "challenge": challenge,
        "shared": shared,
        "needs_captcha": not (user.is_authenticated and getattr(user, "email_verified", False)),
        "is_protocol_thread": thread is not None and thread.protocol != "",
        "request": request,
    }
