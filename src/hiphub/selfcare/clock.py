"""Server-signed times for the session player, so the journal measures a session by the
server's clock. A stamp is made when the player page is served and, if the browser runs the
player's script, when the relaxation or the exercises begin; the form carries the stamps back,
and a stamp cannot be moved without breaking its signature."""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

SALT = "hiphub.selfcare.clock"
MAX_AGE = timedelta(hours=12)


def stamp(protocol_id: str) -> str:
    """A signed note of this moment, for one protocol."""
    return signing.dumps({"p": protocol_id, "t": timezone.now().timestamp()}, salt=SALT)


def read(token: str, protocol_id: str) -> datetime | None:
    """The moment a stamp was made, or None if it is missing, forged, for another protocol,
    older than MAX_AGE or from the future."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != protocol_id:
        return None
    moment = data.get("t")
    if isinstance(moment, bool) or not isinstance(moment, int | float):
        return None
    at = datetime.fromtimestamp(moment, tz=timezone.get_current_timezone())
    return at if at <= timezone.now() + timedelta(seconds=1) else None
