"""The moderators' queue of credentials to check against the public registers, like the
community queue: signed-in moderators only, every decision saying how and when."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hiphub.accounts.guards import moderator_of
from hiphub.accounts.models import User
from hiphub.core.parsing import object_id
from hiphub.directory.forms import RejectForm, VerifyForm
from hiphub.directory.models import Credential, CredentialStatus


def pending_count() -> int:
    """For the navigation: credentials waiting for a moderator."""
    return Credential.objects.filter(status=CredentialStatus.PENDING).count()


def _render(
    request: HttpRequest, errors: dict[int, dict[str, str]] | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    pending = Credential.objects.filter(status=CredentialStatus.PENDING).select_related("listing")
    return render(
        request,
        "directory/queue.html",
        {
            "pending": list(pending[:200]),
            "pending_count": pending.count(),
            "lapsed": list(Credential.objects.lapsed(today).select_related("listing")[:50]),
            "decided": list(
                Credential.objects.exclude(status=CredentialStatus.PENDING)
                .select_related("listing", "verified_by")
                .order_by("-verified_on", "-id")[:20]
            ),
            "errors": errors or {},
            "error_count": len(errors or {}),
            "today": today,
        },
        status=status,
    )


def _decide(request: HttpRequest, moderator: User) -> HttpResponse:
    credential_id = object_id(request.POST.get("credential"))
    action = request.POST.get("action")
    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update().filter(pk=credential_id).first()
            if credential_id
            else None
        )
        if credential is None or action not in ("verify", "reject"):
            messages.error(request, "That credential is no longer in the queue.")
            return redirect("directory:queue")
        form: Any = VerifyForm(request.POST) if action == "verify" else RejectForm(request.POST)
        if not form.is_valid():
            problems = {k: str(v[0]) for k, v in form.errors.items()}
            return _render(request, {credential.pk: problems}, status=400)
        if action == "verify":
            credential.verify(moderator, form.cleaned_data["method"], timezone.localdate())
            messages.success(request, f"{credential.body} {credential.number}: verified.")
        else:
            credential.reject(moderator, form.cleaned_data["note"])
            messages.success(
                request, f"{credential.body} {credential.number}: marked as not verified."
            )
    return redirect("directory:queue")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    moderator = moderator_of(request)
    if request.method == "POST":
        return _decide(request, moderator)
    return _render(request)
