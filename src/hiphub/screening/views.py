"""Screening pages: the safety check, the short pre-session check, a clinician's clearance,
the questionnaires, their results and a member's history.

Members' results are stored (SafetyCheck, PreSessionCheck, ClinicianClearance,
QuestionnaireResult). Visitors' results live only in their server-side session, which is
deleted when it goes stale: the form posts, the answers go into the session, and the result
page reads them back (post/redirect/get).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts.guards import member_of
from hiphub.accounts.models import User
from hiphub.core.decorators import read_only
from hiphub.screening import gatekeeper
from hiphub.screening import questionnaires as q
from hiphub.screening.gate import CLEARANCE_VALID, Needs
from hiphub.screening.gatekeeper import self_care_gate
from hiphub.screening.interpret import describe_change, interpret
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from hiphub.screening.redflags import load
from hiphub.screening.safety import assess, pre_session_questions, question_groups

RESULT_SESSION_PREFIX = "screening.result."
YES_NO = ("yes", "no")


def _member(request: HttpRequest) -> User | None:
    return member_of(request) if request.user.is_authenticated else None


def _is_member(request: HttpRequest) -> bool:
    return request.user.is_authenticated


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _instrument_or_404(instrument_id: str) -> q.Instrument:
    try:
        return q.instrument(instrument_id)
    except q.AnswerError:
        raise Http404(f"There is no questionnaire called {instrument_id!r}.") from None


# --- Index ----------------------------------------------------------------------------------


@read_only
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "screening/index.html",
        {"instruments": list(q.instruments().values()), "gate": self_care_gate(request)},
    )


# --- Safety check ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def safety(request: HttpRequest) -> HttpResponse:
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        for flag_id in load().flags:
            value = request.POST.get(flag_id, "")
            if value in YES_NO:
                answers[flag_id] = value
            else:
                errors[flag_id] = "Please answer yes or no."
        yes = [f for f, v in answers.items() if v == "yes"]
        # A "yes" to a sign that needs a doctor today or an emergency is acted on at once: the
        # questions still unanswered cannot make the advice any milder.
        if not errors or (yes and assess(yes).level.blocks_self_care):
            gatekeeper.record_full_check(request, yes)
            back = _local_path(request, request.POST.get("next"))
            return redirect(_with_next(reverse("screening:safety_result"), back))
    groups = [
        (
            group,
            [
                {"flag": flag, "answer": answers.get(flag.id, ""), "error": errors.get(flag.id)}
                for flag in group.flags
            ],
        )
        for group in question_groups()
    ]
    return render(
        request,
        "screening/safety.html",
        {
            "groups": groups,
            "error_count": len(errors),
            "next": _local_path(request, request.POST.get("next") or request.GET.get("next")),
        },
    )


def _with_next(url: str, back: str | None) -> str:
    return f"{url}?{urlencode({'next': back})}" if back else url


def _local_path(request: HttpRequest, target: str | None) -> str | None:
    """A page on this site to go back to after the check (never another site)."""
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _result_context(request: HttpRequest) -> dict[str, Any] | None:
    latest = gatekeeper.latest_full_check(request)
    if latest is None:
        return None
    check, stored = latest
    gate = self_care_gate(request)
    known = load().flags
    result = assess([f for f in check.flags if f in known], cleared=gate.cleared)
    return {
        "result": result,
        "checked_at": check.at,
        "gate": gate,
        "needs_pre_session": gate.needs == Needs.PRE_SESSION_CHECK,
        "selfcare_url": _local_path(request, request.GET.get("next"))
        or _url_or_none("selfcare:index"),
        "stored": stored,
        "clearance_months": CLEARANCE_VALID.days // 30,
        "today": timezone.localdate(),
    }


@read_only
def safety_result(request: HttpRequest) -> HttpResponse:
    context = _result_context(request)
    if context is None:
        return redirect("screening:safety")
    return render(request, "screening/safety_result.html", context)


@require_POST
def clearance(request: HttpRequest) -> HttpResponse:
    """Record that a clinician has assessed the latest check's signs and said self-care is fine."""
    context = _result_context(request)
    if context is None:
        return redirect("screening:safety")
    result = context["result"]
    flags = [f.id for f in result.clearable]
    errors: dict[str, str] = {}
    if not flags:
        errors["confirm"] = "The signs in your latest check cannot be set aside this way."
    elif request.POST.get("confirm") != "yes":
        errors["confirm"] = "Tick the box only if a doctor or physiotherapist has said so."
    assessed_on = _assessed_on(request.POST.get("assessed_on", ""), errors)
    if errors or assessed_on is None:
        context.update(clearance_errors=errors, assessed_on=request.POST.get("assessed_on", ""))
        return render(request, "screening/safety_result.html", context, status=400)
    gatekeeper.record_clearance(request, flags, assessed_on)
    messages.success(
        request,
        "Thank you. Self-care is open again; the check still lists these signs, and if "
        "anything changes, please take it again.",
    )
    back = _local_path(request, request.POST.get("next"))
    return redirect(_with_next(reverse("screening:safety_result"), back))


def _assessed_on(raw: str, errors: dict[str, str]) -> date | None:
    """The date of the clinician's assessment: a real date, not in the future, not so long
    ago that the clearance would already have lapsed."""
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        errors["assessed_on"] = "Give the date of the assessment, for example 2026-11-20."
        return None
    today = timezone.localdate()
    if value > today:
        errors["assessed_on"] = "The assessment date cannot be in the future."
    elif today - value > CLEARANCE_VALID:
        errors["assessed_on"] = (
            "An assessment more than six months ago no longer counts. Please see a doctor or "
            "physiotherapist again, or follow the advice above."
        )
    return None if "assessed_on" in errors else value


@require_http_methods(["GET", "HEAD", "POST"])
def pre_session(request: HttpRequest) -> HttpResponse:
    """The short "anything new?" check before a session, while a full check is still valid."""
    back = _local_path(request, request.POST.get("next") or request.GET.get("next"))
    gate = self_care_gate(request)
    if gate.needs != Needs.PRE_SESSION_CHECK and request.method != "POST":
        if gate.open:
            return redirect(back or reverse("selfcare:index"))
        if gate.blocked:
            return redirect(_with_next(reverse("screening:safety_result"), back))
        return redirect(_with_next(reverse("screening:safety"), back))
    questions = pre_session_questions()
    answers = {qn.id: request.POST.get(qn.id, "") for qn in questions}
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = {k: "Please answer yes or no." for k, v in answers.items() if v not in YES_NO}
        yes = [k for k, v in answers.items() if v == "yes"]
        if yes or not errors:
            gatekeeper.record_pre_session(request, yes)
            if yes:
                messages.info(
                    request,
                    "You told us something is new. Please answer the full safety check, so "
                    "the advice fits how things are now.",
                )
                return redirect(_with_next(reverse("screening:safety"), back))
            return redirect(back or reverse("selfcare:index"))
    return render(
        request,
        "screening/pre_session.html",
        {
            "rows": [
                {"question": qn, "answer": answers[qn.id], "error": errors.get(qn.id)}
                for qn in questions
            ],
            "error_count": len(errors),
            "next": back,
            "gate": gate,
        },
        status=400 if errors else 200,
    )


# --- Questionnaires -------------------------------------------------------------------------


def _read_answers(
    inst: q.Instrument, data: Any
) -> tuple[dict[str, int | None], dict[str, str], dict[str, str]]:
    """The answers from a form post, the raw values (to redisplay) and per-item errors."""
    answers: dict[str, int | None] = {}
    raw_values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in inst.items:
        raw = str(data.get(item.id, "")).strip()
        if inst.checklist and raw == "":
            raw = "0"  # an unticked statement on a checklist is a "no"
        raw_values[item.id] = raw
        if raw == "skip" and item.optional:
            answers[item.id] = None  # left out on purpose ("it does not apply to me")
            continue
        if raw in ("", "skip"):
            errors[item.id] = (
                "Please choose an answer, or leave this one out if it does not apply to you."
                if item.optional
                else "Please choose an answer."
            )
            continue
        try:
            value = int(raw)
        except ValueError:
            errors[item.id] = "Please choose one of the answers shown."
            continue
        if item.option(value) is None:
            errors[item.id] = "Please choose one of the answers shown."
            continue
        answers[item.id] = value
    return answers, raw_values, errors


@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request: HttpRequest, instrument: str) -> HttpResponse:
    inst = _instrument_or_404(instrument)
    raw_values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_error = None
    if request.method == "POST":
        answers, raw_values, errors = _read_answers(inst, request.POST)
        if not errors:
            try:
                q.score(inst.id, answers)
            except q.AnswerError as exc:
                if inst.item(exc.field):
                    errors[exc.field] = exc.message
                else:
                    form_error = exc.message
        if not errors and form_error is None:
            member = _member(request)
            if member is not None:
                QuestionnaireResult.record(member, inst.id, answers)
            else:
                request.session[RESULT_SESSION_PREFIX + inst.id] = {
                    "answers": answers,
                    "at": timezone.now().isoformat(),
                }
            return redirect("screening:questionnaire_result", instrument=inst.id)
    rows = [
        {
            "item": item,
            "options": [(opt, raw_values.get(item.id) == str(opt.value)) for opt in item.options],
            "skipped": raw_values.get(item.id) == "skip",
            "ticked": raw_values.get(item.id) == "1",
            "error": errors.get(item.id),
        }
        for item in inst.items
    ]
    return render(
        request,
        "screening/questionnaire.html",
        {
            "instrument": inst,
            "rows": rows,
            "error_count": len(errors) + (form_error is not None),
            "form_error": form_error,
        },
    )


@read_only
def questionnaire_result(request: HttpRequest, instrument: str) -> HttpResponse:
    inst = _instrument_or_404(instrument)
    change = None
    member = _member(request)
    if member is not None:
        latest = QuestionnaireResult.latest_for(member, inst.id)
        if latest is None:
            return redirect("screening:questionnaire", instrument=inst.id)
        s = latest.score()
        first = (
            QuestionnaireResult.objects.filter(user=member, instrument=inst.id)
            .order_by("created_at", "pk")
            .first()
        )
        if first is not None and first.pk != latest.pk and inst.id in q.MIC_POINTS:
            change = q.change(inst.id, first.score(), s)
    else:
        stored = request.session.get(RESULT_SESSION_PREFIX + inst.id)
        try:
            s = q.score(inst.id, stored["answers"])  # type: ignore[index]
        except (KeyError, TypeError, q.AnswerError):
            return redirect("screening:questionnaire", instrument=inst.id)
    return render(
        request,
        "screening/questionnaire_result.html",
        {
            "instrument": inst,
            "score": s,
            "reading": interpret(s),
            "change": change,
            "change_text": describe_change(change) if change else None,
            "stored": _is_member(request),
        },
    )


# --- History --------------------------------------------------------------------------------


@login_required
@read_only
def history(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    if member is None:  # login_required has already sent visitors to sign in
        raise Http404("Sign in to see your history.")
    sections = []
    for inst in q.instruments().values():
        results = list(
            QuestionnaireResult.objects.filter(user=member, instrument=inst.id).order_by(
                "created_at", "pk"
            )
        )
        if not results:
            continue
        first_score = results[0].score()
        rows = []
        for n, result in enumerate(results):
            s = result.score()
            moved = None
            if n > 0 and inst.id in q.MIC_POINTS:
                moved = q.change(inst.id, first_score, s)
            rows.append(
                {
                    "result": result,
                    "score": s,
                    "change": moved,
                    "change_text": describe_change(moved) if moved else None,
                }
            )
        sections.append(
            {
                "instrument": inst,
                "rows": rows,
                "rule": q.mic_rule(inst.id) if inst.id in q.MIC_POINTS else None,
            }
        )
    checks = list(SafetyCheck.objects.filter(user=member).order_by("-created_at")[:20])
    levels = load().levels
    return render(
        request,
        "screening/history.html",
        {
            "sections": sections,
            "checks": [(c, levels[c.level_enum]) for c in checks],
            "gate": self_care_gate(request),
        },
    )
