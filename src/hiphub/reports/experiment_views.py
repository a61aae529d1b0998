"""The fair test's pages: what it is and a form to start one, a page per test with today's
slot, the rating forms, progress and the result. Everything works without JavaScript."""

import math
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts.guards import member_of
from hiphub.core.decorators import read_only
from hiphub.reports import experiment as design
from hiphub.reports import experiments
from hiphub.reports.experiment import FairTestResult
from hiphub.reports.models import Experiment, ExperimentSlot, Status
from hiphub.selfcare.forms import rating
from hiphub.selfcare.protocol import protocols

RATING_LABELS = {
    "pain_before": "Pain now, before the session (0 = none, 10 = worst imaginable)",
    "pain_after": "Pain now, after the session",
    "pain_morning": "Pain this morning, the day after the session",
}


def _routine_choices(with_rest: bool) -> list[tuple[str, str]]:
    found = [(p.id, p.title) for p in sorted(protocols().values(), key=lambda p: p.title)]
    if with_rest:
        return [(design.REST, "A plain rest of the same length (the usual choice)"), *found]
    return found


class StartForm(forms.Form):
    routine_a = forms.ChoiceField(label="The routine to test", widget=forms.RadioSelect)
    routine_b = forms.ChoiceField(label="Compare it with", widget=forms.RadioSelect)
    weeks = forms.TypedChoiceField(
        label="How long",
        choices=[(4, "4 weeks"), (6, "6 weeks (a fairer answer)")],
        coerce=int,
        widget=forms.RadioSelect,
        initial=6,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=f"Session days ({design.MIN_PER_WEEK} to {design.MAX_PER_WEEK} a week)",
        choices=list(enumerate(design.WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["routine_a"].choices = _routine_choices(with_rest=False)  # type: ignore[attr-defined]
        self.fields["routine_b"].choices = _routine_choices(with_rest=True)  # type: ignore[attr-defined]
        self.fields["routine_a"].initial = "positional_release"
        self.fields["routine_b"].initial = design.REST


class RatingForm(forms.Form):
    """Only the ratings that may be given today are fields; each may be left out."""

    def __init__(self, names: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in names:
            self.fields[name] = rating(RATING_LABELS[name], required=False)


def _test_for(request: HttpRequest, experiment_id: int) -> Experiment:
    found = experiments.get_for(member_of(request), experiment_id)
    if found is None:
        raise Http404("No such fair test.")
    return found


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """What the fair test is, the start form, and the member's tests."""
    user = member_of(request)
    today = timezone.localdate()
    tests = list(Experiment.objects.filter(user=user))
    running = next((t for t in tests if t.state(today) == Status.RUNNING), None)
    form = StartForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and running is None and form.is_valid():
        try:
            test = experiments.start(user, **form.cleaned_data)
        except experiments.DesignError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except experiments.AlreadyRunning:
            messages.error(request, "You already have a fair test running.")
            return redirect("reports:experiments")
        else:
            messages.success(request, "Your fair test has started. Each session's condition "
                             "is drawn and stored; you will see it on the day.")
            return redirect("reports:experiment", experiment_id=test.pk)
    if request.method == "POST":
        status = 409 if running is not None else 400
    return render(
        request,
        "reports/experiments.html",
        {"form": form, "tests": tests, "running": running, "today": today,
         "min_rated": design.MIN_RATED},
        status=status,
    )


def _slot_rows(test: Experiment, slots: list[ExperimentSlot], today: date) -> list[dict[str, Any]]:
    """The slots whose day has come; later ones never reach the template."""
    return [
        {
            "slot": s,
            "shown": design.revealed(s.day, today),
            "does": experiments.condition_name(experiments.routine_of(test, s)),
            "letter": s.condition.upper(),
            "is_today": s.day == today,
        }
        for s in slots
        if design.revealed(s.day, today)
    ]


def _rest_context(test: Experiment, slot: ExperimentSlot) -> dict[str, Any]:
    started: datetime | None = slot.rest_started_at
    if started is None:
        return {"rest_started": None}
    ends = started + timedelta(minutes=test.minutes)
    left = (ends - timezone.now()).total_seconds()
    return {
        "rest_started": timezone.localtime(started),
        "rest_ends": timezone.localtime(ends),
        "rest_over": left <= 0,
        "refresh_after": max(1, int(left) + 1),
    }


def _today_context(test: Experiment, slot: ExperimentSlot | None, user: Any) -> dict[str, Any]:
    if slot is None:
        return {}
    routine = experiments.routine_of(test, slot)
    context: dict[str, Any] = {
        "today_slot": slot,
        "today_routine": routine,
        "today_name": experiments.condition_name(routine),
        "today_is_rest": routine == design.REST,
    }
    if routine == design.REST:
        context.update(_rest_context(test, slot))
        return context
    # The session's summary links back here (fair_test), where its ratings are offered.
    link = reverse("selfcare:player", args=[routine]) + f"?fair_test={test.pk}"
    if test.compares_with_rest and not protocols()[routine].is_exercise:
        link += f"&minutes={test.minutes}"  # the rest's length is the routine's
    context["player_url"] = link
    context["guided"] = experiments.todays_session(test, slot, user)
    return context


def _rating_form(slot: ExperimentSlot | None, names: list[str], guided: Any = None,
                 data: Any = None) -> RatingForm | None:
    if slot is None:
        return None
    initial = {n: getattr(slot, n) for n in names if getattr(slot, n) is not None}
    if guided is not None:  # offer the guided session's ratings; the person confirms them
        for name, value in (("pain_before", guided.pain_before), ("pain_after", guided.pain_after)):
            if name in names and name not in initial and value is not None:
                initial[name] = value
    return RatingForm(names, data, initial=initial, prefix=slot.day.isoformat())


CHART_LEFT, CHART_WIDTH = 16, 288  # the plot area inside a 320-unit-wide drawing
OUTCOME_LABELS = {
    "change": "Fall in pain during the session",
    "morning": "Pain the next morning",
}


def _chart(found: FairTestResult | None) -> dict[str, Any] | None:
    """Each difference as a dot with its 95 % interval as a line, on one scale of points
    around 0 ("no difference"): drawn as inline SVG from these numbers, no script."""
    if found is None:
        return None
    shown: list[tuple[str, float, tuple[float, float]]] = []
    for c in found.comparisons:
        if c.difference is not None and c.interval is not None:
            shown.append((c.outcome, c.difference, c.interval))
    if not shown:
        return None
    reach = max(3, math.ceil(max(max(abs(low), abs(high)) for _, _, (low, high) in shown)))

    def x(value: float) -> float:
        return round(CHART_LEFT + (value + reach) / (2 * reach) * CHART_WIDTH, 1)

    rows = [
        {"label": OUTCOME_LABELS[outcome], "y": 34 + 52 * i, "cx": x(difference),
         "x1": x(low), "x2": x(high)}
        for i, (outcome, difference, (low, high)) in enumerate(shown)
    ]
    return {
        "rows": rows,
        "height": 34 + 52 * len(rows) + 10,
        "zero": x(0),
        "ticks": [{"x": x(v), "label": f"{v:+d}" if v else "0"} for v in (-reach, reach)],
        "axis_y": 34 + 52 * len(rows) - 14,
        "reach": reach,
    }


@login_required
@read_only
def detail(request: HttpRequest, experiment_id: int) -> HttpResponse:
    return _detail(request, _test_for(request, experiment_id))


def _detail(request: HttpRequest, test: Experiment, status: int = 200,
            bound: dict[str, RatingForm] | None = None) -> HttpResponse:
    user = member_of(request)
    today = timezone.localdate()
    slots = list(test.slots.order_by("position"))
    by_day = {s.day: s for s in slots}
    state = test.state(today)
    running = state == Status.RUNNING
    today_slot = by_day.get(today) if running else None
    yesterday = by_day.get(today - timedelta(days=1)) if test.status == Status.RUNNING else None
    context = _today_context(test, today_slot, user)
    bound = bound or {}
    today_form = bound.get("today") or _rating_form(
        today_slot, ["pain_before", "pain_after"], context.get("guided")
    )
    morning_form = bound.get("morning") or _rating_form(yesterday, ["pain_morning"])
    outcome = experiments.result(test) if not running else None
    upcoming = next((s for s in slots if s.day > today), None)
    context.update({
        "test": test,
        "state": state,
        "running": running,
        "rows": _slot_rows(test, slots, today),
        "progress": experiments.progress(test, today),
        "to_come": sum(s.day > today for s in slots),
        "today": today,
        "today_form": today_form,
        "yesterday": yesterday,
        "morning_form": morning_form,
        "name_a": experiments.condition_name(test.routine_a),
        "name_b": experiments.condition_name(test.routine_b),
        "result": outcome,
        "chart": _chart(outcome),
        "next_slot": upcoming,
        "min_rated": design.MIN_RATED,
    })
    return render(request, "reports/experiment.html", context, status=status)


@login_required
@require_POST
def rate(request: HttpRequest, experiment_id: int, day: str) -> HttpResponse:
    test = _test_for(request, experiment_id)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day.") from None
    today = timezone.localdate()
    names = ["pain_morning"] if when == today - timedelta(days=1) else ["pain_before", "pain_after"]
    slot = experiments.slot_on(test, when)
    form = _rating_form(slot, names, data=request.POST)
    if form is None:
        raise Http404("No session is planned that day.")
    if not form.is_valid():
        key = "morning" if names == ["pain_morning"] else "today"
        return _detail(request, test, status=400, bound={key: form})
    ratings = {k: v for k, v in form.cleaned_data.items() if v is not None}
    try:
        experiments.log_ratings(test, when, ratings)
    except experiments.RatingRefused as exc:
        messages.error(request, f"Nothing was saved: {exc.message}.")
    except experiments.NotRunning:
        messages.error(request, "Nothing was saved: this fair test has ended.")
    else:
        messages.success(request, "Saved." if ratings else "Nothing to save: no rating was chosen.")
    return redirect("reports:experiment", experiment_id=test.pk)


@login_required
@require_POST
def rest(request: HttpRequest, experiment_id: int) -> HttpResponse:
    test = _test_for(request, experiment_id)
    try:
        experiments.start_rest(test, timezone.localdate())
    except (experiments.RatingRefused, experiments.NotRunning):
        messages.error(request, "Only today's rest session can be started.")
    return redirect(reverse("reports:experiment", args=[test.pk]) + "#today")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """GET asks "stop the test?"; the POST stops it. The record is never deleted."""
    test = _test_for(request, experiment_id)
    if request.method == "POST":
        try:
            experiments.stop(test)
        except experiments.NotRunning:
            messages.error(request, "This fair test has already ended.")
        else:
            messages.success(request, "The fair test was stopped. What it found so far is below.")
        return redirect("reports:experiment", experiment_id=test.pk)
    return render(request, "reports/experiment_stop.html", {
        "test": test, "progress": experiments.progress(test, timezone.localdate()),
    })


