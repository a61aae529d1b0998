import itertools
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from hiphub.selfcare import audio, protocol, voices
from hiphub.selfcare.audio import AudioUnavailableError, relaxation_script
from hiphub.selfcare.voices import Voice
from tests.selfcare.conftest import needs_espeak, needs_festival, needs_tools

PROTOCOL = protocol.get("positional_release")
SECTIONS = ["opening", "breathing", "body_scan", "quiet", "return"]


def rms(path: Path, start: float, length: float) -> float:
    result = subprocess.run(
        ["sox", str(path), "-n", "trim", str(start), str(length), "stat"],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"RMS\s+amplitude:\s+([0-9.]+)", result.stderr)
    assert match, result.stderr
    return float(match.group(1))


@pytest.mark.parametrize("minutes", [5, 20, 60])
def test_script_fits_the_length(minutes: int) -> None:
    script = relaxation_script(PROTOCOL, minutes)
    assert script.total_seconds == minutes * 60
    times = [c.at_seconds for c in script.cues]
    assert times == sorted(times)
    assert times[0] >= 0
    last = script.cues[-1]
    assert last.section == "return"
    assert last.at_seconds + audio.speech_seconds(last.text) <= script.total_seconds
    # Speech never overlaps at 2.5 words a second.
    for cue, following in itertools.pairwise(script.cues):
        assert cue.at_seconds + len(cue.text.split()) / 2.5 <= following.at_seconds, cue.text
    # Sections come in order, and each one is there.
    order = [c.section for c in script.cues]
    assert sorted(set(order), key=order.index) == SECTIONS
    assert f"{minutes} minutes" in script.cues[0].text


def test_every_allowed_length_gets_a_fitting_script() -> None:
    for minutes in range(PROTOCOL.minutes.min, PROTOCOL.minutes.max + 1):
        script = relaxation_script(PROTOCOL, minutes)
        end = script.cues[-1].at_seconds + audio.speech_seconds(script.cues[-1].text)
        assert script.total_seconds - 15 <= end <= script.total_seconds, minutes


def test_body_scan_moves_from_low_back_through_hips_to_thighs() -> None:
    scan = " ".join(
        c.text for c in relaxation_script(PROTOCOL, 20).cues if c.section == "body_scan"
    )
    assert scan.index("low back") < scan.index("hips") < scan.index("thighs")


def test_longer_sessions_have_more_quiet_and_slower_pacing() -> None:
    def quiet(m: int) -> list[audio.Cue]:
        return [c for c in relaxation_script(PROTOCOL, m).cues if c.section == "quiet"]

    assert 1 <= len(quiet(5)) < len(quiet(20)) < len(quiet(60))
    scan_5 = [c for c in relaxation_script(PROTOCOL, 5).cues if c.section == "body_scan"]
    scan_60 = [c for c in relaxation_script(PROTOCOL, 60).cues if c.section == "body_scan"]
    assert (
        scan_60[-1].at_seconds - scan_60[0].at_seconds
        > scan_5[-1].at_seconds - scan_5[0].at_seconds
    )
    # Soft cues in the quiet stretch are spread out, not bunched together.
    gaps = [b.at_seconds - a.at_seconds for a, b in itertools.pairwise(quiet(60))]
    assert min(gaps) > 60


def test_script_says_when_to_stop() -> None:
    text = " ".join(c.text for c in relaxation_script(PROTOCOL, 5).cues)
    assert "numbness or tingling" in text and "stop" in text


@pytest.mark.parametrize("minutes", [4, 61])
def test_out_of_range_minutes_are_refused(minutes: int) -> None:
    with pytest.raises(ValueError, match="between 5 and 60"):
        relaxation_script(PROTOCOL, minutes)


def test_missing_tools_give_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    assert not audio.tools_available()
    with pytest.raises(AudioUnavailableError, match=r"a voice .*espeak-ng.* and sox"):
        audio.render(relaxation_script(PROTOCOL, 5), tmp_path / "x.ogg")
    with pytest.raises(AudioUnavailableError):
        audio.cached_render(PROTOCOL, 5)


def test_cache_key_depends_on_script_voice_and_speed() -> None:
    five, six = relaxation_script(PROTOCOL, 5), relaxation_script(PROTOCOL, 6)
    espeak = Voice("espeak-ng", "en", 135)
    key = audio.cache_key(five, espeak)
    assert key == audio.cache_key(relaxation_script(PROTOCOL, 5), Voice("espeak-ng", "en", 135))
    keys = {
        key,
        audio.cache_key(six, espeak),
        audio.cache_key(five, Voice("espeak-ng", "en-us", 135)),
        audio.cache_key(five, Voice("espeak-ng", "en", 150)),
        audio.cache_key(five, Voice("festival", voices.FESTIVAL_VOICE, 135)),
    }
    assert len(keys) == 5


@needs_tools
def test_real_render_of_five_minutes(tmp_path: Path) -> None:
    script = relaxation_script(PROTOCOL, 5)
    out = audio.render(script, tmp_path / "relax.ogg")
    assert out.stat().st_size > 10_000
    assert abs(audio.duration_seconds(out) - 300) <= 300 * 0.02
    assert rms(out, 0, 300) > 0.01
    # The opening is spoken: much louder than a quiet stretch with only background noise.
    cues = script.cues
    gaps = [
        (b.at_seconds - (a.at_seconds + audio.speech_seconds(a.text)), a)
        for a, b in itertools.pairwise(cues)
    ]
    gap, before = max(gaps, key=lambda g: g[0])
    assert gap > 20
    quiet_from = before.at_seconds + audio.speech_seconds(before.text) + 5
    assert rms(out, cues[0].at_seconds, 8) > 2 * rms(out, quiet_from, 8)
    assert rms(out, quiet_from, 8) > 0.002  # soft background noise, not dead silence


@needs_tools
def test_cached_render_reuses_the_file(
    tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.RENDER_CACHE_DIR = tmp_path  # type: ignore[attr-defined]
    first = audio.cached_render(PROTOCOL, 5)
    assert first.exists() and first.parent == tmp_path / "audio" and first.suffix == ".ogg"
    assert abs(audio.duration_seconds(first) - 300) <= 6

    def no_render(*args: object, **kwargs: object) -> Path:
        raise AssertionError("rendered again instead of using the cache")

    monkeypatch.setattr(audio, "render", no_render)
    assert audio.cached_render(PROTOCOL, 5) == first
    assert sorted(p.name for p in (tmp_path / "audio").iterdir()) == sorted([first.name, "clips"])
    assert audio.tags(first)["VOICE"] == audio.choose_voice().label


@needs_festival
@needs_espeak
def test_festival_speaks_at_the_pace_espeak_did(tmp_path: Path) -> None:
    """The new voice keeps the old pace, so the pauses between cues stay as they were."""
    texts = [c.text for c in relaxation_script(PROTOCOL, 20).cues]

    def seconds(voice: Voice) -> float:
        return sum(len(c) for c in voices.clips(voice, texts, tmp_path)) / voices.SAMPLE_RATE

    festival = seconds(voices.choose("festival"))
    espeak = seconds(voices.choose("en"))
    assert abs(festival - espeak) <= 0.1 * espeak, (festival, espeak)
    planned = sum(audio.speech_seconds(t) for t in texts)
    assert festival <= 1.1 * planned


@needs_tools
def test_a_stopped_render_leaves_no_file_behind(tmp_path: Path) -> None:
    out = tmp_path / "relax.ogg"
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(audio.AudioRenderError, match="stopped"):
        audio.render(relaxation_script(PROTOCOL, 5), out, should_stop=stop)
    assert len(asked) == 4
    assert not out.exists()


def test_a_listener_is_not_held_up_by_a_slow_voice() -> None:
    """Without waiting, a cue whose clip is not spoken yet starts when it is, never before the
    sound already sent; the render counts it as late."""
    script = relaxation_script(PROTOCOL, 5)
    second = voices.SAMPLE_RATE
    spoken = threading.Event()

    def slow_voice() -> Iterator[np.ndarray]:
        spoken.wait(timeout=10)
        for _ in script.cues:
            yield np.full(second, 1000, dtype=np.int16)

    speech = audio._Speech(script, slow_voice(), wait=False)
    first_cue = int(script.cues[0].at_seconds * second)
    assert speech.due(first_cue, first_cue + second) == []  # not spoken yet: the sound goes on
    assert speech.late == 1
    spoken.set()
    deadline = time.monotonic() + 10
    while len(speech.ready) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    later = first_cue + 3 * second
    placed = speech.due(later, later + second)
    assert placed and placed[0][0] == later  # starts now, not in the past
    assert speech.late == 1


def test_a_waiting_render_places_cues_on_time() -> None:
    script = relaxation_script(PROTOCOL, 5)
    second = voices.SAMPLE_RATE
    clips = iter([np.full(second, 1000, dtype=np.int16)] * len(script.cues))
    speech = audio._Speech(script, clips, wait=True)
    first_cue = int(script.cues[0].at_seconds * second)
    placed = speech.due(0, first_cue + 1)
    assert [start for start, _ in placed] == [first_cue]
    assert speech.late == 0
