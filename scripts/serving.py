"""Start a real `hiphub serve` on a free 127.0.0.1 port for a script, and stop it after.

Shared by the API contract check, the installed-wheel check and the screenshot script, so
each starts, waits for and stops the server the same way.
"""

import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(server: subprocess.Popen[bytes], url: str, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
            raise SystemExit(f"hiphub serve stopped with status {server.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - our server
                if answer.status == 200:
                    return
        except OSError:  # not listening yet
            time.sleep(0.5)
    raise SystemExit(f"hiphub serve did not answer {url} within {seconds:.0f} s")


@contextmanager
def served(
    hiphub: Path,
    env: dict[str, str],
    log: Path,
    *,
    workers: int = 2,
    cwd: Path | None = None,
    start_timeout: float = 300,
) -> Iterator[str]:
    """Run `hiphub serve` (the executable `hiphub`) and yield its base URL once /healthz
    answers 200; the server gets SIGTERM (then SIGKILL) when the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(hiphub), "serve", "--port", str(port), "--workers", str(workers)],
            env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(server, f"{base}/healthz", log, start_timeout)
        yield base
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
