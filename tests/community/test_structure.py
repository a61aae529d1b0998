"""House rules for the community app's modules: no import cycle between two of its files,
the pure modules touch neither a request nor the database, and a template tag imports no
view. Read from the source (every import, also those inside functions)."""

import ast
from pathlib import Path

import pytest

import hiphub.community

APP = Path(hiphub.community.__file__).parent
PACKAGE = "hiphub.community"
PURE = ["aggregate", "captcha", "hashing", "spam", "threads"]
FORBIDDEN_IN_PURE = ("django.http", "django.db", "django.test")


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP).with_suffix("").parts
    return ".".join((PACKAGE, *parts)).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every module the file imports, with `from package import module` as the module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _app_graph() -> dict[str, set[str]]:
    files = [p for p in APP.rglob("*.py") if "migrations" not in p.parts]
    names = {_module_name(p) for p in files}
    return {_module_name(p): (_imports(p) & names) - {_module_name(p)} for p in files}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node):], node])
            return
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*path, node])
        done.add(node)

    for start in sorted(graph):
        visit(start, [])
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_the_apps_files() -> None:
    graph = _app_graph()
    assert f"{PACKAGE}.forms" in graph and f"{PACKAGE}.posting" in graph
    assert _cycles(graph) == []


def test_the_template_tag_imports_no_view() -> None:
    tags = _imports(APP / "templatetags" / "community_tags.py")
    assert f"{PACKAGE}.views" not in tags


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_touch_no_request_and_no_database(name: str) -> None:
    imported = _imports(APP / f"{name}.py")
    touching = sorted(
        m for m in imported
        if m.startswith(FORBIDDEN_IN_PURE) or m.endswith(".models")
        or (m.startswith(f"{PACKAGE}.") and m.removeprefix(f"{PACKAGE}.") not in PURE)
    )
    assert touching == []
