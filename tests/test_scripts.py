"""The helper scripts: they wait for a busy apt instead of failing when another install runs,
and the mutation plugin empties hiphub's caches before each run."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


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


def test_the_mutation_plugin_empties_hiphub_caches_before_each_run(tmp_path: Path) -> None:
    # mutmut forks every mutant's run from a process that already ran the clean tests; a cache
    # filled there would hide the mutant, so the plugin empties them as each run starts.
    code = """
import sys
sys.path.insert(0, "scripts")
import django
django.setup()
from hiphub.core import figure
from hiphub.selfcare.protocol import get, protocols
figure.svg(get("positional_release").steps[0].pose or get("positional_release").variants[0].pose)
protocols()
assert figure.svg.cache_info().currsize >= 1 and protocols.cache_info().currsize >= 1
import mutation_plugin
assert mutation_plugin.clear_hiphub_caches() >= 2
assert figure.svg.cache_info().currsize == 0 and protocols.cache_info().currsize == 0
print("emptied")
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hiphub.settings",
           "HIPHUB_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "emptied"
