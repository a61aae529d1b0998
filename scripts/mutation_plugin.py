"""pytest plugin loaded by `make mutation` only (-p mutation_plugin, with scripts/ on PYTHONPATH).

Hypothesis health checks and deadlines measure speed, which a busy machine running two
mutants at a time cannot promise: a slow draw would count as a killed mutant. Examples are
derandomized so that two runs on the same code give the same score.

Tests that need no database run first. mutmut stops each mutant's run at the first failure
(-x), and pytest-django orders database tests first, so a mutant that a pure test kills in
milliseconds used to pay for creating the test database before that test ran. The order
changes only which failure is met first, not whether the mutant is killed.
"""

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
