"""Directory pages anyone can open: the search, a listing with its contact form, the
technique pages and the printable "what to ask a therapist" checklist."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.community import captcha
from hiphub.core.clientip import client_ip
from hiphub.core.decorators import read_only
from hiphub.core.parsing import object_id
from hiphub.directory import finder, relay, search, techniques
from hiphub.directory.forms import ContactForm
from hiphub.directory.models import Listing, Oil
from hiphub.directory.search import FilterError
from hiphub.screening import gatekeeper
from hiphub.screening.safety import assess

PER_PAGE = finder.PAGE
MINUTE_CHOICES = (30, 45, 60, 75, 90, 120)
DISTANCE_CHOICES = (5, 10, 25, 50, 100)


def decorate(row: dict[str, Any]) -> dict[str, Any]:
    """A result or listing with the names people read beside the ids machines read."""
    vocab = techniques.load()
    regions = load_anatomy().body_regions
    oil = dict(Oil.choices)
    return {
        **row,
        "technique_names": vocab.names(row["techniques"]),
        "technique_links": [
            (vocab.techniques[t].slug, vocab.techniques[t].name)
            for t in row["techniques"]
            if t in vocab.techniques
        ],
        "region_names": [regions[r].name for r in row["regions"] if r in regions],
        "oil_label": oil.get(row["oil"], row["oil"]),
    }


def _query(request: HttpRequest) -> dict[str, list[str]]:
    return {name: request.GET.getlist(name) for name in search.FIELDS}


@read_only
def index(request: HttpRequest) -> HttpResponse:
    atlas = load_anatomy()
    vocab = techniques.load()
    query = _query(request)
    errors: dict[str, str] = {}
    body: dict[str, Any] | None = None
    filters: search.Filters | None = None
    page = object_id(request.GET.get("page")) or 1
    try:
        filters = search.parse_filters(
            query,
            techniques=vocab.techniques,
            regions=atlas.body_regions,
            alert_regions=atlas.alert_regions,
        )
        body = finder.search_body(
            filters, today=timezone.localdate(), limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
    except FilterError as error:
        errors[error.field] = error.message
    loosen = []
    if body is not None and filters is not None:
        ways = {lo.field: lo for lo in search.loosenings(filters)}
        loosen = [
            {**item, "query": urlencode(ways[item["field"]].filters.as_query())}
            for item in body["loosen"]
            if item["field"] in ways
        ]
    count = body["count"] if body else 0
    pages = max(1, -(-count // PER_PAGE))
    keep = urlencode([(k, v) for k, values in query.items() for v in values if v])
    chosen_regions = set(query["region"])
    return render(
        request,
        "directory/index.html",
        {
            "errors": errors,
            "error_count": len(errors),
            "value": {k: (v[0] if v else "") for k, v in query.items()},
            "chosen_techniques": set(query["technique"]),
            "chosen_regions": chosen_regions,
            "all_techniques": list(vocab.techniques.values()),
            "regions_by_placement": [
                (title, [r for r in atlas.body_regions.values() if r.placement == key])
                for key, title in (("back", "Back"), ("side", "Side"), ("front", "Front"))
            ],
            "minute_choices": MINUTE_CHOICES,
            "distance_choices": DISTANCE_CHOICES,
            "oil_choices": Oil.choices,
            "searched": bool(filters and filters.active),
            "filters": filters,
            "count": count,
            "near": body["near"] if body else None,
            "results": [decorate(r) for r in body["results"]] if body else [],
            "loosen": loosen,
            "page": page,
            "pages": pages,
            "previous": f"?{keep}&page={page - 1}" if page > 1 else "",
            "next": f"?{keep}&page={page + 1}" if page < pages else "",
        },
        status=400 if errors else 200,
    )


def _listing_context(
    request: HttpRequest, listing: Listing, form: ContactForm | None = None
) -> dict[str, Any]:
    row = decorate(finder.detail_row(listing, timezone.localdate()))
    challenge = captcha.make_challenge()
    if form is None:
        initial = {}
        user = request.user
        if user.is_authenticated:
            initial = {
                "name": getattr(user, "display_name", ""),
                "email": getattr(user, "email", ""),
            }
        form = ContactForm(initial=initial)
    return {
        "listing": row,
        "form": form,
        "challenge": challenge,
        "needs_captcha": relay.needs_captcha(request.user),
        "can_contact": relay.can_contact(listing),
        "is_owner": request.user.is_authenticated and listing.owner_id == request.user.pk,
    }


@read_only
def listing(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = get_object_or_404(Listing.objects.select_related("owner"), pk=listing_id)
    return render(request, "directory/listing.html", _listing_context(request, found))


@require_POST
def contact(request: HttpRequest, listing_id: int) -> HttpResponse:
    found = get_object_or_404(Listing.objects.select_related("owner"), pk=listing_id)
    try:
        relay.send(
            found,
            request.POST,
            user=request.user,
            ip=client_ip(request.META),
            absolute_url=request.build_absolute_uri,
        )
    except relay.RejectedError as rejected:
        context = _listing_context(request, found, rejected.form)
        return render(request, "directory/listing.html", context, status=400)
    except relay.LimitedError as limited:
        context = _listing_context(request, found, ContactForm(request.POST))
        context["limited"] = str(limited)
        return render(request, "directory/listing.html", context, status=429)
    messages.success(
        request,
        "Your message is on its way to the therapist. Their reply will come from their own "
        "email address to the one you gave.",
    )
    return HttpResponseRedirect(reverse("directory:listing", args=[found.pk]) + "#contact-h")


@read_only
def technique_list(request: HttpRequest) -> HttpResponse:
    vocab = techniques.load()
    return render(
        request,
        "directory/techniques.html",
        {"techniques": list(vocab.techniques.values()), "vocabulary": vocab},
    )


@read_only
def technique(request: HttpRequest, slug: str) -> HttpResponse:
    vocab = techniques.load()
    found = vocab.by_slug(slug)
    if found is None:
        raise Http404("There is no technique with that name.")
    return render(
        request,
        "directory/technique.html",
        {
            "technique": found,
            "vocabulary": vocab,
            # Its own sources, then the evidence note's, each once.
            "sources": list(dict.fromkeys([*found.sources, *vocab.evidence_sources])),
            "search": "?" + urlencode({"technique": found.id}),
        },
    )


@read_only
def what_to_ask(request: HttpRequest) -> HttpResponse:
    """The printable checklist; with the person's latest safety check, what to tell."""
    latest = gatekeeper.latest_full_check(request)
    answered_yes = assess(latest[0].flags).flags if latest else ()
    return render(
        request,
        "directory/what_to_ask.html",
        {
            "approach": [t for t in techniques.load().techniques.values() if t.approach],
            "checked": latest is not None,
            "checked_at": latest[0].at if latest else None,
            "answered_yes": answered_yes,
            "blocked": gatekeeper.self_care_gate(request).blocked if latest else False,
        },
    )
