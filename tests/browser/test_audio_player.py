"""The relaxation audio in Chromium: the player learns the true length and can seek, because
the server answers Range requests (before, Chrome guessed a 20-minute track as 25:11)."""

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from hiphub.screening.models import SafetyCheck
from hiphub.selfcare import audio, prerender, protocol
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.skipif(
    not audio.tools_available() and os.environ.get("CI") != "true",
    reason="sox and a voice are not installed",
)

SEEK = """async () => {
  const player = document.querySelector("audio");
  player.preload = "auto";
  player.load();
  await new Promise((ready, failed) => {
    player.addEventListener("loadedmetadata", ready, { once: true });
    player.addEventListener("error", () => failed(String(player.error && player.error.code)),
                            { once: true });
  });
  const duration = player.duration;
  player.currentTime = 240;
  await new Promise((done) => player.addEventListener("seeked", done, { once: true }));
  return { duration, at: player.currentTime, seekableTo: player.seekable.end(0) };
}"""


def test_the_player_knows_the_length_and_seeks(page: Any, live_server: Any, alice: Any) -> None:
    five = prerender.track(Path(settings.RENDER_CACHE_DIR), protocol.get("positional_release"), 5)
    assert prerender.render_track(five)
    SafetyCheck.record(alice, [])
    sign_in(page, live_server, alice)
    answers: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda r: answers.append((r.status, r.headers.get("content-range", "")))
        if "/audio/" in r.url
        else None,
    )
    page.goto("/self-care/positional_release/", timeout=120_000)  # slow on a busy machine
    page.select_option('select[name="minutes"]', "5")
    page.locator('input[name="pain_before"][value="5"]').check()
    page.locator('input[name="tension_before"][value="5"]').check()
    for _ in range(12):
        if page.get_by_role("heading", name="Relax").is_visible():
            break
        page.locator("section[data-step]:not([hidden]) [data-next]").first.click()
    assert page.get_by_role("heading", name="Relax").is_visible()
    download = page.get_by_role("link", name="Download this audio")
    assert download.get_attribute("href") == "/self-care/positional_release/audio/5.ogg?download=1"

    result = page.evaluate(SEEK)
    assert abs(result["duration"] - 300) < 0.5, result
    assert abs(result["at"] - 240) < 1, result
    assert result["seekableTo"] > 299, result
    size = five.final.stat().st_size
    assert any(status == 206 and rng.endswith(f"/{size}") for status, rng in answers), answers
    assert page.problems == []
