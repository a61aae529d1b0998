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
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
HIPHUB = [sys.executable, "-m", "hiphub"]
SERVE_QUIET = ["--no-prerender", "--no-worker"]  # see _bench_in
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    budget_rps: float
    issue: int
    setup: str = ""  # Python run in Django (`hiphub manage shell -c`) before serving
    budget_ratio: float = 0.0  # the least share of nginx's speed on its static copy



def reports(count: int) -> str:
    """`count` approved before/after reports on the education page (issue 6 budgets 500;
    issue 16 asks the same speed with 100,000), stored in bulk as an import would, then the
    tallies rebuilt from them (`community_tallies --rebuild`, as after any import)."""
    return f"""
from django.core.management import call_command
from hiphub.community.models import Post
for start in range(0, {count}, 5000):
    Post.objects.bulk_create(
        Post(thread="page:hip-and-back", display_name=f"Reader {{i}}",
             email=f"r{{i}}@example.org", email_hash=f"{{i:064x}}",
             text=f"Report {{i}}: a calm evening after the rest.",
             pain_before=6 + i % 4, pain_after=3 + i % 4, protocol="positional_release",
             status="published", ip_hash=f"{{i:064x}}")
        for i in range(start, min(start + 5000, {count}))
    )
call_command("community_tallies", "--rebuild", verbosity=0)
"""


EDUCATION = "/learn/hip-and-back/"
SUMMARY = "/api/community/summary?protocol=positional_release"

TARGETS = {
    t.name: t
    for t in (
        Target("home_page", "/", 1000, 2),
        Target("muscle_page", "/anatomy/muscles/psoas_major/", 1000, 3),
        # Issue 16: at least 3 % of nginx serving a static copy of the page, in the same run.
        Target("education_page", EDUCATION, 500, 6, setup=reports(500), budget_ratio=0.03),
        Target("education_page_100k", EDUCATION, 500, 16, setup=reports(100_000)),
        Target("community_summary", SUMMARY, 500, 16, setup=reports(500)),
        Target("community_summary_100k", SUMMARY, 500, 16, setup=reports(100_000)),
    )
}
# Issue 16: with 100,000 reports a page keeps at least 80 % of its speed with 500. Each
# pair is compared by its ratio to nginx, measured in the same run, not by raw requests/s,
# because the machine's speed moves between runs.
SCALING = {"education_page_100k": "education_page", "community_summary_100k": "community_summary"}
SCALING_BUDGET = 0.8


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


def database_kind() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def result_name(target: Target) -> str:
    return target.name + ("_postgres" if database_kind() == "postgresql" else "")


@contextlib.contextmanager
def fresh_database(label: str = "") -> Iterator[dict[str, str]]:
    """On PostgreSQL (DATABASE_URL, e.g. from scripts/with-postgres.sh) a new database for
    one target, dropped afterwards; on SQLite the data folder is new anyway."""
    url = os.environ.get("DATABASE_URL", "")
    if database_kind() != "postgresql":
        yield {}
        return
    import psycopg

    name = f"hiphub_bench_{os.getpid()}{label}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield {"DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _median_of(runs: list[Measurement]) -> Measurement:
    return Measurement(
        requests_per_second=statistics.median(m.requests_per_second for m in runs),
        p99_ms=statistics.median(m.p99_ms for m in runs),
        non_2xx=sum(m.non_2xx for m in runs),
        errors=sum(m.errors for m in runs),
    )


def bench(
    target: Target, duration: int, connections: int, rounds: int = 1
) -> dict[str, object]:
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
    with contextlib.ExitStack() as stack:
        env.update(stack.enter_context(fresh_database()))
        return _bench_in(
            target, duration, connections, rounds, workdir, env, app_port, nginx_port
        )


def _bench_in(
    target: Target,
    duration: int,
    connections: int,
    rounds: int,
    workdir: Path,
    env: dict[str, str],
    app_port: int,
    nginx_port: int,
) -> dict[str, object]:
    server = nginx = None
    try:
        subprocess.run([*HIPHUB, "manage", "migrate", "-v0"], env=env, check=True)
        if target.setup:
            subprocess.run([*HIPHUB, "manage", "shell", "-c", target.setup], env=env, check=True)
        # Without the start-up extras: the audio pre-render (minutes of sox and espeak-ng on
        # a new data folder) and the email worker would share the cores with the page being
        # measured, and a running site finishes the pre-render once, long before any load.
        server = subprocess.Popen(
            [*HIPHUB, "serve", "--port", str(app_port), *SERVE_QUIET],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        app_url = f"http://127.0.0.1:{app_port}{target.path}"
        # Workers import everything before answering: slow when other work shares the cores.
        wait_for(f"http://127.0.0.1:{app_port}/healthz", seconds=240)
        page = fetch(app_url)
        static_root = workdir / "static-copy"
        copy = static_root / urlsplit(target.path).path.lstrip("/") / "index.html"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(page)
        static_root.chmod(0o755)
        nginx = start_nginx(static_root, nginx_port, workdir)
        nginx_url = f"http://127.0.0.1:{nginx_port}{target.path}"
        wait_for(nginx_url)
        assert fetch(nginx_url) == page
        run_wrk(app_url, 2, connections)  # warm-up: workers' caches, connection set-up
        # Rounds of hiphub then nginx: on a busy machine the load moves within a run, and
        # the median of the rounds' ratios is steadier than one long pair.
        pairs = [
            (run_wrk(app_url, duration, connections), run_wrk(nginx_url, duration, connections))
            for _ in range(rounds)
        ]
    finally:
        for process in (server, nginx):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM if process is nginx else signal.SIGINT)
                process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    ratios = [h.requests_per_second / n.requests_per_second for h, n in pairs]
    ratio = statistics.median(ratios)
    hiphub = _median_of([h for h, _ in pairs])
    static = _median_of([n for _, n in pairs])
    return {
        "target": target.name,
        "path": target.path,
        "issue": target.issue,
        "database": database_kind(),
        "budget_rps": target.budget_rps,
        "budget_ratio": target.budget_ratio,
        "meets_budget": hiphub.requests_per_second >= target.budget_rps
        and ratio >= target.budget_ratio
        and not hiphub.non_2xx,
        "page_bytes": len(page),
        "hiphub": asdict(hiphub),
        "nginx_static_copy": asdict(static),
        "ratio_hiphub_to_nginx": round(ratio, 4),
        "ratios_per_round": [round(r, 4) for r in ratios],
        "wrk": {
            "threads": 2, "connections": connections, "duration_s": duration, "rounds": rounds
        },
        "load_average_1min": round(os.getloadavg()[0], 1),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


@contextlib.contextmanager
def serving(target: Target, label: str) -> Iterator[str]:
    """`hiphub serve --workers 2` with the target's data, in its own data folder and
    database; yields the target's address."""
    workdir = Path(tempfile.mkdtemp(prefix=f"hiphub-bench-{label}."))
    pythonpath = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env = {**os.environ, "HIPHUB_DATA_DIR": str(workdir / "data"), "PYTHONPATH": pythonpath}
    env.pop("HIPHUB_DEBUG", None)
    port = free_port()
    server = None
    try:
        with fresh_database(f"_{label}") as database:
            env.update(database)
            subprocess.run([*HIPHUB, "manage", "migrate", "-v0"], env=env, check=True)
            if target.setup:
                subprocess.run(
                    [*HIPHUB, "manage", "shell", "-c", target.setup], env=env, check=True
                )
            # Two workers each: two servers share the cores, and both sizes get the same.
            server = subprocess.Popen(
                [*HIPHUB, "serve", "--port", str(port), "--workers", "2", *SERVE_QUIET],
                env=env,
                stdout=subprocess.DEVNULL,
            )
            wait_for(f"http://127.0.0.1:{port}/healthz", seconds=480)
            yield f"http://127.0.0.1:{port}{target.path}"
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def compare(
    large: Target, small: Target, duration: int, connections: int, rounds: int
) -> dict[str, object]:
    """Both community sizes served at once and measured in alternating rounds, so both see
    the same machine: the median of the rounds' speed ratios (large ÷ small)."""
    with serving(small, "small") as small_url, serving(large, "large") as large_url:
        for url in (small_url, large_url):
            run_wrk(url, 2, connections)  # warm-up
        pairs = [
            (run_wrk(small_url, duration, connections), run_wrk(large_url, duration, connections))
            for _ in range(rounds)
        ]
    kept = [b.requests_per_second / a.requests_per_second for a, b in pairs]
    return {
        "large": large.name,
        "small": small.name,
        "path": large.path,
        "database": database_kind(),
        "small_rps": [a.requests_per_second for a, _ in pairs],
        "large_rps": [b.requests_per_second for _, b in pairs],
        "kept_per_round": [round(k, 3) for k in kept],
        "kept": round(statistics.median(kept), 3),
        "budget": SCALING_BUDGET,
        "meets_budget": statistics.median(kept) >= SCALING_BUDGET
        and not any(m.non_2xx or m.errors for pair in pairs for m in pair),
        "wrk": {
            "threads": 2, "connections": connections, "duration_s": duration, "rounds": rounds
        },
        "load_average_1min": round(os.getloadavg()[0], 1),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def write_doc_table() -> None:
    rows = [
        "| target | database | path | hiphub req/s | p99 ms | nginx copy req/s | ratio "
        "| budget | met |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for suffix in ("", "_postgres"):
        for name in TARGETS:
            r = _load(name + suffix)
            if r is None:
                continue
            rows.append(
                f"| {r['target']} | {r.get('database', 'sqlite')} | `{r['path']}` "
                f"| {r['hiphub']['requests_per_second']:,.0f} | {r['hiphub']['p99_ms']:.1f} "
                f"| {r['nginx_static_copy']['requests_per_second']:,.0f} "
                f"| {r['ratio_hiphub_to_nginx']:.3f} | {r['budget_rps']:,.0f} "
                f"| {'yes' if r['meets_budget'] else 'NO'} |"
            )
    rows += [
        "",
        "| with 100,000 reports | database | req/s with 500 | req/s with 100,000 "
        "| kept (median of rounds) | budget | met |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for suffix in ("", "_postgres"):
        for large in SCALING:
            c = _load(f"scaling_{large}{suffix}")
            if c is None:
                continue
            rows.append(
                f"| {large} | {c['database']} | {statistics.median(c['small_rps']):,.0f} "
                f"| {statistics.median(c['large_rps']):,.0f} | {c['kept']:.2f} "
                f"| {c['budget']} | {'yes' if c['meets_budget'] else 'NO'} |"
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
    parser.add_argument(
        "--compare",
        action="store_true",
        help="serve 500 and 100,000 reports side by side and compare them in alternating "
        "rounds (the 100k targets, or those named)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="pairs of runs (hiphub, nginx); the median ratio"
    )
    args = parser.parse_args()
    unknown = sorted(set(args.targets) - TARGETS.keys())
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.compare:
        suffix = "_postgres" if database_kind() == "postgresql" else ""
        for large, small in SCALING.items():
            if args.targets and large not in args.targets:
                continue
            found = compare(
                TARGETS[large], TARGETS[small], args.duration, args.connections, args.rounds
            )
            (RESULTS / f"scaling_{large}{suffix}.json").write_text(
                json.dumps(found, indent=2) + "\n"
            )
            print(json.dumps(found, indent=2))
        write_doc_table()
        return
    for name in args.targets or list(TARGETS):
        result = bench(TARGETS[name], args.duration, args.connections, args.rounds)
        (RESULTS / f"{result_name(TARGETS[name])}.json").write_text(
            json.dumps(result, indent=2) + "\n"
        )
        print(json.dumps(result, indent=2))
    write_doc_table()


if __name__ == "__main__":
    main()
