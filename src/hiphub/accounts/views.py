import csv
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hiphub.accounts import mail, personal_data, signin
from hiphub.accounts.forms import DeleteAccountForm, SignInForm, SignUpForm
from hiphub.accounts.guards import member_of
from hiphub.accounts.models import User
from hiphub.accounts.sessions import REMEMBER_ME_AGE
from hiphub.core import csvsafe
from hiphub.core.decorators import read_only


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """The answer is the same whether or not the address has an account; what differs goes
    by email to the address itself: a confirmation link, or how to sign in."""
    if request.user.is_authenticated:
        return redirect("accounts:my_data")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Hashed either way, so both answers take as long.
        password_hash = make_password(form.cleaned_data["password"])
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_awaiting_confirmation(
                        email, password_hash, form.cleaned_data["display_name"]
                    )
            except IntegrityError:  # the same address signed up a moment ago
                existing = User.objects.filter(email__iexact=email).first()
            else:
                mail.send_confirmation(user, request.build_absolute_uri)
        if existing is not None:
            mail.send_already_registered(existing, request.build_absolute_uri)
        return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form})


@read_only
def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_sent.html", {"limit": mail.LIMIT})


@read_only
def verify(request: HttpRequest, token: str) -> HttpResponse:
    user = mail.user_from_confirmation(token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    opening = user.awaiting_confirmation
    user.confirm_email()
    if opening:
        messages.success(
            request,
            "Your address is confirmed and your account is ready. Sign in with the "
            "password you chose.",
        )
        return redirect("accounts:sign_in")
    messages.success(request, "Thank you: your email address is confirmed.")
    return redirect("core:home")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if not user.email_verified:
        mail.send_confirmation(user, request.build_absolute_uri)
        messages.success(
            request,
            "We have sent a new confirmation link. (At most three go to one address in an "
            "hour; if you asked several times, use the newest one you have.)",
        )
    return redirect("accounts:my_data")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Django's view puts the host name in `site_name`; the header wants ours.
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        remember = form.cleaned_data.get("remember")
        # 0: the cookie ends when the browser closes (the row still expires after 2 idle hours).
        self.request.session.set_expiry(int(REMEMBER_ME_AGE.total_seconds()) if remember else 0)
        return response


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: User = form.user
        user.confirm_email()  # the link came to the address, which proves it
        signin.unlock(user.email)  # a lock-out for too many wrong passwords ends here
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view keeps this session signed in and ends every other one."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:my_data")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Your password has been changed. Any other device signed in to your account "
            "has been signed out.",
        )
        return response


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
        personal_data.erase(user)
    logout(request)
    messages.success(request, "Your account and everything in it have been deleted.")
    return redirect("core:home")
