"""Guided relaxation audio: a timed script of spoken cues, rendered with espeak-ng and sox.

`relaxation_script` is pure: it lays the cues out for any length (opening, breathing, a body
scan from the low back through the hips and thighs, a quiet stretch with occasional soft
cues, and a gentle return that ends just before the last second). `render` speaks each cue
with `espeak-ng -w`, places it at its time on a speech track, mixes that over soft brown
noise made by sox, and encodes OGG Vorbis of exactly `minutes * 60` seconds.
"""

import math
import shutil
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hiphub.core.rendercache import cached_file, key_for
from hiphub.selfcare.protocol import Protocol

# Bump when the script wording, layout or the sound recipe changes, so old renders are not reused.
AUDIO_VERSION = 2
SAMPLE_RATE = 22050
DEFAULT_VOICE = "en"
DEFAULT_SPEED = 135  # espeak-ng words per minute; calm but clear
# Planning pace: slower than espeak-ng really speaks, so planned cues never overlap.
WORDS_PER_SECOND = 2.5
TOOLS = ("espeak-ng", "sox")


class AudioUnavailableError(RuntimeError):
    """espeak-ng or sox is not installed, so audio cannot be made on this server."""


class AudioRenderError(RuntimeError):
    """espeak-ng or sox failed while making the audio."""


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
    return all(shutil.which(tool) for tool in TOOLS)


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        raise AudioUnavailableError(
            f"Relaxation audio needs {' and '.join(missing)} installed on this server "
            "(for example: apt-get install espeak-ng sox libsox-fmt-all)."
        )


def _run(args: list[str]) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=600)
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()
        raise AudioRenderError(
            f"{args[0]} failed: {detail[-1] if detail else 'exit ' + str(exc.returncode)}"
        ) from exc


def _speak(text: str, wav: Path, voice: str, speed: int) -> np.ndarray:
    """The cue as 16-bit mono samples at SAMPLE_RATE."""
    _run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), "--", text])
    with wave.open(str(wav), "rb") as f:
        rate, channels, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
        frames = f.readframes(f.getnframes())
    if (rate, channels, width) != (SAMPLE_RATE, 1, 2):
        converted = wav.with_suffix(".conv.wav")
        _run(["sox", str(wav), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(converted)])
        with wave.open(str(converted), "rb") as f:
            frames = f.readframes(f.getnframes())
    return np.frombuffer(frames, dtype="<i2")


def _speech_track(script: Script, folder: Path, voice: str, speed: int) -> np.ndarray:
    total = script.total_seconds * SAMPLE_RATE
    track = np.zeros(total, dtype=np.int16)
    with ThreadPoolExecutor(max_workers=4) as pool:
        clips = list(
            pool.map(
                lambda item: _speak(item[1].text, folder / f"cue{item[0]:03d}.wav", voice, speed),
                enumerate(script.cues),
            )
        )
    free_from = 0  # first sample after the previous cue, so real speech never overlaps
    for cue, clip in zip(script.cues, clips, strict=True):
        start = max(int(cue.at_seconds * SAMPLE_RATE), free_from)
        end = min(start + len(clip), total)
        if end <= start:
            continue
        track[start:end] = (clip[: end - start].astype(np.int32) * 4 // 5).astype(np.int16)
        free_from = end + SAMPLE_RATE // 4
    return track


def render(
    script: Script,
    out_path: Path,
    voice: str = DEFAULT_VOICE,
    speed: int = DEFAULT_SPEED,
) -> Path:
    """Write the script as OGG Vorbis of exactly script.total_seconds seconds to out_path."""
    _require_tools()
    seconds = script.total_seconds
    out_path = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="hiphub-audio-") as tmp:
        folder = Path(tmp)
        speech = folder / "speech.wav"
        with wave.open(str(speech), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(SAMPLE_RATE)
            f.writeframes(_speech_track(script, folder, voice, speed).tobytes())
        fade = min(6.0, seconds / 10)
        fmt = ["-r", str(SAMPLE_RATE), "-c", "1", "-b", "16"]
        noise = folder / "noise.wav"
        _run(
            [
                *("sox", "-n", *fmt, str(noise), "synth", str(seconds), "brownnoise"),
                *("vol", "0.06", "fade", "q", str(fade), str(seconds), str(fade)),
            ]
        )
        _run(
            [
                *("sox", "-m", "-v", "1", str(speech), "-v", "1", str(noise)),
                *("-C", "0", "-t", "ogg", str(out_path), "trim", "0", str(seconds)),
            ]
        )
    return out_path


def duration_seconds(path: Path) -> float:
    """The length of an audio file as sox reads it."""
    result = subprocess.run(
        ["soxi", "-D", str(path)], check=True, capture_output=True, text=True, timeout=60
    )
    return float(result.stdout.strip())


def cache_key(script: Script, voice: str, speed: int) -> str:
    timings = tuple((c.at_seconds, c.text) for c in script.cues)
    return key_for(AUDIO_VERSION, script.protocol_id, script.minutes, timings, voice, speed)


def cached_render(
    protocol: Protocol,
    minutes: int,
    voice: str = DEFAULT_VOICE,
    speed: int = DEFAULT_SPEED,
) -> Path:
    """The guided relaxation for this protocol and length, rendered once and then reused."""
    _require_tools()
    script = relaxation_script(protocol, minutes)

    def make(tmp: Path) -> None:
        render(script, tmp, voice, speed)

    return cached_file("audio", cache_key(script, voice, speed), ".ogg", make)


def describe(seconds: float) -> str:
    whole = math.floor(seconds + 0.5)
    return f"{whole // 60}:{whole % 60:02d}"
