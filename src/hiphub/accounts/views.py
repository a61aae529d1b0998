import csv
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts import personal_data
from hiphub.accounts.forms import DeleteAccountForm, SignUpForm
from hiphub.accounts.guards import member_of
from hiphub.accounts.models import User
from hiphub.core import csvsafe
from hiphub.core.decorators import read_only

VERIFY_SALT = "hiphub.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def send_verification(request: HttpRequest, user: User) -> None:
    token = signing.dumps({"uid": user.pk, "email": user.email}, salt=VERIFY_SALT)
    link = request.build_absolute_uri(reverse("accounts:verify", args=[token]))
    send_mail(
        subject=f"Confirm your email for {settings.SITE_NAME}",
        message=(
            f"Someone, hopefully you, created a {settings.SITE_NAME} account with this address.\n\n"
            f"Open this link within three days to confirm it:\n{link}\n\n"
            "If it was not you, ignore this message and nothing more will happen."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:my_data")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.create_user(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        send_verification(request, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            "Welcome. We have sent you an email with a link to confirm your address.",
        )
        return redirect("core:home")
    return render(request, "accounts/sign_up.html", {"form": form})


@read_only
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claim = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = User.objects.get(pk=claim["uid"], email=claim["email"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return render(request, "accounts/verify_failed.html", status=400)
    user.mark_email_verified()
    messages.success(request, "Thank you: your email address is confirmed.")
    return redirect("core:home")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if not user.email_verified:
        send_verification(request, user)
        messages.success(request, "We have sent a new confirmation link.")
    return redirect("accounts:my_data")


@login_required
@read_only
def my_data(request: HttpRequest) -> HttpResponse:
    collected = personal_data.collect(request.user)  # type: ignore[arg-type]
    counts = {name: len(rows) for name, rows in collected.items()}
    return render(
        request,
        "accounts/my_data.html",
        {"counts": counts, "delete_form": DeleteAccountForm(request.user)},  # type: ignore[arg-type]
    )


def _filename(user: User, extension: str) -> str:
    return f"hiphub-my-data-{timezone.now():%Y%m%d}.{extension}"


@login_required
@read_only
def export_json(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    body = {
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "data": personal_data.collect(user),
    }
    response = HttpResponse(
        json.dumps(body, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "json")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_text(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    fields: list[str] = []
    for row in rows:
        fields += [key for key in row if key not in fields]
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: csvsafe.neutralise(json.dumps(v) if isinstance(v, list | dict) else v)
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


@login_required
@read_only
def export_csv(request: HttpRequest) -> HttpResponse:
    """A ZIP with one CSV file per data set (account, journal, ...)."""
    user = member_of(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in personal_data.collect(user).items():
            archive.writestr(f"{name}.csv", _csv_text(rows))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "zip")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = DeleteAccountForm(user, request.POST)
    if not form.is_valid():
        collected = personal_data.collect(user)
        counts = {name: len(rows) for name, rows in collected.items()}
        return render(
            request, "accounts/my_data.html", {"counts": counts, "delete_form": form}, status=400
        )
    with transaction.atomic():
        user.delete()
    logout(request)
    messages.success(request, "Your account and everything in it have been deleted.")
    return redirect("core:home")
