"""Print docs/cli.md: every hiphub command's --help, generated so it cannot drift."""

from typing import Any

import typer
from typer.testing import CliRunner

from hiphub import cli

MANAGE_HELP = """Usage: hiphub manage COMMAND [ARGS]...

  Runs any Django management command, for example `hiphub manage createsuperuser`,
  `hiphub manage migrate` or `hiphub manage help` (which lists them all)."""


def _walk(command: Any, path: list[str]) -> list[list[str]]:
    found = [path]
    for name in sorted(getattr(command, "commands", {}) or {}):
        found += _walk(command.commands[name], [*path, name])
    return found


def command_paths() -> list[str]:
    cli._add_subcommands()
    return [" ".join(p) for p in _walk(typer.main.get_command(cli.app), ["hiphub"])]


def _help(path: list[str]) -> str:
    if path[1:2] == ["manage"]:
        return MANAGE_HELP
    result = CliRunner().invoke(
        cli.app, [*path[1:], "--help"], terminal_width=100, prog_name="hiphub"
    )
    assert result.exit_code == 0, result.output
    return result.output.strip()


def reference() -> str:
    parts = [
        "# hiphub command-line reference",
        "",
        "Generated from each command's `--help` by `make docs`; a test fails when it is stale.",
        "",
    ]
    for command in command_paths():
        parts += [f"## `{command}`", "", "```text", _help(command.split()), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
