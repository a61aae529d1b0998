"""The voices that speak the guided relaxation: Festival's CMU US SLT voice, or espeak-ng.

`choose` picks the best installed voice: Festival with the HTS voice `cmu_us_slt_arctic_hts`
(Debian packages `festival` and `festvox-us-slt-hts`) when both are there, otherwise
espeak-ng. docs/decisions.md says why, and what the voice's licence allows.

`clips` speaks a list of cues and yields each one as 16-bit mono samples, in order, as soon as
it is ready, so the audio can be mixed and streamed while later cues are still being spoken.
Spoken cues are kept in a folder (keyed by voice, pace and text), so each sentence is spoken
once per voice, whatever the length of the session it is in.
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 22050
DEFAULT_SPEED = 135  # words per minute on espeak-ng's scale; calm but clear
FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
# HTS speech-rate factor that makes the SLT voice speak at espeak-ng's pace at DEFAULT_SPEED
# (measured on the opening cue: 9.9 s with espeak-ng at 135, 8.1 s with SLT at 1.0).
FESTIVAL_RATE_AT_DEFAULT = 0.82
AUTO = "auto"
# Loudness of speech (RMS of the voiced samples, full scale = 1). Festival speaks about 6 dB
# softer than espeak-ng; each cue is brought to espeak-ng's level, so the balance between the
# voice and the background sound stays as it was.
SPEECH_RMS = 0.125


class VoiceUnavailableError(RuntimeError):
    """The voice asked for is not installed on this machine."""


class SpeechError(RuntimeError):
    """The speech engine failed while speaking a cue."""


@dataclass(frozen=True)
class Voice:
    engine: str  # "festival" or "espeak-ng"
    name: str  # Festival voice or espeak-ng voice
    speed: int  # words per minute on espeak-ng's scale

    @property
    def id(self) -> str:
        """Stable identity for cache keys: engine, voice and pace."""
        return f"{self.engine}/{self.name}@{self.speed}"

    @property
    def label(self) -> str:
        """The voice in words, as the CLI, the page and the file's tags name it."""
        if self.engine == "festival":
            return "Festival, CMU US SLT voice (HTS)"
        return f"espeak-ng, voice {self.name}"


def festival_installed() -> bool:
    """Festival and the SLT voice are both installed."""
    festival = shutil.which("festival")
    if not festival:
        return False
    # Debian installs voices under /usr/share/festival/voices/<language>/<voice>.
    prefix = Path(festival).resolve().parent.parent
    roots = [prefix / "share" / "festival", Path("/usr/share/festival")]
    return any(any((root / "voices").glob(f"*/{FESTIVAL_VOICE}")) for root in roots)


def espeak_installed() -> bool:
    return shutil.which("espeak-ng") is not None


def choose(voice: str = AUTO, speed: int = DEFAULT_SPEED) -> Voice:
    """The voice to use: 'auto' (Festival SLT if installed, else espeak-ng 'en'), 'festival',
    or an espeak-ng voice name such as 'en' or 'en-us'."""
    if voice == AUTO:
        if festival_installed():
            return Voice("festival", FESTIVAL_VOICE, speed)
        if espeak_installed():
            return Voice("espeak-ng", "en", speed)
        raise VoiceUnavailableError(
            "No speech engine is installed: install festival and festvox-us-slt-hts "
            "(or at least espeak-ng)."
        )
    if voice == "festival":
        if not festival_installed():
            raise VoiceUnavailableError(
                "Festival with the CMU US SLT voice is not installed "
                "(apt-get install festival festvox-us-slt-hts)."
            )
        return Voice("festival", FESTIVAL_VOICE, speed)
    if not espeak_installed():
        raise VoiceUnavailableError(f"espeak-ng is not installed, so voice {voice!r} cannot speak.")
    return Voice("espeak-ng", voice, speed)


def clip_name(voice: Voice, text: str) -> str:
    digest = hashlib.sha256(f"{voice.id}\x00{text}".encode()).hexdigest()[:32]
    return f"{digest}.wav"


def read_samples(path: Path) -> np.ndarray:
    """A WAV file's samples, which must be 16-bit mono at SAMPLE_RATE."""
    with wave.open(str(path), "rb") as f:
        shape = (f.getframerate(), f.getnchannels(), f.getsampwidth())
        frames = f.readframes(f.getnframes())
    if shape != (SAMPLE_RATE, 1, 2):
        raise SpeechError(f"{path.name}: expected 16-bit mono at {SAMPLE_RATE} Hz, got {shape}")
    return np.frombuffer(frames, dtype="<i2")


def level(samples: np.ndarray) -> np.ndarray:
    """The samples scaled so their voiced part has SPEECH_RMS, without clipping."""
    x = samples.astype(np.float64) / 32768
    voiced = x[np.abs(x) > 0.01]
    if not len(voiced):
        return samples
    gain = SPEECH_RMS / float(np.sqrt(np.mean(voiced**2)))
    gain = min(gain, 0.99 / float(np.abs(x).max()))
    return np.round(x * gain * 32767).astype(np.int16)


def _run(args: list[str], **kwargs: object) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()
        raise SpeechError(
            f"{args[0]} failed: {detail[-1] if detail else 'exit ' + str(exc.returncode)}"
        ) from exc
    except FileNotFoundError as exc:
        raise VoiceUnavailableError(f"{args[0]} is not installed.") from exc


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _festival_script(voice: Voice, jobs: Sequence[tuple[str, Path]]) -> str:
    rate = FESTIVAL_RATE_AT_DEFAULT * voice.speed / DEFAULT_SPEED
    lines = [
        f"(voice_{voice.name})",
        f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {rate:.3f}))))',
        "(define (hiphub-say text file)",
        "  (let ((utt (utt.synth (eval (list 'Utterance 'Text text)))))",
        f"    (utt.wave.resample utt {SAMPLE_RATE})",
        "    (utt.save.wave utt file 'riff)))",
    ]
    lines += [f"(hiphub-say {_scheme_string(t)} {_scheme_string(str(p))})" for t, p in jobs]
    return "\n".join(lines) + "\n"


def _speak_festival(voice: Voice, jobs: Sequence[tuple[str, Path]], work: Path) -> Iterator[Path]:
    """Speak every job in one Festival process (its start-up is the slow part), yielding each
    file once complete: Festival writes them in order, so a file is whole once the next one
    exists or Festival has exited."""
    script = work / "cues.scm"
    script.write_text(_festival_script(voice, jobs), encoding="utf-8")
    process = subprocess.Popen(
        ["festival", "-b", str(script)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for i, (_, path) in enumerate(jobs):
            following = jobs[i + 1][1] if i + 1 < len(jobs) else None
            while not (following is not None and following.exists()):
                if process.poll() is not None:
                    break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.02)
            if process.poll() not in (None, 0) or not path.exists():
                process.wait()
                error = (process.stderr.read() if process.stderr else b"").decode(errors="replace")
                detail = error.strip().splitlines()
                raise SpeechError(f"festival failed: {detail[-1] if detail else 'no output'}")
            yield path
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()


def _speak_espeak(voice: Voice, jobs: Sequence[tuple[str, Path]]) -> Iterator[Path]:
    def one(job: tuple[str, Path]) -> Path:
        text, path = job
        _run(["espeak-ng", "-v", voice.name, "-s", str(voice.speed), "-w", str(path), "--", text])
        return path

    with ThreadPoolExecutor(max_workers=4) as pool:
        yield from pool.map(one, jobs)


def kept(voice: Voice, text: str, folder: Path) -> np.ndarray | None:
    """The text as spoken earlier by this voice, if it is in the folder."""
    target = folder / clip_name(voice, text)
    return level(read_samples(target)) if target.exists() else None


def clips(voice: Voice, texts: Sequence[str], folder: Path) -> Iterator[np.ndarray]:
    """Each text spoken by `voice` as samples, in order, each kept in `folder` for next time."""
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / clip_name(voice, text) for text in texts]
    missing: dict[Path, str] = {}
    for text, target in zip(texts, targets, strict=True):
        if not target.exists():
            missing.setdefault(target, text)
    with tempfile.TemporaryDirectory(prefix="hiphub-voice-") as tmp:
        work = Path(tmp)
        jobs = [(text, work / f"cue{i:03d}.wav") for i, text in enumerate(missing.values())]
        spoken = (
            _speak_festival(voice, jobs, work)
            if voice.engine == "festival"
            else _speak_espeak(voice, jobs)
        )
        pending = iter(zip(missing, spoken, strict=True))
        try:
            for target in targets:
                while not target.exists():
                    done_target, done_path = next(pending)
                    _keep(done_path, done_target, work)
                yield level(read_samples(target))
        finally:
            close = getattr(spoken, "close", None)
            if close:
                close()


def _keep(spoken: Path, target: Path, work: Path) -> None:
    """Move a freshly spoken clip into the folder, converted to the mixing format if needed."""
    with wave.open(str(spoken), "rb") as f:
        shape = (f.getframerate(), f.getnchannels(), f.getsampwidth())
    if shape != (SAMPLE_RATE, 1, 2):
        converted = work / f"{spoken.stem}.conv.wav"
        _run(["sox", str(spoken), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(converted)])
        spoken = converted
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".wav")
    os.close(fd)
    shutil.copyfile(spoken, tmp_name)
    Path(tmp_name).replace(target)
