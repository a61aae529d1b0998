"""Salted hashes, so IP addresses and emails can be matched without being stored readable.

No database and no request. (The client's address itself comes from core.clientip.)
"""

import hashlib
import hmac

from django.conf import settings
from django.core import signing


def _salt() -> bytes:
    return (settings.COMMUNITY_IP_SALT or f"community:{settings.SECRET_KEY}").encode()


def private_hash(value: str) -> str:
    """HMAC-SHA256 of the trimmed, lower-cased value with the community salt."""
    return hmac.new(_salt(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


def signed_hash(email: str, salt: str) -> str:
    """A link token carrying the address's hash (never the address), signed for one purpose."""
    return signing.dumps(private_hash(email), salt=salt)


def hash_from_signed(token: str, salt: str, max_age: int) -> str | None:
    """The hash a token of `signed_hash` carries, or None if it is forged, for another
    purpose, or older than `max_age` seconds."""
    try:
        return str(signing.loads(token, salt=salt, max_age=max_age))
    except signing.BadSignature:
        return None
