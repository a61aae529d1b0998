from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from hiphub.community import aggregate, captcha, service
from hiphub.community.forms import PostForm
from hiphub.community.models import ModerationDecision, Post, Status
from hiphub.core.decorators import read_only
from hiphub.core.parsing import object_id

CAPTCHA_FIELDS = ("challenge", "answer")


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


def new_form(request: HttpRequest, thread: str, initial: dict[str, Any] | None = None) -> PostForm:
    user = request.user if request.user.is_authenticated else None
    start = {"thread": thread, "protocol": service.thread_protocol(thread)}
    if user is not None:
        start["display_name"] = getattr(user, "display_name", "")
    start.update(initial or {})
    return PostForm(initial=start, user=user)


def thread_context(
    request: HttpRequest, thread: str, form: PostForm | None = None
) -> dict[str, Any]:
    """What the thread block needs: the page of posts, a form and a fresh challenge."""
    if form is None:
        initial = _session_initial(request, service.thread_protocol(thread))
        form = new_form(request, thread, initial)
    challenge = captcha.make_challenge()
    if form.is_bound:
        data = dict(form.data.items()) if not hasattr(form.data, "copy") else form.data.copy()
        data["challenge"] = challenge.token
        data["answer"] = ""
        form.data = data
    else:
        form.initial["challenge"] = challenge.token
    user = request.user
    state = service.thread_state(thread)
    page_number = service.page_number(request.GET.get("page"), state.top_level)
    reply_to = service.reply_target(thread, request.GET.get("reply"))
    if reply_to is None and form.is_bound and form.data.get("parent"):
        reply_to = service.reply_target(thread, str(form.data.get("parent")))
    return {
        "thread": thread,
        # Built only when the cached list of posts in thread.html has to be rendered again.
        "posts": SimpleLazyObject(
            lambda: service.thread_page(thread, page_number, state.top_level)
        ),
        "page_number": page_number,
        "version": state.version,
        "reply_to": reply_to,
        "form": form,
        "challenge": challenge,
        "needs_captcha": not (user.is_authenticated and getattr(user, "email_verified", False)),
        "is_protocol_thread": thread.startswith("protocol:"),
        "request": request,
    }


@read_only
def protocol(request: HttpRequest, protocol_id: str) -> HttpResponse:
    titles = service.protocol_titles()
    if protocol_id not in titles:
        raise Http404("There is no self-care routine with that name.")
    thread = f"protocol:{protocol_id}"
    context = thread_context(request, thread)
    context.update(
        title=titles[protocol_id],
        protocol_id=protocol_id,
        summary=service.summary_for(protocol_id),
        caveat=aggregate.CAVEAT,
    )
    return render(request, "community/protocol.html", context)


@read_only
def chart(request: HttpRequest, protocol_id: str) -> HttpResponse:
    titles = service.protocol_titles()
    if protocol_id not in titles:
        raise Http404("There is no self-care routine with that name.")
    svg = aggregate.distribution_svg(service.summary_for(protocol_id))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_POST
def post(request: HttpRequest) -> HttpResponse:
    thread = request.POST.get("thread", "")
    try:
        result = service.submit(
            request.POST, user=request.user, ip=service.client_ip(request.META)
        )
    except service.RateLimitedError as limited:
        return render(
            request, "community/rate_limited.html", {"message": str(limited)}, status=429
        )
    except service.RejectedError as rejected:
        known = service.thread_known(thread)
        context = thread_context(request, thread if known else "", rejected.form)
        context.update(
            thread_title=service.thread_title(thread) if known else "",
            back=service.thread_url(thread) if known else "/",
        )
        return render(request, "community/compose.html", context, status=400)
    if result.published:
        messages.success(request, "Thank you. Your post is published.")
    else:
        messages.success(
            request,
            "Thank you. Your post is waiting for a moderator and will appear once approved.",
        )
    return HttpResponseRedirect(service.thread_url(result.post.thread))


# --- Moderation -----------------------------------------------------------------------------

ACTIONS = {
    "approve": Post.approve,
    "reject": Post.reject,
    "spam": Post.mark_spam,
    "delete": Post.delete_by,
}


def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not getattr(request.user, "is_moderator", False):
        raise PermissionDenied("Only moderators can see the moderation queue.")
    if request.method == "POST":
        return _decide(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    status = request.GET.get("status", Status.PENDING)
    if status not in Status.values:
        status = Status.PENDING
    posts = Post.objects.filter(status=status).select_related("parent", "user")[:200]
    counts = {s: Post.objects.filter(status=s).count() for s in Status.values}
    return render(
        request,
        "community/queue.html",
        {
            "posts": posts,
            "status": status,
            "statuses": [(s, label, counts[s]) for s, label in Status.choices],
            "pending": counts[Status.PENDING],
            "decisions": ModerationDecision.objects.select_related("moderator")[:20],
        },
    )


def _decide(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    ids = [i for i in map(object_id, request.POST.getlist("post")) if i is not None]
    status = request.POST.get("status", "")
    if status not in Status.values:
        status = Status.PENDING
    back = reverse("community:queue") + "?" + urlencode({"status": status})
    if action not in ACTIONS or not ids:
        messages.error(request, "Tick at least one post and choose what to do with it.")
        return redirect(back)
    with transaction.atomic():
        posts = list(Post.objects.filter(pk__in=ids).order_by("pk").select_for_update())
        for found in posts:
            ACTIONS[action](found, request.user)
    done = dict(ModerationDecision.Action.choices)[action].lower()
    messages.success(request, f"{len(posts)} post{'s' if len(posts) != 1 else ''} {done}.")
    return redirect(back)


# --- Deleting one's own posts ---------------------------------------------------------------


def delete_request(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        if "@" not in email or len(email) > 254:
            return render(
                request,
                "community/delete_request.html",
                {"error": "Please give the email address you posted with.", "email": email},
                status=400,
            )
        service.send_delete_link(email, request.build_absolute_uri)
        return render(request, "community/delete_request.html", {"sent": True})
    return render(request, "community/delete_request.html", {})


def delete_confirm(request: HttpRequest, token: str) -> HttpResponse:
    email_hash = service.email_hash_from_token(token)
    if email_hash is None:
        return render(request, "community/delete_confirm.html", {"invalid": True}, status=400)
    count = Post.objects.filter(email_hash=email_hash).count()
    if request.method == "POST":
        deleted = service.delete_posts(email_hash)
        return render(request, "community/delete_confirm.html", {"deleted": deleted})
    return render(request, "community/delete_confirm.html", {"count": count})


