"""The helper scripts wait for a busy apt instead of failing when another install runs."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.mark.skipif(os.geteuid() != 0, reason="the scripts call apt-get only as root")
@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("system-packages.sh", ["no-such-tool-for-hiphub"]),
        ("with-postgres.sh", ["true"]),
    ],
)
def test_every_apt_get_call_waits_for_the_lock(
    tmp_path: Path, script: str, args: list[str]
) -> None:
    """A stand-in apt-get records its arguments (and fails the install, so the script stops
    there); every call must ask to wait for the lock."""
    log = tmp_path / "apt-get.log"
    fake = tmp_path / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "$*" >> {log}\ncase "$*" in *install*) exit 1;; esac\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "PG_BIN": str(tmp_path)}
    subprocess.run(
        ["bash", str(SCRIPTS / script), *args],
        env=env,
        capture_output=True,
        timeout=600,
        check=False,
    )
    calls = log.read_text().splitlines()
    assert len(calls) >= 2  # update and install
    for call in calls:
        assert "DPkg::Lock::Timeout=600" in call, call
