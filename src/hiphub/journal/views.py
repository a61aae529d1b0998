"""The member's journal: the honest summary, the chart, the sessions, CSV in and out."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts.guards import member_of
from hiphub.core import rendercache
from hiphub.core.decorators import read_only
from hiphub.journal import charts, csvio, service
from hiphub.journal.headline import headline
from hiphub.journal.models import JournalSession


@login_required
@read_only
def index(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    sessions = JournalSession.objects.filter(user=user).order_by("-started_at")
    page = Paginator(sessions, 30).get_page(request.GET.get("page"))
    summary = service.summary_for(user)
    measures = [
        {"title": "Pain", "data": summary["pain"]},
        {"title": "Hip tension", "data": summary["tension"]},
    ]
    pairs = sessions.exclude(pain_before=None).exclude(pain_after=None).order_by("started_at")
    first_line = headline(
        [
            (float(b), float(a))
            for b, a in pairs.values_list("pain_before", "pain_after")
            if b is not None and a is not None  # (the query already left those out)
        ]
    )
    return render(
        request,
        "journal/index.html",
        {
            "summary": summary,
            "measures": measures,
            "page": page,
            "count": page.paginator.count,
            "headline": first_line,
        },
    )


@login_required
@read_only
def chart(request: HttpRequest, measure: str) -> HttpResponse:
    if measure not in ("pain", "tension", "pain-trend"):
        return HttpResponse(status=404)
    rows = JournalSession.objects.filter(user=member_of(request)).order_by("started_at")
    if measure == "pain-trend":
        rated = rows.exclude(pain_before=None).values_list("started_at", "pain_before")
        before = [(when, pain) for when, pain in rated if pain is not None]
        key = rendercache.key_for("journal-chart", 2, measure, before)
        svg = rendercache.cached_bytes(
            "charts", key, ".svg", lambda: charts.pain_trend_svg(before)
        )
    else:
        points = list(rows.values_list("started_at", f"{measure}_before", f"{measure}_after"))
        key = rendercache.key_for("journal-chart", 2, measure, points)
        title = "Pain" if measure == "pain" else "Hip tension"
        svg = rendercache.cached_bytes(
            "charts", key, ".svg", lambda: charts.before_after_svg(points, title=title)
        )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@read_only
def export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csvio.export_csv(member_of(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="hiphub-journal.csv"'
    return response


@login_required
@require_POST
def import_csv(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect("journal:index")
    try:
        result = csvio.import_csv(member_of(request), csvio.read_limited(upload))
    except csvio.CsvImportError as exc:
        shown = exc.errors[:10]
        more = len(exc.errors) - len(shown)
        detail = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        messages.error(request, f"Nothing was imported: {detail}.")
    else:
        messages.success(request, result.sentence())
    return redirect("journal:index")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, session_id: int) -> HttpResponse:
    """GET asks "delete this session?" with what it holds; only the POST deletes."""
    session = get_object_or_404(JournalSession, pk=session_id, user=member_of(request))
    if request.method != "POST":
        return render(request, "journal/delete.html", {"s": session})
    session.delete()
    messages.success(request, "The session was deleted.")
    return redirect("journal:index")
