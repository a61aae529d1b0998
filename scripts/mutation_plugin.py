"""pytest plugin loaded by `make mutation` only (-p mutation_plugin, with scripts/ on PYTHONPATH).

Hypothesis health checks and deadlines measure speed, which a busy machine running two
mutants at a time cannot promise: a slow draw would count as a killed mutant. Examples are
derandomized so that two runs on the same code give the same score.

Tests that need no database run first. mutmut stops each mutant's run at the first failure
(-x), and pytest-django orders database tests first, so a mutant that a pure test kills in
milliseconds used to pay for creating the test database before that test ran. The order
changes only which failure is met first, not whether the mutant is killed.

Every cache of hiphub's own functions is emptied as each run starts. mutmut forks each
mutant's run from its own process, which has already run the clean tests: a cache filled
there (a loader's result, a drawing) would still hold the unmutated code's answers, and no
mutant behind it could be killed.
"""

import sys

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation", suppress_health_check=list(HealthCheck), deadline=None, derandomize=True
)
settings.load_profile("mutation")

_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _needs_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db"):
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_needs_database)  # stable: the order within each group is kept


def clear_hiphub_caches() -> int:
    """Empty the functools caches of every loaded hiphub module's functions; how many."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "hiphub" or name.startswith("hiphub.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    clear_hiphub_caches()
