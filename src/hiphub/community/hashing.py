"""Salted hashes, so IP addresses and emails can be matched without being stored readable.

No database and no request. (The client's address itself comes from core.clientip.)
"""

import hashlib
import hmac

from django.conf import settings


def _salt() -> bytes:
    return (settings.COMMUNITY_IP_SALT or f"community:{settings.SECRET_KEY}").encode()


def private_hash(value: str) -> str:
    """HMAC-SHA256 of the trimmed, lower-cased value with the community salt."""
    return hmac.new(_salt(), value.strip().lower().encode(), hashlib.sha256).hexdigest()
