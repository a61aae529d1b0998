"""Load benchmarks: wrk against `hiphub serve` beside nginx serving a saved copy of the same
page, in one run, so the ratio says how close dynamic Django gets to a static file server on
this machine.

    .venv/bin/python bench/run.py                 # every target
    .venv/bin/python bench/run.py muscle_page     # one target
    .venv/bin/python bench/run.py --duration 5    # shorter runs

Each target's numbers go to bench/results/<target>.json and into the results table in
docs/performance.md. Everything listens on 127.0.0.1 only and stops by itself.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
HIPHUB = [sys.executable, "-m", "hiphub"]
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    budget_rps: float
    issue: int
    setup: str = ""  # Python run in Django (`hiphub manage shell -c`) before serving


# 500 approved before/after reports on the education page (issue 6's budget).
FIVE_HUNDRED_POSTS = """
from hiphub.community.models import Post
Post.objects.bulk_create(
    Post(thread="page:hip-and-back", display_name=f"Reader {i}", email=f"r{i}@example.org",
         email_hash=f"{i:064x}", text=f"Report {i}: a calm evening after the rest.",
         pain_before=6 + i % 4, pain_after=3 + i % 4, protocol="positional_release",
         status="published", ip_hash=f"{i:064x}")
    for i in range(500)
)
"""

TARGETS = {
    t.name: t
    for t in (
        Target("home_page", "/", 1000, 2),
        Target("muscle_page", "/anatomy/muscles/psoas_major/", 1000, 3),
        Target("education_page", "/learn/hip-and-back/", 500, 6, setup=FIVE_HUNDRED_POSTS),
    )
}


@dataclass
class Measurement:
    requests_per_second: float
    p99_ms: float
    non_2xx: int
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> Measurement:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Measurement(
        requests_per_second=rps,
        p99_ms=float(p99.group(1)) * _UNIT_MS[p99.group(2)] if p99 else float("nan"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(g) for g in errors.groups()) if errors else 0,
    )


def run_wrk(url: str, duration: int, connections: int) -> Measurement:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    return parse_wrk(output)


def start_nginx(root: Path, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""
worker_processes auto;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri/index.html =404; }}
    }}
}}
"""
    )
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)])


def bench(target: Target, duration: int, connections: int) -> dict[str, object]:
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed: apt-get install {tool}")
    workdir = Path(tempfile.mkdtemp(prefix="hiphub-bench."))
    workdir.chmod(0o755)
    # Measure the checkout this script lives in, whatever is installed in the venv.
    pythonpath = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env = {**os.environ, "HIPHUB_DATA_DIR": str(workdir / "data"), "PYTHONPATH": pythonpath}
    env.pop("HIPHUB_DEBUG", None)
    app_port, nginx_port = free_port(), free_port()
    server = nginx = None
    try:
        subprocess.run([*HIPHUB, "manage", "migrate", "-v0"], env=env, check=True)
        if target.setup:
            subprocess.run([*HIPHUB, "manage", "shell", "-c", target.setup], env=env, check=True)
        server = subprocess.Popen(
            [*HIPHUB, "serve", "--port", str(app_port)], env=env, stdout=subprocess.DEVNULL
        )
        app_url = f"http://127.0.0.1:{app_port}{target.path}"
        wait_for(f"http://127.0.0.1:{app_port}/healthz")
        page = fetch(app_url)
        static_root = workdir / "static-copy"
        copy = static_root / target.path.lstrip("/") / "index.html"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(page)
        static_root.chmod(0o755)
        nginx = start_nginx(static_root, nginx_port, workdir)
        nginx_url = f"http://127.0.0.1:{nginx_port}{target.path}"
        wait_for(nginx_url)
        assert fetch(nginx_url) == page
        run_wrk(app_url, 2, connections)  # warm-up: workers' caches, connection set-up
        hiphub = run_wrk(app_url, duration, connections)
        static = run_wrk(nginx_url, duration, connections)
    finally:
        for process in (server, nginx):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM if process is nginx else signal.SIGINT)
                process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    ratio = hiphub.requests_per_second / static.requests_per_second
    return {
        "target": target.name,
        "path": target.path,
        "issue": target.issue,
        "budget_rps": target.budget_rps,
        "meets_budget": hiphub.requests_per_second >= target.budget_rps and not hiphub.non_2xx,
        "page_bytes": len(page),
        "hiphub": asdict(hiphub),
        "nginx_static_copy": asdict(static),
        "ratio_hiphub_to_nginx": round(ratio, 4),
        "wrk": {"threads": 2, "connections": connections, "duration_s": duration},
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_doc_table() -> None:
    rows = [
        "| target | path | hiphub req/s | p99 ms | nginx copy req/s | ratio | budget | met |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in TARGETS:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            continue
        r = json.loads(path.read_text())
        rows.append(
            f"| {r['target']} | `{r['path']}` | {r['hiphub']['requests_per_second']:,.0f} "
            f"| {r['hiphub']['p99_ms']:.1f} | {r['nginx_static_copy']['requests_per_second']:,.0f} "
            f"| {r['ratio_hiphub_to_nginx']:.3f} | {r['budget_rps']:,.0f} "
            f"| {'yes' if r['meets_budget'] else 'NO'} |"
        )
    doc = PERFORMANCE_DOC.read_text()
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    PERFORMANCE_DOC.write_text(head + START + "\n" + "\n".join(rows) + "\n" + END + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"any of: {', '.join(TARGETS)}")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    unknown = sorted(set(args.targets) - TARGETS.keys())
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in args.targets or list(TARGETS):
        result = bench(TARGETS[name], args.duration, args.connections)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
    write_doc_table()


if __name__ == "__main__":
    main()
