"""The journal chart opened on its own renders under the site's strict CSP."""

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image

from hiphub.journal.models import JournalSession
from tests.browser.conftest import sign_in


def test_the_chart_opened_on_its_own_has_no_csp_violation_and_is_not_black(
    page: Any, live_server: Any, alice: Any
) -> None:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    JournalSession.objects.bulk_create(
        JournalSession(user=alice, started_at=start + timedelta(days=i), pain_before=7,
                       pain_after=3 + i % 3)
        for i in range(8)
    )
    sign_in(page, live_server, alice)
    response = page.goto("/journal/chart/pain.svg")
    assert response.status == 200
    assert response.headers["content-type"] == "image/svg+xml"
    # The site's one strict policy applies to the image too; nothing is relaxed for it.
    assert "style-src 'self';" in response.headers["content-security-policy"] + ";"
    page.wait_for_load_state("load")
    assert page.problems == []

    # The chart is 504 x 216 pt (672 x 288 CSS px); look at that area only.
    shot = Image.open(io.BytesIO(page.screenshot(clip={"x": 0, "y": 0, "width": 672,
                                                       "height": 288}))).convert("L")
    histogram = shot.histogram()  # 256 counts of grey levels
    total = sum(histogram)
    dark = sum(histogram[:60]) / total
    light = sum(histogram[231:]) / total
    assert dark < 0.1 and light > 0.7, (dark, light)
