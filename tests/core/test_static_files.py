"""Static files served by WhiteNoise carry the same safety headers as the pages."""

from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/static/hiphub/site.css", "text/css"), ("/static/hiphub/forms.js", "text/javascript")],
)
def test_static_css_and_js_are_not_sniffed(tmp_path: Path, path: str, content_type: str) -> None:
    # WhiteNoise serves straight from the apps' static folders here (no collectstatic); it
    # answers inside the middleware stack, so SecurityMiddleware still adds its headers.
    with override_settings(STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=True):
        response = Client().get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert type(response).__module__.startswith("whitenoise")
        page = Client().get("/")
        assert page["X-Content-Type-Options"] == "nosniff"
