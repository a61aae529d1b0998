from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hiphub.core.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "emergency_number": settings.EMERGENCY_NUMBER,
        "nav_items": navigation_for(request),
    }
