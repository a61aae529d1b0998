"""Relaxation audio on disk: finished files, renders in progress, and the start-up pre-render.

In `<cache>/audio/` (cache = settings.RENDER_CACHE_DIR, passed in so this also runs without
Django):

- `<key>.ogg`: a finished render, served with HTTP Range (hiphub.selfcare.audio_views);
- `<key>.mp3`: its MP3 copy for Safari, which does not play OGG, made once the OGG is done;
- `<key>.lock`: locked (flock) while a render of that key runs, and naming its `.part` file;
- `<key>.<random>.part`: the render in progress, growing a second of sound at a time;
- `clips/`: every spoken cue, so each sentence is spoken once per voice.

A listener who asks for a length that is not finished gets the render in progress from its
first byte while it grows (`follow`); nobody waits for the whole file. `hiphub serve` starts
`python -m hiphub.selfcare.prerender` in the background (nice 10), which speaks every cue first
and then renders every length of every protocol, the default length first, skipping those
already on disk; it stops by itself when the server stops.
"""

import argparse
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hiphub.selfcare import audio, voices
from hiphub.selfcare.protocol import RELAX_STEP, Protocol, protocols
from hiphub.selfcare.voices import Voice

READ_SIZE = 64 * 1024
FOLLOW_POLL = 0.05  # seconds between looks at a growing file
FOLLOW_START = 10.0  # how long a listener waits for a render to create its file
FOLLOW_LIMIT = 30 * 60.0  # a render that runs this long is given up on


@dataclass(frozen=True)
class Track:
    """One protocol at one length in one voice, and where its files live."""

    folder: Path
    protocol: Protocol
    minutes: int
    voice: Voice

    @cached_property
    def script(self) -> audio.Script:
        return audio.relaxation_script(self.protocol, self.minutes)

    @cached_property
    def key(self) -> str:
        return audio.cache_key(self.script, self.voice)

    @property
    def final(self) -> Path:
        return self.folder / f"{self.key}.ogg"

    @property
    def mp3(self) -> Path:
        return self.folder / f"{self.key}.mp3"

    @property
    def lock(self) -> Path:
        return self.folder / f"{self.key}.lock"

    @property
    def clips(self) -> Path:
        return self.folder / "clips"


def audio_folder(cache_dir: Path) -> Path:
    return Path(cache_dir) / "audio"


def track(cache_dir: Path, protocol: Protocol, minutes: int, voice: Voice | None = None) -> Track:
    return Track(audio_folder(cache_dir), protocol, minutes, voice or audio.choose_voice())


def lengths(protocol: Protocol) -> list[int]:
    """The lengths the player offers (5-minute steps), the default first."""
    offered = [m for m in range(protocol.minutes.min, protocol.minutes.max + 1) if m % 5 == 0]
    default = protocol.minutes.default
    return sorted(offered, key=lambda m: (m != default, m))


def has_audio(protocol: Protocol) -> bool:
    return any(step.id == RELAX_STEP for step in protocol.steps)


def rendering(item: Track) -> bool:
    """A render of this track is running now (in any process or thread)."""
    try:
        fd = os.open(item.lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing also drops a shared lock taken just now
    return False


def render_track(
    item: Track, should_stop: Callable[[], bool] | None = None, live: bool = False
) -> bool:
    """Render the track to its final file unless it is there or another render holds the lock.
    True if the final file exists afterwards.

    `live` is for a render that listeners are following: it never waits for the voice (a cue
    not spoken in time starts a little late), and if any cue was late, that file goes only to
    those listeners and an exact render follows at once (the voice is ready by then)."""
    if item.final.exists():
        return True
    item.folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(item.lock, os.O_RDWR | os.O_CREAT, 0o644)
    part: Path | None = None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if item.final.exists():  # finished between the first look and the lock
            return True
        for stale in item.folder.glob(f"{item.key}.*.part"):  # left by a render that died
            stale.unlink(missing_ok=True)
        while True:
            part = item.folder / f"{item.key}.{uuid.uuid4().hex[:12]}.part"
            part.touch()
            os.ftruncate(fd, 0)
            os.pwrite(fd, part.name.encode(), 0)
            late: list[int] | None = [] if live else None
            audio.render(item.script, part, item.voice, item.clips, should_stop, late)
            if not late or late[0] == 0:
                part.replace(item.final)
                return True
            part.unlink()  # its listeners keep reading it; nobody new is sent it
            live = False
    finally:
        os.ftruncate(fd, 0)
        if part is not None:
            part.unlink(missing_ok=True)
        os.close(fd)  # releases the lock


def make_mp3(item: Track) -> Path:
    """The finished render's MP3 copy, made now if it is not on disk (the OGG must exist)."""
    if not item.mp3.exists():
        audio.to_mp3(item.final, item.mp3)
    return item.mp3


def wait_for(item: Track, timeout: float) -> bool:
    """Wait up to `timeout` seconds for the track's render to finish; True if it has."""
    limit = time.monotonic() + timeout
    while not item.final.exists():
        if time.monotonic() > limit:
            return False
        time.sleep(FOLLOW_POLL * 4)
    return True


def start(item: Track) -> None:
    """Render the track in a background thread of this process, unless it is finished or
    already being rendered. Returns at once."""
    if item.final.exists() or rendering(item):
        return

    def run() -> None:
        try:
            render_track(item, live=True)
        except (audio.AudioRenderError, audio.AudioUnavailableError, OSError) as exc:
            print(f"hiphub: relaxation audio failed: {exc}", file=sys.stderr)

    threading.Thread(target=run, name=f"audio-{item.key[:8]}", daemon=True).start()


def _current_part(item: Track) -> str:
    try:
        return item.lock.read_text().strip()
    except FileNotFoundError:
        return ""


def _open_part(item: Track) -> tuple[int, str] | None:
    """A file descriptor on the render in progress and its name, or None if there is none."""
    name = _current_part(item)
    if not name or not rendering(item):
        return None
    try:
        return os.open(item.folder / name, os.O_RDONLY), name
    except FileNotFoundError:
        return None  # it has just been renamed to the final file


def follow(item: Track) -> Iterator[bytes] | None:
    """The render in progress as it grows, from its first byte to its last; None if the
    track is finished (serve the final file instead). Raises TimeoutError if no render has
    started within FOLLOW_START seconds."""
    deadline = time.monotonic() + FOLLOW_START
    while True:
        if item.final.exists():
            return None
        fd = _open_part(item)
        if fd is not None:
            return _tail(item, *fd)
        if time.monotonic() > deadline:
            raise TimeoutError(f"no render of {item.protocol.id} at {item.minutes} minutes began")
        time.sleep(FOLLOW_POLL / 5)


def _tail(item: Track, fd: int, name: str) -> Iterator[bytes]:
    limit = time.monotonic() + FOLLOW_LIMIT
    try:
        while time.monotonic() < limit:
            data = os.read(fd, READ_SIZE)
            if data:
                yield data
                continue
            if rendering(item) and _current_part(item) == name:
                time.sleep(FOLLOW_POLL)
                continue
            # The render has ended: send what it wrote last, and stop.
            while data := os.read(fd, READ_SIZE):
                yield data
            return
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- pre-render


def prerender_all(
    cache_dir: Path,
    voice: Voice | None = None,
    should_stop: Callable[[], bool] | None = None,
    report: Callable[[str], None] = lambda line: None,
    catalogue: Iterable[Protocol] | None = None,
) -> int:
    """Speak every cue, then render every offered length of every protocol (default: all
    shipped) with a relaxation step that is not on disk yet. Returns how many it rendered."""
    voice = voice or audio.choose_voice()
    tracks = [
        track(cache_dir, protocol, minutes, voice)
        for protocol in (protocols().values() if catalogue is None else catalogue)
        if has_audio(protocol)
        for minutes in lengths(protocol)
    ]
    if audio.mp3_available():  # copies for Safari of renders made before there were any
        for item in tracks:
            if item.final.exists() and not item.mp3.exists():
                if should_stop is not None and should_stop():
                    return 0
                make_mp3(item)
    todo = [t for t in tracks if not t.final.exists()]
    if not todo:
        return 0
    # Every distinct sentence, in one run of the voice: later renders only mix and encode.
    texts = list(dict.fromkeys(c.text for t in todo for c in t.script.cues))
    report(f"Speaking {len(texts)} cues with {voice.label} ...")
    for _ in voices.clips(voice, texts, todo[0].clips):
        if should_stop is not None and should_stop():
            return 0
    made = 0
    for item in todo:
        if should_stop is not None and should_stop():
            break
        started = time.monotonic()
        try:
            finished = not item.final.exists() and render_track(item, should_stop)
        except audio.AudioRenderError:
            if should_stop is not None and should_stop():
                break
            raise
        if finished and audio.mp3_available():
            make_mp3(item)
        if finished:
            made += 1
            report(
                f"{item.protocol.id}: {item.minutes} minutes ready "
                f"({time.monotonic() - started:.0f} s)"
            )
    return made


def start_in_background(cache_dir: Path) -> subprocess.Popen[bytes] | None:
    """Start the pre-render as its own low-priority process; None if audio cannot be made
    here. It logs to <cache>/audio/prerender.log and ends when this process ends."""
    if not audio.tools_available():
        return None
    folder = audio_folder(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "prerender.log").open("ab") as log:
        return subprocess.Popen(
            [
                sys.executable, "-m", "hiphub.selfcare.prerender",
                "--cache-dir", str(cache_dir),
                # Named here, not read by the child: a server that stops while the child is
                # still starting up would otherwise never be seen to go.
                "--parent", str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended whole by _watch_parent
        )


def _watch_parent(parent: int) -> None:
    """When the server that started this process is gone, end this process group: this
    process and the voice and sox processes it is running."""
    while os.getppid() == parent:
        time.sleep(1)
    os.killpg(0, signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render every relaxation audio length.")
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--parent", type=int, default=0, help="end when this process has gone")
    args = parser.parse_args(argv)
    os.nice(10)
    parent = args.parent or os.getppid()
    if os.getppid() != parent:  # the server stopped before this process got going
        return 0

    def parent_gone() -> bool:
        return os.getppid() != parent

    if os.getpgrp() == os.getpid():  # started by start_in_background
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()

    try:
        made = prerender_all(
            args.cache_dir, should_stop=parent_gone, report=lambda line: print(line, flush=True)
        )
    except (audio.AudioUnavailableError, audio.AudioRenderError) as exc:
        print(f"Relaxation audio was not prepared: {exc}", flush=True)
        return 1
    print(f"Relaxation audio: {made} new files ready.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
