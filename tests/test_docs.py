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


# --- Links ------------------------------------------------------------------------------

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _prose(path: Path) -> str:
    """The Markdown without fenced code blocks, where brackets are not links."""
    return FENCE.sub("", path.read_text())


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", _prose(path), re.MULTILINE):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
        anchors.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return anchors


def relative_links() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for target in LINK.findall(_prose(doc)):
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                found.append((str(doc.relative_to(ROOT)), target))
    return found


def test_the_link_finder_finds_links() -> None:
    links = relative_links()
    assert ("README.md", "docs/cli.md") in links
    assert ("docs/architecture.md", "anatomy.md") in links
    assert "the-questions-graphpy" in heading_anchors(ROOT / "docs" / "anatomy.md")


@pytest.mark.parametrize(("doc", "target"), relative_links())
def test_every_relative_link_resolves(doc: str, target: str) -> None:
    source = ROOT / doc
    path, _, anchor = target.partition("#")
    resolved = (source.parent / path).resolve() if path else source
    assert resolved.is_relative_to(ROOT), f"{doc}: {target} points outside the repository"
    assert resolved.exists(), f"{doc}: {target} does not exist"
    if anchor and resolved.suffix == ".md":
        assert anchor in heading_anchors(resolved), f"{doc}: no heading for #{anchor}"
