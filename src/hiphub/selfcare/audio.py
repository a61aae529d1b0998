"""Guided relaxation audio: a timed script of spoken cues, rendered with a voice and sox.

`relaxation_script` is pure: it lays the cues out for any length (opening, breathing, a body
scan from the low back through the hips and thighs, a quiet stretch with occasional soft
cues, and a gentle return that ends just before the last second). `render` speaks each cue
(Festival's CMU US SLT voice, or espeak-ng when Festival is missing: hiphub.selfcare.voices),
places it at its time over soft brown noise made by sox, and encodes OGG Vorbis of exactly
`minutes * 60` seconds. It writes the file as it goes, a second of sound at a time, so a
listener can be sent the start while the rest is still being made (hiphub.selfcare.prerender).
"""

import functools
import math
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
from django.conf import settings

from hiphub.core.rendercache import cached_file, key_for
from hiphub.selfcare import voices
from hiphub.selfcare.protocol import Protocol
from hiphub.selfcare.voices import SAMPLE_RATE, Voice

# Bump when the script wording, layout or the sound recipe changes, so old renders are not reused.
AUDIO_VERSION = 3
DEFAULT_VOICE = voices.AUTO
DEFAULT_SPEED = voices.DEFAULT_SPEED
# Planning pace: slower than the voices really speak, so planned cues never overlap.
WORDS_PER_SECOND = 2.5
TOOLS = ("sox", "soxi")
NOISE_VOLUME = 0.06  # the soft brown noise under the voice
SPEECH_GAIN = 0.8  # the voice, a little below full scale so the mix never clips
CHUNK = SAMPLE_RATE  # mixed and encoded one second at a time


class AudioUnavailableError(RuntimeError):
    """sox or every voice is missing, so audio cannot be made on this server."""


class AudioRenderError(RuntimeError):
    """sox or the voice failed while making the audio, or the render was stopped."""


@dataclass(frozen=True)
class Cue:
    at_seconds: float
    text: str
    section: str = ""


@dataclass(frozen=True)
class Script:
    protocol_id: str
    minutes: int
    cues: tuple[Cue, ...]

    @property
    def total_seconds(self) -> int:
        return self.minutes * 60


OPENING_SAFETY = (
    "If at any point the pain grows, or you notice numbness or tingling, stop, and ease "
    "slowly out of the position. New numbness between the legs, or any change in bladder or "
    "bowel control, means stop and call for emergency help straight away."
)
OPENING_TAIL = "Otherwise, there is nothing to do now except rest."
BREATHING = (
    "Let your eyes close, or rest them softly on one spot on the ceiling.",
    "Breathe in slowly through your nose.",
    "And let the breath go, long and easy.",
    "Once more, breathe in, and let your belly rise.",
    "And breathe out, letting your shoulders drop towards the bed.",
    "Now let your breathing find its own gentle rhythm.",
)
BODY_SCAN = (
    "Bring your attention to your low back.",
    "Notice any tightness there, and let the bed and the pillows take the weight.",
    "Move your attention down to your pelvis and buttocks. Let them sink and spread.",
    "Now notice the sides of your hips. These muscles have nothing to hold right now.",
    "Feel the front of the hips, where the legs join the body, and let that crease soften.",
    "Let your attention travel into your thighs, resting on their support.",
    "Let the inner thighs and the backs of the thighs go loose and heavy.",
    "Now let the whole lower body rest, from the waist down to the knees.",
)
QUIET = (
    "Keep resting. There is nothing you need to do.",
    "If your mind wanders, that is fine. Gently come back to your breathing.",
    "Let your low back and hips stay heavy on the bed.",
    "Small, painless twitches are normal. Let them come and go.",
    "Notice the slow rise and fall of your breath.",
    "If anything starts to hurt more, or feels numb or tingly, ease out of the position.",
    "Let the pillows hold your legs. You can let go a little more.",
    "If you feel numbness between the legs, or a change in bladder or bowel control, stop "
    "and call for emergency help, even if it settles.",
)
RETURN = (
    "The session is nearly over. Begin to come back slowly.",
    "Take a deeper breath, and gently move your fingers and toes.",
    "When you are ready, move the pillows aside and bend your knees one at a time.",
    "If you are on your back, roll onto your side first, then use your arms to push yourself "
    "up to sitting.",
    "Sit for a moment before you stand, and notice how you feel compared with the start.",
)

LEAD_IN = 2.0  # seconds of noise before the first word
TAIL = 5.0  # seconds of noise after the last word
QUIET_SPACING = 120.0  # roughly one soft cue every two minutes of quiet
MIN_QUIET_FOR_CUE = 40.0


def speech_seconds(text: str) -> float:
    """How long a cue is planned to take, at the planning pace of 2.5 words a second."""
    return len(text.split()) / WORDS_PER_SECOND


def _opening(protocol: Protocol, minutes: int) -> tuple[str, ...]:
    return (
        f"Welcome to your guided relaxation for the {protocol.title.lower()}. "
        f"It lasts {minutes} minutes.",
        "Settle into the position you chose, with the pillows where the steps showed you, "
        "and your legs resting only as far apart as is comfortable.",
        OPENING_SAFETY,
        OPENING_TAIL,
    )


def _lay_out(texts: tuple[str, ...], start: float, gap: float, section: str) -> list[Cue]:
    cues = []
    at = start
    for text in texts:
        cues.append(Cue(round(at, 2), text, section))
        at += speech_seconds(text) + gap
    return cues


def _end(cues: list[Cue]) -> float:
    last = cues[-1]
    return last.at_seconds + speech_seconds(last.text)


def relaxation_script(protocol: Protocol, minutes: int) -> Script:
    """The cues for a session of `minutes` (validated against the protocol's range)."""
    minutes = protocol.validate_minutes(minutes)
    total = float(minutes * 60)
    # Longer sessions breathe and scan more slowly: gaps grow with the length.
    stretch = (minutes - 5) / 55  # 0 at 5 minutes, 1 at 60
    return_gap = 4.0
    return_length = sum(speech_seconds(t) + return_gap for t in RETURN) - return_gap
    return_start = total - TAIL - return_length

    for scale in (1.0, 0.5, 0.25, 0.0):
        opening_gap = 2.0 * scale
        breath_gap = (5.0 + 5.0 * stretch) * scale
        scan_gap = (5.0 + 20.0 * stretch) * scale
        section_gap = 4.0 * scale
        opening = _lay_out(_opening(protocol, minutes), LEAD_IN, opening_gap, "opening")
        breathing = _lay_out(BREATHING, _end(opening) + section_gap + 1, breath_gap, "breathing")
        scan = _lay_out(BODY_SCAN, _end(breathing) + section_gap + 1, scan_gap, "body_scan")
        quiet_start = _end(scan) + section_gap + 1
        if quiet_start <= return_start:
            break
    else:
        raise ValueError(f"minutes={minutes} is too short for the guided relaxation script.")

    quiet = []
    quiet_length = return_start - quiet_start
    if quiet_length >= MIN_QUIET_FOR_CUE:
        count = max(1, int(quiet_length // QUIET_SPACING))
        spacing = quiet_length / (count + 1)
        for i in range(count):
            text = QUIET[i % len(QUIET)]
            # Centre each soft cue on its slot so the quiet stays evenly spread.
            at = quiet_start + spacing * (i + 1) - speech_seconds(text) / 2
            quiet.append(Cue(round(at, 2), text, "quiet"))

    ending = _lay_out(RETURN, return_start, return_gap, "return")
    cues = (*opening, *breathing, *scan, *quiet, *ending)
    return Script(protocol_id=protocol.id, minutes=minutes, cues=cues)


# ---------------------------------------------------------------------------- rendering


def tools_available() -> bool:
    """sox is installed, and at least one voice (Festival SLT or espeak-ng)."""
    return all(shutil.which(tool) for tool in TOOLS) and (
        voices.festival_installed() or voices.espeak_installed()
    )


def _require_tools() -> None:
    missing = [tool for tool in ("sox",) if not shutil.which(tool)]
    if not (voices.festival_installed() or voices.espeak_installed()):
        missing.insert(0, "a voice (festival with festvox-us-slt-hts, or espeak-ng)")
    if missing:
        raise AudioUnavailableError(
            f"Relaxation audio needs {' and '.join(missing)} installed on this server "
            "(for example: apt-get install festival festvox-us-slt-hts espeak-ng sox "
            "libsox-fmt-all)."
        )


def choose_voice(voice: str = DEFAULT_VOICE, speed: int = DEFAULT_SPEED) -> Voice:
    """The voice a render will use (see hiphub.selfcare.voices.choose)."""
    try:
        return voices.choose(voice, speed)
    except voices.VoiceUnavailableError as exc:
        raise AudioUnavailableError(str(exc)) from None


class _Speech:
    """The cues' clips placed on the timeline, in order. A cue starts at its planned time, or
    a quarter of a second after the previous one really ended, so real speech never overlaps.

    With `wait`, a cue whose clip is still being spoken holds the render until it is ready.
    Without, the clips are spoken in a thread and a cue that is not ready when its time comes
    starts later (`late` counts them), so the sound keeps flowing to a listener."""

    def __init__(
        self,
        script: Script,
        clips: Iterator[np.ndarray],
        wait: bool,
        kept: Callable[[str], np.ndarray | None] = lambda text: None,
    ) -> None:
        self.cues = script.cues
        self.total = script.total_seconds * SAMPLE_RATE
        self.free_from = 0
        self.index = 0
        self.late = 0
        self.clips = clips
        self.wait = wait
        self.kept = kept
        self.ready: list[np.ndarray] = []
        self.failure: list[BaseException] = []
        self.finished = threading.Event()
        if not wait:
            threading.Thread(target=self._speak_all, daemon=True).start()

    def _speak_all(self) -> None:
        try:
            for clip in self.clips:
                self.ready.append(clip)
        except BaseException as exc:  # handed to the render, which raises it
            self.failure.append(exc)
        finally:
            self.finished.set()

    def _next_clip(self) -> np.ndarray | None:
        if self.wait:
            return next(self.clips)
        if self.index < len(self.ready):
            return self.ready[self.index]
        spoken_before = self.kept(self.cues[self.index].text)
        if spoken_before is not None:
            return spoken_before
        if self.failure:
            raise self.failure[0]
        return None

    def due(self, begin: int, end: int) -> list[tuple[int, np.ndarray]]:
        """(first sample, samples) of every cue planned to start before `end`; none starts
        before `begin`, the first sample not yet written."""
        placed = []
        while self.index < len(self.cues):
            planned = int(self.cues[self.index].at_seconds * SAMPLE_RATE)
            if planned >= end:
                break
            clip = self._next_clip()
            if clip is None:
                self.late += 1 if planned >= begin else 0
                break
            self.index += 1
            start = max(planned, self.free_from, begin)
            stop = min(start + len(clip), self.total)
            if stop <= start:
                continue
            voice = (clip[: stop - start].astype(np.int32) * 4 // 5).astype(np.int16)
            placed.append((start, voice))
            self.free_from = stop + SAMPLE_RATE // 4
        return placed


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            break
        data += more
    return bytes(data)


def _tags(script: Script, voice: Voice) -> list[str]:
    return [
        "--comment",
        f"TITLE=Guided relaxation, {script.minutes} minutes",
        "--add-comment",
        "ARTIST=hiphub",
        "--add-comment",
        f"VOICE={voice.label}",
    ]


def render(
    script: Script,
    out_path: Path,
    voice: Voice | None = None,
    clip_folder: Path | None = None,
    should_stop: Callable[[], bool] | None = None,
    late: list[int] | None = None,
) -> Path:
    """Write the script as OGG Vorbis of exactly script.total_seconds seconds to out_path.

    The file grows as the sound is made; spoken cues are kept in `clip_folder` (a temporary
    folder if None). `should_stop` is asked once per second of sound; True abandons the render
    with AudioRenderError. With a `late` list, the render never waits for the voice: a cue
    that is not spoken yet when its time comes starts as soon as it is, and the number of such
    cues is appended to `late` (0 means the file is exactly what a waiting render makes)."""
    _require_tools()
    voice = voice or choose_voice()
    out_path = Path(out_path)
    if clip_folder is None:
        with tempfile.TemporaryDirectory(prefix="hiphub-clips-") as tmp:
            return render(script, out_path, voice, Path(tmp), should_stop, late)
    seconds = script.total_seconds
    total = seconds * SAMPLE_RATE
    fade = min(6.0, seconds / 10)
    raw = ["-t", "raw", "-r", str(SAMPLE_RATE), "-e", "signed", "-b", "16", "-c", "1"]
    noise = subprocess.Popen(
        [
            *("sox", "-n", *raw, "-", "synth", str(seconds), "brownnoise"),
            *("vol", str(NOISE_VOLUME), "fade", "q", str(fade), str(seconds), str(fade)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    # A small buffer so the first pages reach the file within a moment.
    encoder = subprocess.Popen(
        [
            *("sox", "--buffer", "1024", *raw, "-", *_tags(script, voice)),
            *("-C", "0", "-t", "ogg", str(out_path)),
        ],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    spoken = voices.clips(voice, [c.text for c in script.cues], clip_folder)
    speech = _Speech(
        script,
        spoken,
        wait=late is None,
        kept=lambda text: voices.kept(voice, text, clip_folder),
    )
    pending: list[tuple[int, np.ndarray]] = []
    failed = False
    try:
        assert noise.stdout is not None and encoder.stdin is not None
        for begin in range(0, total, CHUNK):
            if should_stop is not None and should_stop():
                raise AudioRenderError("The render was stopped before it finished.")
            end = min(begin + CHUNK, total)
            # Every cue that is planned to start before this second ends.
            pending += speech.due(begin, end)
            block = np.frombuffer(_read_exactly(noise.stdout, (end - begin) * 2), dtype="<i2")
            if len(block) != end - begin:
                raise AudioRenderError("sox stopped making the background sound early.")
            mixed = block.astype(np.int32)
            for start, samples in pending:
                lo, hi = max(start, begin), min(start + len(samples), end)
                if lo < hi:
                    mixed[lo - begin : hi - begin] += samples[lo - start : hi - start]
            pending = [(s, c) for s, c in pending if s + len(c) > end]
            encoder.stdin.write(np.clip(mixed, -32768, 32767).astype("<i2").tobytes())
        encoder.stdin.close()
        if late is not None:
            late.append(speech.late)
        if encoder.wait(timeout=600) != 0:
            detail = (encoder.stderr.read() if encoder.stderr else b"").decode(errors="replace")
            raise AudioRenderError(f"sox failed: {detail.strip() or 'no detail'}")
    except voices.SpeechError as exc:
        raise AudioRenderError(str(exc)) from exc
    except voices.VoiceUnavailableError as exc:
        raise AudioUnavailableError(str(exc)) from exc
    except BrokenPipeError as exc:
        raise AudioRenderError("sox stopped while encoding the audio.") from exc
    except BaseException:
        failed = True
        raise
    finally:
        close = getattr(spoken, "close", None)
        if close and speech.wait:  # a speaking thread finishes on its own
            close()
        for process in (noise, encoder):
            if process.poll() is None:
                process.kill()
            process.wait()
        if noise.stdout:
            noise.stdout.close()
        if encoder.stderr:
            encoder.stderr.close()
        if failed:
            out_path.unlink(missing_ok=True)  # nothing half-written is left behind
    return out_path


MP3_KBPS = 48  # mono speech over soft noise: about 7 MB for 20 minutes


@functools.cache
def mp3_available() -> bool:
    """sox can write MP3 here (Debian: libsox-fmt-mp3, part of libsox-fmt-all)."""
    if not shutil.which("sox"):
        return False
    result = subprocess.run(["sox", "-h"], capture_output=True, text=True, timeout=60)
    formats = next(
        (line for line in result.stdout.splitlines() if line.startswith("AUDIO FILE FORMATS")), ""
    )
    return "mp3" in formats.split()


def to_mp3(ogg: Path, mp3: Path) -> Path:
    """Write an MP3 copy of a finished OGG Vorbis render (for Safari, which does not play OGG),
    whole or not at all: it is made beside `mp3` and moved into place when complete."""
    if not mp3_available():
        raise AudioUnavailableError(
            "MP3 audio needs sox's MP3 support (apt-get install libsox-fmt-mp3)."
        )
    part = mp3.with_name(f"{mp3.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        result = subprocess.run(
            ["sox", str(ogg), "-C", str(MP3_KBPS), "-t", "mp3", str(part)],
            capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            raise AudioRenderError(f"sox failed: {result.stderr.strip() or 'no detail'}")
        part.replace(mp3)
    finally:
        part.unlink(missing_ok=True)
    return mp3


def duration_seconds(path: Path) -> float:
    """The length of an audio file as sox reads it."""
    result = subprocess.run(
        ["soxi", "-D", str(path)], check=True, capture_output=True, text=True, timeout=60
    )
    return float(result.stdout.strip())


def tags(path: Path) -> dict[str, str]:
    """The file's tags (TITLE, ARTIST, VOICE) as sox reads them."""
    result = subprocess.run(
        ["soxi", "-a", str(path)], check=True, capture_output=True, text=True, timeout=60
    )
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {key.upper(): value for key, value in pairs}


def cache_key(script: Script, voice: Voice) -> str:
    timings = tuple((c.at_seconds, c.text) for c in script.cues)
    return key_for(AUDIO_VERSION, script.protocol_id, script.minutes, timings, voice.id)


def cached_render(
    protocol: Protocol,
    minutes: int,
    voice: str = DEFAULT_VOICE,
    speed: int = DEFAULT_SPEED,
) -> Path:
    """The guided relaxation for this protocol and length, rendered once into the render cache
    (the same file the web player serves, hiphub.selfcare.prerender) and then reused."""
    _require_tools()
    chosen = choose_voice(voice, speed)
    script = relaxation_script(protocol, minutes)
    clips = Path(settings.RENDER_CACHE_DIR) / "audio" / "clips"

    def make(tmp: Path) -> None:
        render(script, tmp, chosen, clips)

    return cached_file("audio", cache_key(script, chosen), ".ogg", make)


def describe(seconds: float) -> str:
    whole = math.floor(seconds + 0.5)
    return f"{whole // 60}:{whole % 60:02d}"

