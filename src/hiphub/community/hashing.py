"""Salted hashes, so IP addresses and emails can be matched without being stored readable.

No database and no request (the caller passes the request's META).
"""

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from django.conf import settings


def _salt() -> bytes:
    return (settings.COMMUNITY_IP_SALT or f"community:{settings.SECRET_KEY}").encode()


def private_hash(value: str) -> str:
    """HMAC-SHA256 of the trimmed, lower-cased value with the community salt."""
    return hmac.new(_salt(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


def client_ip(meta: Mapping[str, Any]) -> str:
    """The visitor's address; behind our proxy, the one the proxy appended last."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return str(meta.get("REMOTE_ADDR", ""))
