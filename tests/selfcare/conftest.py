import os
import shutil
from pathlib import Path

import pytest

from hiphub.selfcare import audio, voices

# With CI=true a missing tool fails these tests instead of skipping them.
needs_tools = pytest.mark.skipif(
    not audio.tools_available() and os.environ.get("CI") != "true",
    reason="sox and a voice are not installed; install them to run the real render tests",
)
needs_mp3 = pytest.mark.skipif(
    not audio.mp3_available() and os.environ.get("CI") != "true",
    reason="sox cannot write MP3 here; install libsox-fmt-mp3 to test Safari's copy",
)
needs_festival = pytest.mark.skipif(
    not voices.festival_installed() and os.environ.get("CI") != "true",
    reason="festival and festvox-us-slt-hts are not installed",
)
needs_espeak = pytest.mark.skipif(
    not voices.espeak_installed() and os.environ.get("CI") != "true",
    reason="espeak-ng is not installed",
)


@pytest.fixture(scope="session")
def shared_clips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Spoken cues, kept for the whole run: each sentence is spoken once per voice."""
    return tmp_path_factory.mktemp("clips")


@pytest.fixture
def audio_cache(settings: object, shared_clips: Path) -> Path:
    """This test's (empty) render cache, sharing the spoken cues of the run."""
    cache = Path(settings.RENDER_CACHE_DIR)  # type: ignore[attr-defined]
    (cache / "audio").mkdir(parents=True)
    (cache / "audio" / "clips").symlink_to(shared_clips)
    return cache


@pytest.fixture
def path_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Call with program names to hide: PATH then holds only sox, soxi, espeak-ng and festival
    (those not hidden), as links in a fresh folder. The real programs run, just fewer of them."""

    def hide(*hidden: str) -> Path:
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        for name in ("sox", "soxi", "espeak-ng", "festival", "text2wave"):
            found = shutil.which(name)
            if found and name not in hidden:
                (folder / name).symlink_to(found)
        monkeypatch.setenv("PATH", str(folder))
        return folder

    return hide
