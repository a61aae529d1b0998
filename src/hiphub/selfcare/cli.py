"""`hiphub audio ...`: make the guided relaxation audio for a self-care protocol."""

import time
from pathlib import Path
from typing import Annotated

import typer

from hiphub.cli import console, fail
from hiphub.selfcare import audio, protocol

app = typer.Typer(
    help=(
        "Guided relaxation audio for the self-care routines (needs sox, and Festival with "
        "the CMU US SLT voice or else espeak-ng)."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command()
def render(
    minutes: Annotated[
        int | None,
        typer.Option(help="Length in minutes (the protocol's default if left out; usually 5–60)."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the OGG Vorbis file.")
    ] = Path("relaxation.ogg"),
    protocol_id: Annotated[
        str, typer.Option("--protocol", help="Which self-care protocol the audio is for.")
    ] = "positional_release",
    voice: Annotated[
        str,
        typer.Option(
            help="'auto' (Festival's CMU US SLT voice if installed, otherwise espeak-ng), "
            "'festival', or an espeak-ng voice such as en or en-us."
        ),
    ] = audio.DEFAULT_VOICE,
    speed: Annotated[
        int, typer.Option(min=80, max=250, help="Speaking speed in words per minute.")
    ] = audio.DEFAULT_SPEED,
) -> None:
    """Speak the guided relaxation over soft background noise and save it as OGG Vorbis."""
    try:
        chosen = protocol.get(protocol_id)
    except protocol.UnknownProtocolError as exc:
        raise fail(str(exc)) from None
    length = chosen.minutes.default if minutes is None else minutes
    try:
        chosen.validate_minutes(length)
    except ValueError as exc:
        raise fail(f"--minutes: {exc}") from None
    if output.is_dir():
        raise fail(f"--output {output} is a folder; give a file name such as relax.ogg.")
    if not output.parent.exists():
        raise fail(f"--output: the folder {output.parent} does not exist.")
    if not audio.tools_available():
        raise fail(
            "sox and a voice (Festival with festvox-us-slt-hts, or espeak-ng) are needed to "
            "make audio; install them and try again."
        )
    try:
        speaker = audio.choose_voice(voice, speed)
    except audio.AudioUnavailableError as exc:
        raise fail(f"--voice: {exc}") from None
    script = audio.relaxation_script(chosen, length)
    started = time.monotonic()
    with console.status(f"Making {length} minutes of guided relaxation ({speaker.label}) ..."):
        try:
            audio.render(script, output, speaker)
        except (audio.AudioUnavailableError, audio.AudioRenderError) as exc:
            output.unlink(missing_ok=True)
            raise fail(str(exc)) from None
    seconds = audio.duration_seconds(output)
    console.print(
        f"Wrote {output} ({audio.describe(seconds)}, {len(script.cues)} spoken cues, "
        f"voice: {speaker.label}, made in {time.monotonic() - started:.0f} s).",
        highlight=False,
    )
