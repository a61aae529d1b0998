"""Start-up check: the safety advice must be able to name a real emergency number."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from hiphub.core import emergency


@register()
def check_emergency_number(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        emergency.numbers(settings.EMERGENCY_NUMBER)
    except ValueError as exc:
        return [
            Error(
                f"HIPHUB_EMERGENCY_NUMBER={settings.EMERGENCY_NUMBER!r} cannot be used: {exc}.",
                hint="Every emergency instruction calls this number; see README.md.",
                id="hiphub.E010",
            )
        ]
    return []
