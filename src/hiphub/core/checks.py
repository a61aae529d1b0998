"""Start-up checks: bad configuration is reported with a clear message and a stable id."""

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def check_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = [
        Error(message, hint="See the settings table in README.md.", id="hiphub.E001")
        for message in settings.CONFIG_ERRORS
    ]
    if not os.access(settings.DATA_DIR, os.W_OK):
        errors.append(
            Error(
                f"The data folder {settings.DATA_DIR} is not writable.",
                hint="Point HIPHUB_DATA_DIR at a folder this user can write to.",
                id="hiphub.E002",
            )
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "HIPHUB_ALLOWED_HOSTS is empty, so every request would be refused.",
                hint="List the host names this site answers to, separated by commas.",
                id="hiphub.E003",
            )
        )
    if settings.HTTPS and not os.environ.get("HIPHUB_SECRET_KEY"):
        errors.append(
            Warning(
                "HTTPS is on but HIPHUB_SECRET_KEY is not set; the key kept in the data "
                "folder is used.",
                hint="Set HIPHUB_SECRET_KEY from your secret store in production.",
                id="hiphub.W001",
            )
        )
    return errors
