"""The start-up pre-render and the shared render of one file."""

import dataclasses
import os
import signal
import threading
import time
from pathlib import Path

from hiphub.selfcare import audio, prerender, protocol
from hiphub.selfcare.protocol import Minutes
from tests.selfcare.conftest import needs_tools

PROTOCOL = protocol.get("positional_release")


def test_every_offered_length_the_default_first() -> None:
    assert prerender.lengths(PROTOCOL) == [20, 5, 10, 15, 25, 30, 35, 40, 45, 50, 55, 60]


def test_the_terminal_and_the_site_share_one_file(tmp_path: Path) -> None:
    item = prerender.track(tmp_path, PROTOCOL, 5, audio.choose_voice())
    key = audio.cache_key(audio.relaxation_script(PROTOCOL, 5), audio.choose_voice())
    assert item.final == tmp_path / "audio" / f"{key}.ogg"  # where audio.cached_render puts it


@needs_tools
def test_prerender_makes_what_is_missing_once(audio_cache: Path) -> None:
    short = dataclasses.replace(PROTOCOL, minutes=Minutes(default=5, min=5, max=5))
    lines: list[str] = []
    assert prerender.prerender_all(audio_cache, catalogue=[short], report=lines.append) == 1
    final = prerender.track(audio_cache, PROTOCOL, 5).final
    assert abs(audio.duration_seconds(final) - 300) < 0.5
    assert "positional_release: 5 minutes ready" in "\n".join(lines)
    assert prerender.prerender_all(audio_cache, catalogue=[short]) == 0  # nothing left to do
    assert not list(final.parent.glob("*.part"))
    # The MP3 copy for Safari is made with it, of the same length, where sox can write MP3
    # (always in CI: make test installs libsox-fmt-mp3, and needs_mp3 fails without it).
    mp3 = prerender.track(audio_cache, PROTOCOL, 5).mp3
    if audio.mp3_available() or os.environ.get("CI") == "true":
        assert abs(audio.duration_seconds(mp3) - 300) < 300 * 0.02


@needs_tools
def test_a_second_render_of_the_same_file_joins_instead(audio_cache: Path) -> None:
    item = prerender.track(audio_cache, PROTOCOL, 5)
    first = threading.Thread(target=prerender.render_track, args=(item,))
    first.start()
    deadline = time.monotonic() + 30
    while not prerender.rendering(item) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert prerender.rendering(item)
    assert prerender.render_track(item) is False  # someone else holds it: no second render
    first.join()
    assert not prerender.rendering(item) and item.final.exists()


@needs_tools
def test_serve_starts_the_prerender_without_waiting(audio_cache: Path) -> None:
    started = time.monotonic()
    process = prerender.start_in_background(audio_cache)
    assert process is not None
    try:
        assert time.monotonic() - started < 1
        assert process.poll() is None  # still working, in the background
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own group: it and the voice it runs
        process.wait(timeout=30)
    assert (audio_cache / "audio" / "prerender.log").exists()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@needs_tools
def test_the_prerender_ends_when_the_server_does(audio_cache: Path) -> None:
    """A stand-in server starts the pre-render and exits at once, like `hiphub serve` being
    stopped: the pre-render, and the voice it was running, end within seconds."""
    import subprocess
    import sys

    server = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from hiphub.selfcare import prerender; "
            "print(prerender.start_in_background(Path(sys.argv[1])).pid)",
            str(audio_cache),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    pid = int(server.stdout.strip())
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pid)
