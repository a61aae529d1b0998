"""The house rules of the code's shape, checked by reading the source:

- no import cycle between the files of one app (imports inside functions count too: a lazy
  import hides a cycle, it does not remove it);
- the pure domain modules import neither Django's request nor its ORM, nor an app's models;
- a template tag imports no view.
"""

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hiphub"
APPS = sorted(p.name for p in SRC.iterdir() if (p / "apps.py").exists())

# Rules and computations with no database and no request: testable in tables, usable from the
# web, the API and the CLI alike.
PURE = [
    "anatomy/atlas.py",
    "anatomy/easefigure.py",
    "anatomy/graph.py",
    "community/aggregate.py",
    "community/captcha.py",
    "community/hashing.py",
    "community/spam.py",
    "community/threads.py",
    "core/emergency.py",
    "core/figure.py",
    "core/pose.py",
    "core/wording.py",
    "directory/geo.py",
    "directory/places.py",
    "directory/search.py",
    "directory/techniques.py",
    "journal/stats.py",
    "practice/adherence.py",
    "practice/alerts.py",
    "practice/calendar.py",
    "practice/plan.py",
    "reports/experiment.py",
    "screening/gate.py",
    "screening/interpret.py",
    "screening/questionnaires.py",
    "screening/redflags.py",
    "screening/safety.py",
    "screening/shapes.py",
    "selfcare/countdown.py",
    "selfcare/protocol.py",
    "selfcare/timing.py",
]
FORBIDDEN = ("django.db", "django.http", "django.contrib.auth", "django.contrib.sessions")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (absolute names)."""
    found: set[str] = set()
    package = ".".join(["hiphub", *path.relative_to(SRC).parent.parts])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def module_name(path: Path) -> str:
    return ".".join(["hiphub", *path.relative_to(SRC).with_suffix("").parts])


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_between_files_of_one_app(app: str) -> None:
    files = [p for p in (SRC / app).rglob("*.py") if "migrations" not in p.parts]
    names = {module_name(p): p for p in files}
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for name, path in names.items():
        for target in imported_modules(path):
            if target in names and target != name:
                graph.add_edge(name, target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], f"import cycles in {app}: {cycles}"


@pytest.mark.parametrize("relative", PURE)
def test_pure_modules_touch_no_request_and_no_orm(relative: str) -> None:
    imports = imported_modules(SRC / relative)
    bad = sorted(
        m for m in imports if m.startswith(FORBIDDEN) or m.split(".")[-1] in ("models", "views")
    )
    assert bad == [], f"{relative} imports {bad}"


@pytest.mark.parametrize("path", sorted(SRC.glob("*/templatetags/*.py")), ids=lambda p: p.name)
def test_template_tags_import_no_view(path: Path) -> None:
    assert not [m for m in imported_modules(path) if m.split(".")[-1] == "views"]


def test_the_checker_sees_a_cycle_and_a_forbidden_import(tmp_path: Path) -> None:
    """The two checks above would fail on a bad tree (so they are not vacuous)."""
    graph = nx.DiGraph([("a", "b"), ("b", "a")])
    assert list(nx.simple_cycles(graph))
    sample = SRC / "screening" / "gatekeeper.py"  # the adapter may use the ORM; a pure one not
    assert any(m.startswith("django.http") for m in imported_modules(sample))
    assert any(m.endswith(".models") for m in imported_modules(sample))
