"""Shared test ground: personas, frozen time, and a real Chromium for browser tests.

Personas (healthchecks-style): alice and bob are members, tara is a therapist, mo is a
moderator, and `visitor` is an anonymous client. Fixtures create only what a test asks for.
"""

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import hypothesis
import pytest
import time_machine
import typer
from django.core.cache import cache
from django.test import Client

from hiphub import cli
from hiphub.accounts.models import Role, User

CHROMIUM = os.environ.get("HIPHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The moment every frozen-time test starts from: a Tuesday morning.
FROZEN_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"

# Property tests check what the rules return, never how fast: the machine running them may be
# busy (CI shares two cores), and Hypothesis's default 200 ms deadline per example then fails
# a correct rule at random. Speed is measured by the scripts in bench/.
hypothesis.settings.register_profile("hiphub", deadline=None)
hypothesis.settings.load_profile("hiphub")


@pytest.fixture(autouse=True)
def _plain_static_files(settings: object) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _private_render_cache(settings: object, tmp_path: Path) -> Iterator[None]:
    """Each test starts with empty caches: database ids repeat after a test's rollback, so a
    page fragment cached by one test could otherwise show up in the next."""
    settings.RENDER_CACHE_DIR = tmp_path / "cache"  # type: ignore[attr-defined]
    cache.clear()
    yield
    cache.clear()


def make_user(name: str, role: str = Role.MEMBER) -> User:
    return User.objects.create_user(
        email=f"{name}@example.org",
        password=PASSWORD,
        display_name=name.capitalize(),
        role=role,
        email_verified=True,
    )


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob")


@pytest.fixture
def tara(db: None) -> User:
    return make_user("tara", Role.THERAPIST)


@pytest.fixture
def mo(db: None) -> User:
    return make_user("mo", Role.MODERATOR)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """Time stands still at FROZEN_NOW; move it with `frozen.shift(seconds)`."""
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


# --- Browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI may not skip browser tests.")
        pytest.skip(f"Chromium is missing at {CHROMIUM}: browser tests SKIPPED.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop, which Django's ORM would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class PageProblems(list[str]):
    """Console errors, uncaught exceptions and CSP violations seen by one page."""


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url)  # type: ignore[attr-defined]
    tab = context.new_page()
    problems = PageProblems()
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    tab.problems = problems
    yield tab
    context.close()


@pytest.fixture(scope="session")
def cli_app() -> typer.Typer:
    """The `hiphub` command with every capability's sub-commands registered."""
    cli._add_subcommands()
    return cli.app
