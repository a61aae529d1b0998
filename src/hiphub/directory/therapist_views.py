"""A therapist's own pages: becoming a therapist ("list my practice"), the listing form,
confirming it is still right, credentials, and removing the listing.

One account has one role. A member with a confirmed email address becomes a therapist by
pressing "List my practice" (an honest, self-declared step: nothing is checked then, and
the listing says "not verified" until a moderator has checked a credential)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from pydantic import ValidationError

from hiphub.accounts.guards import member_of, therapist_of
from hiphub.accounts.models import User
from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.directory import editing, finder, gazetteer, techniques
from hiphub.directory.forms import CredentialForm
from hiphub.directory.models import Credential, Listing, Oil
from hiphub.directory.schemas import ListingIn

# Friendlier words for the web form than pydantic's, where a field is simply left empty.
EMPTY = {
    "name": "Please give the name to show on your listing.",
    "techniques": "Choose at least one technique you use.",
    "regions": "Choose at least one area you treat.",
    "hands_on_minutes": "Give at least one session length in minutes of hands-on time.",
    "oil": "Choose how much oil you use.",
}
EMPTY_TYPES = {"missing", "too_short", "string_too_short"}
# The order of the form, for the summary of what needs changing.
FIELD_ORDER = (
    "name", "practice_name", "postcode", "works_from_home", "travel_radius_km", "techniques",
    "hands_on_minutes", "oil", "regions", "accepting_new_clients", "what_to_expect",
    "languages", "accessibility", "price_range", "website", "phone",
)


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    rank = {name: n for n, name in enumerate(FIELD_ORDER)}
    return dict(sorted(errors.items(), key=lambda item: rank.get(item[0], len(rank))))


def _minutes(raw: str) -> tuple[list[int], str | None]:
    values = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip().removesuffix("min").strip()
        if not part:
            continue
        if not part.isascii() or not part.isdigit():
            return [], "Write the lengths as whole minutes separated by commas, such as 60, 90."
        values.append(int(part))
    return values, None


def _from_post(post: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The listing form as ListingIn's input, and the errors found before ListingIn runs."""
    errors: dict[str, str] = {}
    minutes, problem = _minutes(post.get("hands_on_minutes", ""))
    if problem:
        errors["hands_on_minutes"] = problem
    if not post.get("oil"):
        errors["oil"] = EMPTY["oil"]
    travel_raw = post.get("travel_radius_km", "").strip()
    travel: int | None = None
    if travel_raw:
        if travel_raw.isascii() and travel_raw.isdigit():
            travel = int(travel_raw)
        else:
            errors["travel_radius_km"] = (
                "Give the travel distance as whole kilometres, or leave it empty."
            )
    data = {
        "name": post.get("name", ""),
        "practice_name": post.get("practice_name", ""),
        "what_to_expect": post.get("what_to_expect", ""),
        "languages": [x.strip() for x in post.get("languages", "").split(",") if x.strip()],
        "accessibility": post.get("accessibility", ""),
        "price_range": post.get("price_range", ""),
        "website": post.get("website", "").strip(),
        "phone": post.get("phone", "").strip(),
        "techniques": post.getlist("techniques"),
        "hands_on_minutes": minutes,
        "regions": post.getlist("regions"),
        "oil": post.get("oil", ""),
        "accepting_new_clients": post.get("accepting_new_clients") == "yes",
        "postcode": post.get("postcode", "").strip(),
        "works_from_home": post.get("works_from_home") == "yes",
        "travel_radius_km": travel,
    }
    # A place that is not loaded is said with the other mistakes, not after they are fixed.
    if data["postcode"]:
        try:
            gazetteer.locate(data["postcode"])
        except gazetteer.UnknownPlaceError as exc:
            errors["postcode"] = exc.message
    return data, errors


def _validation_errors(exc: ValidationError, errors: dict[str, str]) -> None:
    for item in exc.errors():
        field = str(item["loc"][0]) if item["loc"] else "listing"
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] in EMPTY_TYPES and field in EMPTY:
            message = EMPTY[field]
        errors.setdefault(field, message[:1].upper() + message[1:])


def _page(
    request: HttpRequest,
    user: User,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    credential_form: CredentialForm | None = None,
    status: int = 200,
) -> HttpResponse:
    listing = Listing.objects.filter(owner=user).first()
    today = timezone.localdate()
    if values is None:
        values = editing.as_input(listing) if listing else {"accepting_new_clients": True}
    values = {
        **values,
        "languages_text": ", ".join(values.get("languages", [])),
        "minutes_text": ", ".join(str(m) for m in values.get("hands_on_minutes", [])),
    }
    atlas = load_anatomy()
    credentials = list(listing.credentials.all()) if listing else []
    return render(
        request,
        "directory/my_listing.html",
        {
            "listing": listing,
            "public": finder.detail_row(listing, today) if listing else None,
            "stale": listing.is_stale(today) if listing else False,
            "values": values,
            "errors": _in_form_order(errors or {}),
            "error_count": len(errors or {}),
            "all_techniques": list(techniques.load().techniques.values()),
            "regions_by_placement": [
                (title, [r for r in atlas.body_regions.values() if r.placement == key])
                for key, title in (("back", "Back"), ("side", "Side"), ("front", "Front"))
            ],
            "oil_choices": Oil.choices,
            "credentials": [
                (c, finder.credential_status(c, today), CredentialForm(initial={
                    "body": c.body, "number": c.number, "jurisdiction": c.jurisdiction,
                    "expires_on": c.expires_on,
                }, prefix=f"c{c.pk}"))
                for c in credentials
            ],
            "credential_form": credential_form or CredentialForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_listing(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if not user.is_therapist:
        if request.method == "POST":
            return redirect("directory:my_listing")
        return render(request, "directory/list_my_practice.html", {"member": user})
    if request.method != "POST":
        return _page(request, user)
    data, errors = _from_post(request.POST)
    try:
        checked = ListingIn.model_validate(data)
    except ValidationError as exc:
        _validation_errors(exc, errors)
        return _page(request, user, values=data, errors=errors, status=400)
    if errors:
        return _page(request, user, values=data, errors=errors, status=400)
    try:
        _, created = editing.save_for(user, checked, timezone.localdate())
    except editing.LocationError as exc:
        return _page(request, user, values=data, errors={exc.field: exc.message}, status=400)
    messages.success(
        request,
        "Your listing is published."
        if created
        else "Your listing is saved and confirmed as of today.",
    )
    return redirect("directory:my_listing")


@login_required
@require_POST
def list_my_practice(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if user.is_moderator:
        messages.error(
            request,
            "A moderator's account cannot also hold a listing. Please sign up separately for "
            "your practice.",
        )
    elif not user.email_verified:
        messages.error(request, "Please confirm your email address first (see My account).")
    else:
        user.become_therapist()
        messages.success(request, "You can now fill in your listing.")
    return redirect("directory:my_listing")


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    user = therapist_of(request)
    listing = get_object_or_404(Listing, owner=user)
    accepting = request.POST.get("accepting_new_clients")
    if accepting not in ("yes", "no"):
        messages.error(request, "Say whether you are accepting new clients.")
        return redirect("directory:my_listing")
    listing.confirm_accepting(accepting == "yes", timezone.localdate())
    messages.success(
        request,
        "Thank you: your listing is confirmed as of today, "
        + ("accepting new clients." if accepting == "yes" else "not accepting new clients."),
    )
    return redirect("directory:my_listing")


@login_required
@require_POST
def delete_listing(request: HttpRequest) -> HttpResponse:
    user = therapist_of(request)
    listing = get_object_or_404(Listing, owner=user)
    if request.POST.get("sure") != "yes":
        messages.error(request, "Tick the box to confirm that the listing should go.")
        return redirect("directory:my_listing")
    listing.delete()
    messages.success(request, "Your listing and its credentials have been removed.")
    return redirect("directory:my_listing")


@login_required
@require_POST
def add_credential(request: HttpRequest) -> HttpResponse:
    user = therapist_of(request)
    listing = get_object_or_404(Listing, owner=user)
    form = CredentialForm(request.POST)
    if not form.is_valid():
        return _page(request, user, credential_form=form, status=400)
    Credential.objects.create(listing=listing, **form.cleaned_data)
    messages.success(
        request,
        "Credential added. A moderator will check it against the public register; until "
        "then your listing says \u201cnot verified\u201d.",
    )
    return redirect("directory:my_listing")


@login_required
@require_POST
def change_credential(request: HttpRequest, credential_id: int) -> HttpResponse:
    user = therapist_of(request)
    credential = get_object_or_404(Credential, pk=credential_id, listing__owner=user)
    if request.POST.get("action") == "delete":
        credential.delete()
        messages.success(request, "Credential removed.")
        return redirect("directory:my_listing")
    form = CredentialForm(request.POST, prefix=f"c{credential.pk}")
    if not form.is_valid():
        messages.error(
            request,
            "The credential was not changed: "
            + " ".join(str(e) for errs in form.errors.values() for e in errs),
        )
        return redirect("directory:my_listing")
    credential.renew(**form.cleaned_data)
    messages.success(
        request,
        "Credential updated. A moderator will check it against the register again; until "
        "then it shows as not verified.",
    )
    return redirect("directory:my_listing")
