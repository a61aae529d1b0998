"""Settings come from the environment; mistakes are reported by system checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def clean_env() -> dict[str, str]:
    """The environment without any hiphub or Django setting the test run itself uses."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HIPHUB_", "DATABASE_", "DJANGO_ALLOW"))
    }


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = clean_env()
    full_env.update({"HIPHUB_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "hiphub", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
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
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not configured correctly" in result.stderr
    assert "HIPHUB_DEBUG='perhaps'" in result.stderr
