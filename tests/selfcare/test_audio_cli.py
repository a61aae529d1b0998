import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hiphub.selfcare import audio

runner = CliRunner()

needs_tools = pytest.mark.skipif(
    not audio.tools_available() and os.environ.get("CI") != "true",
    reason="espeak-ng and sox are not installed; install them to run the real render tests",
)


@pytest.fixture
def app(cli_app: typer.Typer) -> typer.Typer:
    return cli_app


def flat(text: str) -> str:
    return " ".join(text.split())


@needs_tools
def test_render_writes_the_file(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "relax.ogg"
    result = runner.invoke(app, ["audio", "render", "--minutes", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 10_000
    assert abs(audio.duration_seconds(out) - 300) <= 6
    assert "Wrote" in result.output and "5:00" in result.output


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
    assert "espeak-ng and sox are needed" in flat(result.output)


def test_missing_output_folder_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["audio", "render", "--minutes", "5", "-o", str(tmp_path / "no" / "x.ogg")]
    )
    assert result.exit_code == 2
    assert "does not exist" in flat(result.output)
