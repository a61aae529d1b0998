"""The practice pages. A member's side: their plans, the therapists they share with, the
access log, reminders and the calendar. A therapist's side: clients, invites, a client's page
and the programme editor, every read of a client's data through access.client_data."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts.guards import member_of, therapist_of
from hiphub.accounts.models import User
from hiphub.core import throttle
from hiphub.core.decorators import read_only
from hiphub.practice import calendar, plan, qr, service
from hiphub.practice.access import Refused, link_of
from hiphub.practice.forms import CodeForm, ProgrammeForm, RemindersForm, ScopesForm
from hiphub.practice.models import (
    AccessLog,
    Channel,
    Invite,
    Link,
    LinkError,
    Programme,
    Reminders,
    ReminderWindow,
    Scope,
    normalise_code,
)

REDEEM_TRIES = 20  # codes tried per member per hour: enough for typos, too few to guess
REDEEM_WINDOW = timedelta(hours=1)


def _refused_page(request: HttpRequest, exc: Refused) -> HttpResponse:
    if exc.status == 404:
        raise Http404(exc.message)
    return render(request, "practice/refused.html", {"message": exc.message}, status=403)


# --- The member's side -----------------------------------------------------------------------


@login_required
@read_only
def index(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    plans = []
    for view in service.plans_for_member(member):
        link = Link.objects.get(pk=view.link_id)
        plans.append({"plan": view, "adherence": service.member_adherence(member, link)})
    reminders = Reminders.of(member)
    return render(request, "practice/index.html", {
        "plans": plans,
        "links": list(Link.for_client(member)),
        "code_form": CodeForm(),
        "reminders": reminders,
        "window_label": ReminderWindow(reminders.window).label,
    })


@login_required
@require_POST
def join(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Type the code your therapist gave you.")
        return redirect("practice:index")
    return redirect("practice:join_code", code=normalise_code(form.cleaned_data["code"]) or "-")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    member = member_of(request)
    if not throttle.allow("practice_redeem", str(member.pk), limit=REDEEM_TRIES,
                          per=REDEEM_WINDOW):
        return render(request, "practice/join.html", {"invite": None, "too_many": True},
                      status=429)
    invite = Invite.usable(code)
    if invite is None:
        return render(request, "practice/join.html", {"invite": None}, status=404)
    form = ScopesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link = Link.redeem(invite.code, member, form.cleaned_data["scopes"])
        except LinkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"You now share with {link.therapist}. You can change "
                             "what you share, or stop, at any time here.")
            return redirect("practice:link", link_id=link.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/join.html", {"invite": invite, "form": form},
                  status=status)


def _own_link(request: HttpRequest, link_id: int) -> Link:
    return get_object_or_404(Link.for_client(member_of(request)), pk=link_id)


@login_required
@read_only
def link_page(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    return render(request, "practice/link.html", {
        "link": link,
        "form": ScopesForm(initial={"scopes": list(link.scopes)}),
        "log": list(AccessLog.objects.filter(link=link)[:200]),
        "log_count": AccessLog.objects.filter(link=link).count(),
    })


@login_required
@require_POST
def link_scopes(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    form = ScopesForm(request.POST)
    if form.is_valid():
        try:
            link.set_scopes(form.cleaned_data["scopes"])
        except LinkError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Saved. From now on your therapist sees only: "
                             + ", ".join(link.scope_names) + ".")
        return redirect("practice:link", link_id=link.pk)
    return render(request, "practice/link.html", {
        "link": link, "form": form, "log": list(AccessLog.objects.filter(link=link)[:200]),
        "log_count": AccessLog.objects.filter(link=link).count(),
    }, status=400)


@login_required
@require_POST
def link_renew(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    try:
        link.renew()
    except LinkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Sharing now lasts until {link.expires_at:%d %B %Y}.")
    return redirect("practice:link", link_id=link.pk)


@login_required
@require_POST
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = _own_link(request, link_id)
    link.revoke()
    messages.success(request, f"{link.therapist} can no longer see any of your data.")
    return redirect("practice:link", link_id=link.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    chosen = Reminders.of(member)
    form = RemindersForm(request.POST if request.method == "POST" else None,
                         initial={"email": chosen.email, "window": chosen.window})
    if request.method == "POST" and form.is_valid():
        chosen.choose(email=form.cleaned_data["email"], window=form.cleaned_data["window"])
        messages.success(request, "Email reminders are on." if chosen.email
                         else "Email reminders are off.")
        return redirect("practice:reminders")
    feed = (request.build_absolute_uri(reverse("practice:feed", args=[chosen.feed_token]))
            if chosen.feed_token else None)
    return render(request, "practice/reminders.html", {
        "form": form, "reminders": chosen, "feed": feed,
        "has_plan": bool(service.plans_for_member(member)),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def feed_new(request: HttpRequest) -> HttpResponse:
    Reminders.of(member_of(request)).new_feed()
    messages.success(request, "Your calendar has a new private address; any old one has "
                     "stopped working.")
    return redirect("practice:reminders")


@login_required
@require_POST
def feed_stop(request: HttpRequest) -> HttpResponse:
    Reminders.of(member_of(request)).stop_feed()
    messages.success(request, "The calendar address has stopped working.")
    return redirect("practice:reminders")


def _ics(request: HttpRequest, member: User) -> bytes:
    plans = []
    for view in service.plans_for_member(member):
        plans.append(calendar.CalendarPlan(
            view.link_id, view.version, timezone.localdate(view.created_at), tuple(view.items)
        ))
    start, _ = ReminderWindow.hours(Reminders.of(member).window)
    return calendar.build(
        plans, hour=start, zone=settings.TIME_ZONE, site=settings.SITE_NAME,
        page_url=request.build_absolute_uri(reverse("practice:index")), stamp=timezone.now(),
    )


@login_required
@read_only
def download_ics(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_ics(request, member_of(request)), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="my-home-plan.ics"'
    return response


@read_only
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar address: the token is the key, so a stopped one answers 404."""
    found = Reminders.objects.select_related("user").filter(feed_token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(_ics(request, found.user), content_type="text/calendar")
    response["Cache-Control"] = "private, no-store"
    return response


# --- The therapist's side --------------------------------------------------------------------


@login_required
@read_only
def clients(request: HttpRequest) -> HttpResponse:
    therapist = therapist_of(request)
    rows = service.dashboard(therapist, Channel.PAGE, "client list")
    return render(request, "practice/clients.html", {
        "rows": rows,
        "alerts": [(row, alert) for row in rows for alert in row.alerts],
        "open_invites": Invite.open_for(therapist).count(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invites(request: HttpRequest) -> HttpResponse:
    therapist = therapist_of(request)
    if request.method == "POST":
        invite = Invite.make(therapist)
        return redirect("practice:invite", code=invite.pretty)
    return render(request, "practice/invites.html",
                  {"invites": list(Invite.open_for(therapist))})


def _own_invite(request: HttpRequest, code: str) -> Invite:
    therapist = therapist_of(request)
    return get_object_or_404(Invite.open_for(therapist), code=normalise_code(code))


def _invite_url(request: HttpRequest, invite: Invite) -> str:
    return request.build_absolute_uri(reverse("practice:join_code", args=[invite.pretty]))


@login_required
@read_only
def invite(request: HttpRequest, code: str) -> HttpResponse:
    found = _own_invite(request, code)
    return render(request, "practice/invite.html",
                  {"invite": found, "url": _invite_url(request, found)})


@login_required
@read_only
def invite_qr(request: HttpRequest, code: str) -> HttpResponse:
    found = _own_invite(request, code)
    svg = qr.svg(_invite_url(request, found), f"Invite code {found.pretty}")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@read_only
def client(request: HttpRequest, link_id: int) -> HttpResponse:
    therapist = therapist_of(request)
    try:
        link = link_of(therapist, link_id)
        summary = service.client_summary(
            therapist, link, Channel.PAGE, "client page", scopes=service.ALL_SCOPES
        )
    except Refused as exc:
        return _refused_page(request, exc)
    return render(request, "practice/client.html", {
        "s": summary, "link": link, "notes": summary.data.notes,
        "sessions": (summary.data.sessions or [])[:30],
        "not_shared": [Scope.short(s) for s in Scope.values if s not in link.scopes],
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme(request: HttpRequest, link_id: int) -> HttpResponse:
    therapist = therapist_of(request)
    try:
        link = link_of(therapist, link_id)
    except Refused as exc:
        return _refused_page(request, exc)
    if not link.is_active():
        return _refused_page(request, Refused(403, "This client no longer shares with you."))
    current = Programme.current_for(link)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        initial={"note": current.note if current else ""},
        initial_items=current.planned() if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            Programme.set_for(link, form.cleaned_data["items"], form.cleaned_data["note"])
        except LinkError as exc:
            return _refused_page(request, Refused(403, str(exc)))
        messages.success(request, f"Saved. {link.client} sees the new plan now.")
        return redirect("practice:client", link_id=link.pk)
    return render(request, "practice/programme.html", {
        "link": link, "form": form, "current": current,
        "lines": [plan.describe(i) for i in current.planned()] if current else [],
    }, status=400 if request.method == "POST" else 200)

