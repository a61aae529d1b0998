"""The one answer to "what is this client's address?", for rate limits and sign-in throttling."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings


def client_ip(meta: Mapping[str, Any]) -> str:
    """The visitor's address; behind our proxy (HIPHUB_BEHIND_PROXY), the one the proxy
    appended last to X-Forwarded-For, since anything before it came from the client."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return str(meta.get("REMOTE_ADDR", ""))
