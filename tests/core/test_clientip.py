"""The client's address: REMOTE_ADDR, or behind our proxy the address it appended last."""

import pytest
from django.test import override_settings

from hiphub.core.clientip import client_ip

PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize(
    ("proxy", "meta", "expected"),
    [
        (None, {"REMOTE_ADDR": "203.0.113.5"}, "203.0.113.5"),
        # Without a proxy, a forged header is ignored.
        (None, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.5"),
        # Behind the proxy, the last entry is the one the proxy wrote; earlier ones are the
        # client's own claims.
        (
            PROXY,
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"},
            "198.51.100.7",
        ),
        (PROXY, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " "}, "127.0.0.1"),
        (None, {}, ""),
    ],
)
def test_client_ip(proxy: tuple[str, str] | None, meta: dict[str, str], expected: str) -> None:
    with override_settings(SECURE_PROXY_SSL_HEADER=proxy):
        assert client_ip(meta) == expected
