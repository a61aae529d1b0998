"""What django-axes needs from us to throttle sign-in (settings: AXES_*).

Axes counts failed sign-ins per account and per client address in its own table. It is
handed salted hashes instead of the email typed and the client's address, so that table
holds neither: `account_key` for the account, and `address_key`, a hash shaped as an IPv6
address because axes stores it in an IP-address column.
"""

import ipaddress
from typing import Any

import axes.utils
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from hiphub.core.clientip import client_ip


def _typed_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "")
    return str(typed).strip().lower()


def account_key_for(email: str) -> str:
    """The stand-in axes keeps for an account: the same for any letter case or spacing."""
    return salted_hmac(
        "hiphub.accounts.signin.account", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def account_key(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the account a sign-in attempt was for."""
    return account_key_for(_typed_email(request, credentials))


def address_key(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: the client's address (core.clientip), hashed."""
    digest = salted_hmac(
        "hiphub.accounts.signin.address", client_ip(request.META), algorithm="sha256"
    ).digest()
    return str(ipaddress.IPv6Address(digest[:16]))


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown instead of signing in while locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def unlock(email: str) -> int:
    """Forget the failed sign-ins for this account (after its password was reset)."""
    return int(axes.utils.reset(username=account_key_for(email)))
