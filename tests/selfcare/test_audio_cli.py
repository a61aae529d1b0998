from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hiphub.selfcare import audio
from tests.selfcare.conftest import needs_espeak, needs_festival

runner = CliRunner()
FESTIVAL = "Festival, CMU US SLT voice (HTS)"
ESPEAK = "espeak-ng, voice en"


@pytest.fixture
def app(cli_app: typer.Typer) -> typer.Typer:
    return cli_app


def flat(text: str) -> str:
    return " ".join(text.split())


def render_five(app: typer.Typer, out: Path, *extra: str) -> str:
    result = runner.invoke(app, ["audio", "render", "--minutes", "5", "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 10_000
    assert abs(audio.duration_seconds(out) - 300) <= 0.5
    assert "Wrote" in result.output and "5:00" in result.output
    return flat(result.output)


@needs_festival
def test_render_speaks_with_festival_when_it_is_installed(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "relax.ogg"
    assert f"voice: {FESTIVAL}" in render_five(app, out)
    assert audio.tags(out)["VOICE"] == FESTIVAL


@needs_espeak
def test_render_falls_back_to_espeak_without_festival(
    app: typer.Typer, tmp_path: Path, path_without: Callable[..., Path]
) -> None:
    path_without("festival", "text2wave")
    out = tmp_path / "relax.ogg"
    assert f"voice: {ESPEAK}" in render_five(app, out)
    assert audio.tags(out)["VOICE"] == ESPEAK
    # Asking for Festival by name where it is missing is a clear error, not a silent swap.
    refused = runner.invoke(
        app, ["audio", "render", "--voice", "festival", "-o", str(tmp_path / "f.ogg")]
    )
    assert refused.exit_code == 2
    assert "--voice: Festival with the CMU US SLT voice is not installed" in flat(
        refused.output
    )
    assert not (tmp_path / "f.ogg").exists()


def test_no_voice_at_all_exit_2(
    app: typer.Typer, tmp_path: Path, path_without: Callable[..., Path]
) -> None:
    path_without("festival", "text2wave", "espeak-ng")
    result = runner.invoke(app, ["audio", "render", "-o", str(tmp_path / "x.ogg")])
    assert result.exit_code == 2
    assert "sox and a voice (Festival with festvox-us-slt-hts, or espeak-ng) are needed" in flat(
        result.output
    )


def test_too_few_minutes_exit_2_with_a_message(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "relax.ogg"
    result = runner.invoke(app, ["audio", "render", "--minutes", "2", "-o", str(out)])
    assert result.exit_code == 2
    assert "--minutes: minutes must be between 5 and 60" in flat(result.output)
    assert not out.exists()


def test_unknown_protocol_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["audio", "render", "--protocol", "nope", "-o", str(tmp_path / "x.ogg")]
    )
    assert result.exit_code == 2
    assert "Unknown self-care protocol 'nope'" in flat(result.output)


def test_missing_tools_exit_2(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    result = runner.invoke(app, ["audio", "render", "-o", str(tmp_path / "x.ogg")])
    assert result.exit_code == 2
    assert "sox and a voice" in flat(result.output)


def test_missing_output_folder_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["audio", "render", "--minutes", "5", "-o", str(tmp_path / "no" / "x.ogg")]
    )
    assert result.exit_code == 2
    assert "does not exist" in flat(result.output)
