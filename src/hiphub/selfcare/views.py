"""The self-care pages: the protocol list, the guided player, its audio and the summary."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from hiphub.accounts.models import User
from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.core import figure
from hiphub.core.decorators import read_only
from hiphub.core.parsing import object_id
from hiphub.core.pose import Pose
from hiphub.core.wording import change_phrase, change_words
from hiphub.journal import service
from hiphub.journal.models import JournalSession
from hiphub.journal.schemas import SessionIn, SessionRecord
from hiphub.screening import gatekeeper
from hiphub.screening.gate import REASON_SOMETHING_NEW, Gate, Needs, refusal
from hiphub.screening.redflags import load as load_red_flags
from hiphub.screening.safety import pre_session_questions
from hiphub.selfcare import audio, clock
from hiphub.selfcare.forms import SessionForm
from hiphub.selfcare.protocol import (
    RELAX_STEP,
    Protocol,
    Step,
    UnknownProtocolError,
    get,
    protocols,
)


def _protocol(protocol_id: str) -> Protocol:
    try:
        return get(protocol_id)
    except UnknownProtocolError as exc:
        raise Http404(str(exc)) from None


@read_only
def index(request: HttpRequest) -> HttpResponse:
    from hiphub.practice.service import plans_for_member

    # Exercise first: it is the first-line treatment (NICE NG59); the rest goes alongside it.
    ordered = sorted(protocols().values(), key=lambda p: (not p.is_exercise, p.title))
    plans = plans_for_member(request.user) if isinstance(request.user, User) else []
    return render(request, "selfcare/index.html", {"protocols": ordered, "plans": plans})


def _blocked_context(request: HttpRequest, protocol: Protocol, gate: Gate) -> dict[str, Any]:
    """What the page shown instead of the player needs: why it is closed and what to do."""
    return {
        "protocol": protocol,
        "gate": gate,
        "question_count": len(load_red_flags().flags),
        "needs_pre_session": gate.needs == Needs.PRE_SESSION_CHECK,
        "something_new": gate.reason == REASON_SOMETHING_NEW,
        # The short check is asked right here, posting to the screening page, then back.
        "rows": [{"question": q, "answer": "", "error": None} for q in pre_session_questions()],
        # Back to the player as it was asked for: a plan's length or a fair test's id included.
        "next": request.get_full_path()
        if request.method == "GET"
        else reverse("selfcare:player", args=[protocol.id]),
    }


def _drawing(pose: Pose | None) -> SafeString:
    """A pose as inline SVG: our own markup, built from reviewed data only."""
    return mark_safe(figure.svg(pose)) if pose is not None else SafeString("")  # noqa: S308


def _figures(protocol: Protocol, step: Step) -> list[dict[str, Any]]:
    """The drawings of one step: one, or one per set-up when the step shows the chosen one."""
    if step.pose is not None:
        return [{"variants": "", "svg": _drawing(step.pose), "caption": ""}]
    return [
        {"variants": v.id, "svg": _drawing(v.pose), "caption": v.name}
        for v in protocol.variants
        if step.belongs_to(v.id)
    ]


def _player_context(protocol: Protocol, form: SessionForm) -> dict[str, Any]:
    steps = [
        {"step": s, "figures": _figures(protocol, s)}
        for s in protocol.steps
        if s.id != RELAX_STEP
    ]
    context: dict[str, Any] = {
        "protocol": protocol,
        "form": form,
        "steps": steps,
        "variant_choices": [{"variant": v, "svg": _drawing(v.pose)} for v in protocol.variants],
        "clock_url": reverse("selfcare:clock", args=[protocol.id]),
    }
    if protocol.is_exercise:
        return context
    default = protocol.minutes.default
    script = audio.relaxation_script(protocol, default)
    audio_url = reverse("selfcare:audio", args=[protocol.id, default])
    relax = protocol.step(RELAX_STEP)
    return {
        **context,
        "audio_url": audio_url,
        "audio_base": audio_url.removesuffix(f"{default}.ogg"),  # player.js adds "<minutes>.ogg"
        "audio_mp3_url": (
            reverse("selfcare:audio_mp3", args=[protocol.id, default])
            if audio.mp3_available()
            else ""
        ),
        "relax": relax,
        "relax_figures": _figures(protocol, relax),
        "cues": script.cues,
        "audio_available": audio.tools_available(),
        "audio_voice": audio.choose_voice().label if audio.tools_available() else "",
    }


def _with_fair_test(context: dict[str, Any], fair_test: int | None) -> dict[str, Any]:
    """The fair test a session was started from (?fair_test=ID, read with object_id, so
    anything but a plain id is ignored), carried through the player to the summary so the
    person can go back and save the day's ratings there. The fair test's own page decides
    whose test it is."""
    if fair_test is not None:
        context["fair_test"] = fair_test
        context["fair_test_url"] = reverse("reports:experiment", args=[fair_test])
    return context


@read_only
def player(request: HttpRequest, protocol_id: str) -> HttpResponse:
    protocol = _protocol(protocol_id)
    gate = gatekeeper.self_care_gate(request)
    if not gate.open:
        return render(request, "selfcare/blocked.html", _blocked_context(request, protocol, gate))
    form = SessionForm(protocol)
    # A home plan links here with its set-up and length chosen (?variant=knees_up&minutes=20).
    if request.GET.get("variant") in {v.id for v in protocol.variants}:
        form.initial["variant"] = request.GET["variant"]
    asked = object_id(request.GET.get("minutes"))  # plain digits only ("²" is a digit too)
    if asked is not None:
        low = protocol.minutes.min  # the player offers low, low + 5, ...
        wanted = protocol.clamp_minutes(asked)
        form.initial["minutes"] = min(low + round((wanted - low) / 5) * 5, protocol.minutes.max)
    fair_test = object_id(request.GET.get("fair_test"))
    context = _with_fair_test(_player_context(protocol, form), fair_test)
    return render(request, "selfcare/player.html", context)


@require_POST
def finish(request: HttpRequest, protocol_id: str) -> HttpResponse:
    """Save a member's session to their journal, or show a visitor their summary unsaved."""
    protocol = _protocol(protocol_id)
    gate = gatekeeper.self_care_gate(request)
    if gate.blocked:
        return _refused(request, protocol, gate)
    form = SessionForm(protocol, request.POST)
    fair_test = object_id(request.POST.get("fair_test"))
    if not form.is_valid():
        context = _with_fair_test(_player_context(protocol, form), fair_test)
        return render(request, "selfcare/player.html", context, status=400)
    # The session started when the server served the player (its signed stamp, not a time the
    # page could change). The gate must have been open then, and nothing found since may close
    # it; a check that merely grew old during a long session does not lose the ratings.
    started_at = form.cleaned_data["opened"]
    gate = gatekeeper.may_save(request, started_at)
    if not gate.open:
        return _refused(request, protocol, gate)
    data = SessionIn(
        protocol=protocol.id, ended_at=max(timezone.now(), started_at), **form.session_fields()
    )
    if request.user.is_authenticated:
        user: User = request.user
        saved = service.create_session(user, data)
        summary_url = reverse("selfcare:summary", args=[saved.pk])
        if fair_test is not None:
            summary_url += f"?fair_test={fair_test}"
        return redirect(summary_url)
    gatekeeper.note_visitor_session(request, started_at)
    context = _with_fair_test(_summary_context(protocol, data, None), fair_test)
    return render(request, "selfcare/summary.html", context)


@read_only
def clock_stamp(request: HttpRequest, protocol_id: str) -> JsonResponse:
    """A signed note of this moment, which the player asks for when the relaxation or the
    exercises begin, and sends back with the form (see clock.py)."""
    protocol = _protocol(protocol_id)
    response = JsonResponse({"stamp": clock.stamp(protocol.id)})
    response["Cache-Control"] = "no-store"
    return response


def _refused(request: HttpRequest, protocol: Protocol, gate: Gate) -> HttpResponse:
    """Nothing is saved; the page says why and what to do (403)."""
    context = _blocked_context(request, protocol, gate)
    context["refusal"] = refusal(gate)
    return render(request, "selfcare/blocked.html", context, status=403)


@login_required
@read_only
def summary(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(JournalSession, pk=session_id, user=request.user)
    protocol = _protocol(session.protocol)
    data = SessionRecord.model_validate(session.as_record())
    context = _with_fair_test(
        _summary_context(protocol, data, session), object_id(request.GET.get("fair_test"))
    )
    return render(request, "selfcare/summary.html", context)


def _summary_context(
    protocol: Protocol, data: SessionRecord, session: JournalSession | None
) -> dict[str, Any]:
    regions = load_anatomy().body_regions
    variant = next((v for v in protocol.variants if v.id == data.variant), None)
    return {
        "protocol": protocol,
        "data": data,
        "session": session,
        "pain_change": _change(data.pain_before, data.pain_after),
        "tension_change": _change(data.tension_before, data.tension_after),
        "pain_rose": _rose(data.pain_before, data.pain_after),
        "region_names": [regions[r].name for r in data.regions if r in regions],
        "variant": variant,
        "done_sentence": _done_sentence(protocol, data, variant),
        "change_sentence": _change_sentence(data),
    }


def _done_sentence(protocol: Protocol, data: SessionRecord, variant: Any) -> str:
    """What was done and for how long, in one sentence, e.g. 'You relaxed for 0 of the 20
    minutes you chose (stopped early).'"""
    if protocol.is_exercise:
        done = [s.title.lower() for s in protocol.exercises if s.id in data.done_steps]
        total = len(protocol.exercises)
        what = f"You did {len(done)} of the {total} exercises"
        if done:
            what += " (" + ", ".join(done) + ")"
        if data.minutes is not None:
            what += f" in {_minutes(data.minutes)}"
        return what + (", and stopped before the end." if data.cut_short else ".")
    how = f", {variant.name.lower()}" if variant else ""
    if data.minutes is None:
        return f"You did the {protocol.title.lower()}{how}."
    if data.cut_short and data.planned_minutes:
        return (
            f"You relaxed for {data.minutes} of the {data.planned_minutes} minutes you chose"
            f"{how}, and stopped early."
        )
    return f"You relaxed for {_minutes(data.minutes)}{how}."


def _minutes(count: int) -> str:
    return "1 minute" if count == 1 else f"{count} minutes"


def _change_sentence(data: SessionRecord) -> str:
    """'Pain went down by 3 (7 → 4); hip tension stayed the same (5 → 5).'"""
    parts = []
    for subject, before, after in (
        ("pain", data.pain_before, data.pain_after),
        ("hip tension", data.tension_before, data.tension_after),
    ):
        if before is not None and after is not None:
            parts.append(change_phrase(subject, before, after))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def _change(before: int | None, after: int | None) -> str | None:
    """'went down by 3': the one way hiphub says a change (hiphub.core.wording)."""
    return None if before is None or after is None else change_words(before, after)


def _rose(before: int | None, after: int | None) -> bool:
    return before is not None and after is not None and after > before
