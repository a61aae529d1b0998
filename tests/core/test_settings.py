"""Settings come from the environment; mistakes are reported by system checks."""

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def clean_env() -> dict[str, str]:
    """The environment without any hiphub or Django setting the test run itself uses."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HIPHUB_", "DATABASE_", "DJANGO_ALLOW"))
    }


# Values that once slipped through (a rate limit turned off, or blocking everyone) or ended
# in a long traceback, each with the message that now names the variable. Two sets, since
# one `hiphub serve` reports every mistake it finds at once.
BAD_VALUES = [
    {
        "HIPHUB_COMMUNITY_RATE_MINUTES": ("-5", "is too small: it must be at least 1"),
        "HIPHUB_COMMUNITY_RATE_POSTS": ("0", "is too small: it must be at least 1"),
        "HIPHUB_TIME_ZONE": ("Mars/Olympus_Mons", "is not a time zone name"),
        "HIPHUB_LOG_LEVEL": ("LOUD", "is not a log level"),
    },
    {
        "HIPHUB_COMMUNITY_RATE_MINUTES": ("0", "is too small: it must be at least 1"),
        "HIPHUB_COMMUNITY_RATE_POSTS": ("-3", "is too small: it must be at least 1"),
        "HIPHUB_TIME_ZONE": ("../../etc/passwd", "is not a time zone name"),
        "HIPHUB_SMTP_PORT": ("70000", "is too large: it must be at most 65535"),
    },
]


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = clean_env()
    full_env.update({"HIPHUB_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "hiphub", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
        check=False,
    )


def test_zero_configuration_generates_and_keeps_a_secret_key(tmp_path: Path) -> None:
    run_check(tmp_path)
    key_file = tmp_path / "data" / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    run_check(tmp_path)
    assert key_file.read_text() == first


def test_production_settings_pass_deploy_checks(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        HIPHUB_SECRET_KEY="x" * 20 + "-production-secret-key-with-plenty-of-entropy-1a2b3c4d",
        HIPHUB_ALLOWED_HOSTS="hiphub.example.org",
        HIPHUB_HTTPS="1",
        HIPHUB_BEHIND_PROXY="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HIPHUB_DEBUG": "maybe"}, "HIPHUB_DEBUG='maybe' is not a yes/no value"),
        ({"HIPHUB_HSTS_SECONDS": "a year"}, "HIPHUB_HSTS_SECONDS='a year' is not a whole number"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL must be a postgres:// URL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"HIPHUB_ALLOWED_HOSTS": " , "}, "HIPHUB_ALLOWED_HOSTS is empty"),
    ],
)
def test_bad_configuration_is_a_clear_message_not_a_traceback(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = run_check(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "hiphub.E00" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_to_start_with_bad_configuration(tmp_path: Path) -> None:
    env = clean_env()
    env.update({"HIPHUB_DATA_DIR": str(tmp_path), "HIPHUB_DEBUG": "perhaps"})
    result = subprocess.run(
        [sys.executable, "-m", "hiphub", "serve", "--port", "8999"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 2
    assert "not configured correctly" in result.stderr
    assert "HIPHUB_DEBUG='perhaps'" in result.stderr


def serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`hiphub serve` as an operator would start it, expected to stop before listening."""
    full_env = clean_env()
    full_env.update({"HIPHUB_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "hiphub", "serve", "--port", "8999"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
        check=False,
    )


def assert_one_clear_message(result: subprocess.CompletedProcess[str], message: str) -> None:
    said = " ".join(result.stderr.split())  # the terminal wraps long lines
    assert result.returncode == 2, result.stderr
    assert message in said, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.splitlines()) < 25, result.stderr


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_serve_names_each_bad_value_and_exits_2(
    tmp_path: Path, bad: dict[str, tuple[str, str]]
) -> None:
    result = serve(tmp_path, **{name: value for name, (value, _) in bad.items()})
    for name, (value, problem) in bad.items():
        assert_one_clear_message(result, f"{name}={value!r} {problem}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_says_when_the_database_server_is_not_running(tmp_path: Path) -> None:
    url = f"postgres://hiphub:s3cret@127.0.0.1:{free_port()}/hiphub"
    result = serve(tmp_path, DATABASE_URL=url)
    assert_one_clear_message(result, "Cannot use the PostgreSQL database named by DATABASE_URL")
    assert "Connection refused" in result.stderr
    assert "s3cret" not in result.stderr


@contextmanager
def small_disk(tmp_path: Path, options: str) -> Iterator[Path]:
    """A tiny tmpfs mounted for the test (root only), unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_serve_says_when_the_disk_is_full(tmp_path: Path) -> None:
    with small_disk(tmp_path, "size=300k") as disk:
        result = serve(tmp_path, HIPHUB_DATA_DIR=str(disk / "data"))
        assert_one_clear_message(result, "cannot be used (database or disk is full)")
        assert "HIPHUB_DATA_DIR" in result.stderr


def test_serve_says_when_the_data_folder_is_read_only(tmp_path: Path) -> None:
    with small_disk(tmp_path, "ro") as disk:
        result = serve(tmp_path, HIPHUB_DATA_DIR=str(disk))
        assert_one_clear_message(result, f"The data folder {disk} is not writable")


def test_a_key_file_left_empty_by_a_full_disk_is_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "secret_key"
    key_file.parent.mkdir()
    key_file.write_text("")
    result = run_check(tmp_path)
    assert "Traceback" not in result.stderr
    assert len(key_file.read_text()) >= 50


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("postgres://hiphub@127.0.0.1:5432/hiphub", "-c random_page_cost=1.1"),
        ("postgres://hiphub@127.0.0.1:5432/hiphub?options=-c%20work_mem%3D8MB", "-c work_mem=8MB"),
    ],
)
def test_postgresql_plans_for_solid_state_storage_unless_told_otherwise(
    tmp_path: Path, url: str, options: str
) -> None:
    """With the default random_page_cost PostgreSQL scanned every listing for a distance search
    instead of using the latitude index (docs/performance.md); a URL's own options win."""
    env = {**clean_env(), "HIPHUB_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": url}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hiphub.settings'; "
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS'].get('options'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    assert result.stdout.strip() == options
