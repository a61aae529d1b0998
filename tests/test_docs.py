"""Docs stay true: every setting and every command is documented."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import cli_reference  # noqa: E402

README = (ROOT / "README.md").read_text()
SETTINGS_SOURCE = (ROOT / "src" / "hiphub" / "settings.py").read_text()


def env_vars_read_by_settings() -> set[str]:
    return set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))


def test_settings_reads_the_variables_we_expect() -> None:
    assert {"HIPHUB_DATA_DIR", "HIPHUB_SECRET_KEY", "HIPHUB_DEBUG", "DATABASE_URL"} <= (
        env_vars_read_by_settings()
    )


@pytest.mark.parametrize("name", sorted(env_vars_read_by_settings()))
def test_every_setting_is_in_the_readme_table(name: str) -> None:
    assert re.search(rf"^\| `{name}` \|", README, re.MULTILINE), f"{name} missing from README"


def test_cli_reference_is_current() -> None:
    on_disk = (ROOT / "docs" / "cli.md").read_text()
    assert on_disk == cli_reference.reference(), "docs/cli.md is stale: run `make docs`"


@pytest.mark.parametrize("command", cli_reference.command_paths()[1:])
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"{command} is not mentioned in README.md"
