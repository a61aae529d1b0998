from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hiphub.accounts.guards import moderator_of
from hiphub.accounts.models import User
from hiphub.community import (
    addresses,
    aggregate,
    captcha,
    deletion,
    listing,
    pagecache,
    posting,
    threads,
)
from hiphub.community.context import thread_context
from hiphub.community.models import (
    ConfirmedAddress,
    ModerationDecision,
    Post,
    Status,
    delete_written_with,
)
from hiphub.core.clientip import client_ip
from hiphub.core.decorators import read_only
from hiphub.core.parsing import object_id


def _protocol_thread(protocol_id: str) -> threads.Thread:
    thread = threads.for_protocol(protocol_id)
    if thread is None:
        raise Http404("There is no self-care routine with that name.")
    return thread


@read_only
def reports(request: HttpRequest) -> HttpResponse:
    """Readers' reports: every discussion, with how many published reports each has."""
    counts = listing.published_counts()
    rows = [(thread, counts.get(thread.key, 0)) for thread in threads.every_thread()]
    return render(request, "community/reports.html", {"rows": rows})


@read_only
def protocol(request: HttpRequest, protocol_id: str) -> HttpResponseBase:
    """A routine's summary and its readers' reports, from the cache when it can be."""
    thread = _protocol_thread(protocol_id)

    def render_page(shared: bool) -> HttpResponse:
        context = thread_context(request, thread, shared=shared)
        context.update(
            title=thread.title,
            protocol_id=protocol_id,
            summary=listing.summary_for(protocol_id),
            caveat=aggregate.CAVEAT,
        )
        return render(request, "community/protocol.html", context)

    return pagecache.serve(request, thread.key, render_page)


@never_cache
@require_safe
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh single-use question and this browser's CSRF token, fetched by the form of a
    cached page when someone starts writing (community.js)."""
    made = captcha.make_challenge()
    return JsonResponse(
        {
            "challenge": made.token,
            "question": made.question,
            "label": made.label,
            "expires_in": captcha.MAX_AGE_SECONDS,
            "csrf_token": get_token(request),
        }
    )


@read_only
def chart(request: HttpRequest, protocol_id: str) -> HttpResponse:
    thread = _protocol_thread(protocol_id)
    # Drawing takes far longer than anything else here: once per version of the routine.
    key = f"community:chart:{protocol_id}:{listing.thread_state(thread.key).version}"
    svg = cache.get(key)
    if svg is None:
        svg = aggregate.distribution_svg(listing.summary_for(protocol_id))
        cache.set(key, svg, pagecache.TIMEOUT_SECONDS)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=60"
    return response


# Messages about a post just sent are shown inside the discussion, where the page lands after
# posting (its #community heading), not at the top of a long page the reader has left.
POSTED = "posted"


@require_POST
def post(request: HttpRequest) -> HttpResponse:
    try:
        result = posting.submit(
            request.POST,
            user=request.user,
            ip=client_ip(request.META),
            proof=request.COOKIES.get(addresses.PROOF_COOKIE),
            absolute_url=request.build_absolute_uri,
        )
    except posting.RateLimitedError as limited:
        return render(
            request, "community/rate_limited.html", {"message": str(limited)}, status=429
        )
    except posting.RejectedError as rejected:
        thread = threads.parse(request.POST.get("thread"))
        context = thread_context(request, thread, rejected.form)
        context.update(
            thread_title=thread.title if thread else "",
            back=thread.url if thread else "/",
        )
        return render(request, "community/compose.html", context, status=400)
    if result.published:
        messages.success(request, "Thank you. Your post is published.", extra_tags=POSTED)
    else:
        messages.success(
            request,
            "Thank you. Your post is waiting for a moderator and will appear once approved.",
            extra_tags=POSTED,
        )
    if result.confirmation_sent:
        messages.info(
            request,
            "We have emailed you a link to confirm your address. Once it is confirmed and a "
            "moderator has approved a post of yours, your later posts from this browser "
            "appear without waiting.",
            extra_tags=POSTED,
        )
    thread = threads.parse(result.post.thread)
    return HttpResponseRedirect(thread.url if thread else "/")


# --- Moderation -----------------------------------------------------------------------------

ACTIONS = {
    "approve": Post.approve,
    "reject": Post.reject,
    "spam": Post.mark_spam,
    "delete": Post.delete_by,
}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    moderator = moderator_of(request)
    if request.method == "POST":
        return _decide(request, moderator)
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


def _decide(request: HttpRequest, moderator: User) -> HttpResponse:
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
            ACTIONS[action](found, moderator)
    done = dict(ModerationDecision.Action.choices)[action].lower()
    messages.success(request, f"{len(posts)} post{'s' if len(posts) != 1 else ''} {done}.")
    return redirect(back)


# --- Confirming an address ------------------------------------------------------------------


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link shows a button; pressing it (a POST, so that mail scanners opening
    links do not confirm) records the address and gives this browser the proof cookie."""
    email_hash = addresses.hash_from_confirm_token(token)
    if email_hash is None:
        return render(request, "community/confirm.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "community/confirm.html", {})
    ConfirmedAddress.confirm(email_hash)
    response = render(request, "community/confirm.html", {"confirmed": True})
    response.set_cookie(
        addresses.PROOF_COOKIE,
        addresses.proof_for(email_hash),
        max_age=addresses.PROOF_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


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
        deletion.send_delete_link(email, request.build_absolute_uri)
        return render(request, "community/delete_request.html", {"sent": True})
    return render(request, "community/delete_request.html", {})


def delete_confirm(request: HttpRequest, token: str) -> HttpResponse:
    email_hash = deletion.email_hash_from_token(token)
    if email_hash is None:
        return render(request, "community/delete_confirm.html", {"invalid": True}, status=400)
    count = Post.objects.filter(email_hash=email_hash).count()
    if request.method == "POST":
        deleted = delete_written_with(email_hash)
        return render(request, "community/delete_confirm.html", {"deleted": deleted})
    return render(request, "community/delete_confirm.html", {"count": count})
