from typing import Any

import pytest
from django.conf import settings
from django.test import Client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Give the browser tab a signed-in session for `user`, as if they had used the form.

    Sessions are database rows: force_login writes one to the test database, which the live
    server shares, and the tab gets its key (a browser-session cookie, as without "keep me
    signed in")."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
