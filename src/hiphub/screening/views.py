"""Screening pages: the safety check, the questionnaires, their results and a member's history.

Members' results are stored (SafetyCheck, QuestionnaireResult). Visitors' results live only in
their browser session: the form posts, the answers go into the session, and the result page
reads them back (post/redirect/get for both), so nothing about a visitor reaches the database.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from hiphub.accounts.models import User
from hiphub.core.decorators import read_only
from hiphub.screening import questionnaires as q
from hiphub.screening.gate import latest_check, record_visitor_check, self_care_gate
from hiphub.screening.interpret import describe_change, interpret
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from hiphub.screening.redflags import load
from hiphub.screening.safety import assess, question_groups

RESULT_SESSION_PREFIX = "screening.result."
YES_NO = ("yes", "no")


def _member(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _is_member(request: HttpRequest) -> bool:
    return _member(request) is not None


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
            member = _member(request)
            if member is not None:
                SafetyCheck.record(member, yes)
            else:
                record_visitor_check(request, assess(yes).level, yes)
            result_url = reverse("screening:safety_result")
            back = _local_path(request, request.POST.get("next"))
            return redirect(f"{result_url}?{urlencode({'next': back})}" if back else result_url)
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


def _local_path(request: HttpRequest, target: str | None) -> str | None:
    """A page on this site to go back to after the check (never another site)."""
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@read_only
def safety_result(request: HttpRequest) -> HttpResponse:
    known = load().flags
    latest = latest_check(request)
    if latest is None:
        return redirect("screening:safety")
    flags, checked_at = [f for f in latest.flags if f in known], latest.at
    result = assess(flags)
    return render(
        request,
        "screening/safety_result.html",
        {
            "result": result,
            "checked_at": checked_at,
            "gate": self_care_gate(request),
            "selfcare_url": _local_path(request, request.GET.get("next"))
            or _url_or_none("selfcare:index"),
            "stored": latest.stored,
        },
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
