"""Community spam run: 1,000 bad automated posts, then 20 concurrent valid ones, over loopback.

    .venv/bin/python bench/community_spam.py
    scripts/with-postgres.sh .venv/bin/python bench/community_spam.py --postgres

Starts `hiphub serve` on a free port of 127.0.0.1 with a throwaway HIPHUB_DATA_DIR (SQLite),
then posts through the JSON API exactly as a script would:

1. 1,000 bad posts, 200 of each kind, mixed: wrong answers, missing answers, filled
   honeypots, posts sent within 3 s of fetching the challenge, and replays of challenges
   that were already used. Expected: every one refused (422), none stored, no 5xx.
2. 20 concurrent clients, each fetching a challenge, waiting 3.2 s and posting a valid
   answer at the same moment. Expected: all 20 stored (pending), none lost, no 5xx.
   Their 20 challenges are then replayed: all refused, still 20 stored.
3. One valid challenge posted by 20 clients at the same instant: exactly one is stored.

Every client here comes from 127.0.0.1, so the per-IP rate limit (5 posts in 10 minutes)
would answer nearly everything with 429. The run therefore raises it through
HIPHUB_COMMUNITY_RATE_POSTS, and says so; the rate limit has its own tests.
Writes bench/results/community_spam.json (community_spam_postgres.json with --postgres).
"""

import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PER_KIND = 200
CONCURRENT = 20
WAIT = 3.2
RATE_FOR_RUN = "1000000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, raw.decode(errors="replace")

    def challenge(self) -> dict[str, Any]:
        status, body = self.call("GET", "/api/community/captcha")
        assert status == 200, (status, body)
        return dict(body)


def solve(question: str) -> int:
    left, total = question.split(" = ")
    a, b = left.split(" + ")
    return int(total) - (int(b) if a.strip() == "_" else int(a))


def body_for(challenge: dict[str, Any], n: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "protocol": "positional_release",
        "display_name": f"Bench {n}",
        "email": f"bench{n}@example.net",
        "text": f"Bench report {n}: lying with knees supported eased it a little.",
        "pain_before": 6,
        "pain_after": 4,
        "website": "",
        "challenge": challenge["challenge"],
        "answer": solve(challenge["question"]),
    }
    body.update(overrides)
    return body


def stored(db: Path | str) -> Counter[str]:
    """Posts by status, read straight from the database the server writes to."""
    query = "select status, count(*) from community_post group by status"
    if isinstance(db, str):  # a PostgreSQL URL
        import psycopg

        with psycopg.connect(db) as pg:
            return Counter({status: count for status, count in pg.execute(query)})
    with sqlite3.connect(db) as conn:
        return Counter({status: count for status, count in conn.execute(query)})


def wait_until_up(site: Site, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"hiphub serve exited early with status {server.returncode}")
        try:
            if site.call("GET", "/api/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("hiphub serve did not answer within 90 s")


def spam_run(site: Site) -> dict[str, dict[str, int]]:
    """1,000 bad posts; returns status counts per kind."""
    results: dict[str, Counter[str]] = {}
    lock = threading.Lock()

    def record(kind: str, answer: tuple[int, Any]) -> None:
        """Count "status field" pairs, e.g. "422 challenge": which check refused the post."""
        status, body = answer
        fields = ""
        if isinstance(body, dict) and isinstance(body.get("detail"), list):
            fields = " " + ",".join(sorted({str(d["loc"][-1]) for d in body["detail"]}))
        with lock:
            results.setdefault(kind, Counter())[f"{status}{fields}"] += 1

    with ThreadPoolExecutor(16) as pool:
        # Wrong answers, missing answers and honeypots: otherwise valid, and older than 3 s.
        ready = list(pool.map(lambda _: site.challenge(), range(3 * PER_KIND)))
        time.sleep(WAIT)
        jobs: list[tuple[str, dict[str, Any]]] = []
        for i, ch in enumerate(ready):
            kind = ("wrong_answer", "missing_answer", "honeypot")[i % 3]
            if kind == "wrong_answer":
                body = body_for(ch, i, answer=solve(ch["question"]) + 1 + i % 7)
            elif kind == "missing_answer":
                body = body_for(ch, i, answer=None)
            else:
                body = body_for(ch, i, website="http://cheap-pills.example")
            jobs.append((kind, body))
        # Too fast: the right answer, posted the moment the challenge arrives (the job
        # fetches its challenge itself, so waiting in the queue does not make it older).
        jobs += [("too_fast", {"n": 1000 + i}) for i in range(PER_KIND)]
        random.Random(6).shuffle(jobs)
        fast: list[dict[str, Any]] = []

        def send(kind: str, body: dict[str, Any]) -> None:
            if kind == "too_fast":
                ch = site.challenge()
                with lock:
                    fast.append(ch)
                body = body_for(ch, body["n"])
            record(kind, site.call("POST", "/api/community/posts", body))

        for kind, body in jobs:
            pool.submit(send, kind, body)
    # Replays: the too-fast challenges were spent; now old enough and answered correctly,
    # the only thing wrong with them is that they were used before.
    time.sleep(max(0.0, WAIT))
    with ThreadPoolExecutor(16) as pool:
        for i, ch in enumerate(fast):
            body = body_for(ch, 2000 + i)
            pool.submit(send, "replayed", body)
    return {kind: dict(sorted(counts.items())) for kind, counts in sorted(results.items())}


def valid_run(site: Site) -> tuple[dict[int, int], dict[int, int]]:
    """20 concurrent clients post valid reports; then their challenges are replayed."""
    barrier = threading.Barrier(CONCURRENT)
    used: list[dict[str, Any]] = [{} for _ in range(CONCURRENT)]

    def client(n: int) -> int:
        ch = site.challenge()
        used[n] = ch
        time.sleep(WAIT)
        barrier.wait()
        return site.call("POST", "/api/community/posts", body_for(ch, 5000 + n))[0]

    with ThreadPoolExecutor(CONCURRENT) as pool:
        statuses = Counter(pool.map(client, range(CONCURRENT)))
    with ThreadPoolExecutor(CONCURRENT) as pool:
        replays = Counter(pool.map(
            lambda n: site.call("POST", "/api/community/posts", body_for(used[n], 6000 + n))[0],
            range(CONCURRENT),
        ))
    return dict(statuses), dict(replays)


def race_run(site: Site) -> dict[int, int]:
    """One valid challenge posted by 20 clients at the same instant: exactly one may win."""
    ch = site.challenge()
    time.sleep(WAIT)
    barrier = threading.Barrier(CONCURRENT)

    def client(n: int) -> int:
        barrier.wait()
        return site.call("POST", "/api/community/posts", body_for(ch, 7000 + n))[0]

    with ThreadPoolExecutor(CONCURRENT) as pool:
        return dict(Counter(pool.map(client, range(CONCURRENT))))


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="hiphub-community-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "HIPHUB_DATA_DIR": str(data_dir),
        "HIPHUB_COMMUNITY_RATE_POSTS": RATE_FOR_RUN,
        "PYTHONPATH": str(ROOT / "src"),
    }
    postgres = "--postgres" in sys.argv[1:]
    if postgres:  # run under scripts/with-postgres.sh, which exports a throwaway DATABASE_URL
        if not env.get("DATABASE_URL"):
            raise SystemExit("--postgres needs DATABASE_URL (use scripts/with-postgres.sh)")
        db: Path | str = env["DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)  # a throwaway SQLite file
        db = data_dir / "hiphub.sqlite3"
    print(f"note: all clients are 127.0.0.1, so this run sets HIPHUB_COMMUNITY_RATE_POSTS="
          f"{RATE_FOR_RUN} (default 5 per 10 minutes); the rate limit is tested separately.")
    log = (data_dir / "server.log").open("wb")  # 422 warnings go here, not to the screen
    server = subprocess.Popen(
        [sys.executable, "-m", "hiphub", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    site = Site(f"http://127.0.0.1:{port}")
    try:
        wait_until_up(site, server)
        began = time.perf_counter()
        spam = spam_run(site)
        spam_seconds = time.perf_counter() - began
        after_spam = stored(db)
        valid, replays = valid_run(site)
        after_valid = stored(db)
        race = race_run(site)
        after_race = stored(db)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    bad_total = sum(sum(c.values()) for c in spam.values())
    bad_codes: Counter[int] = Counter()
    for counts in spam.values():
        for label, n in counts.items():
            bad_codes[int(label.split()[0])] += n
    five_xx = sum(
        n for c in [bad_codes, valid, replays, race] for s, n in c.items() if s >= 500
    )
    accepted_bad = sum(n for s, n in bad_codes.items() if s < 300)
    met = (
        bad_total == 5 * PER_KIND
        and accepted_bad == 0
        and sum(after_spam.values()) == 0
        and valid == {201: CONCURRENT}
        and after_valid == Counter({"pending": CONCURRENT})
        and set(replays) == {422}
        and race == {201: 1, 422: CONCURRENT - 1}
        and after_race == Counter({"pending": CONCURRENT + 1})
        and five_xx == 0
    )
    result = {
        "bad_posts": bad_total,
        "bad_by_kind_status": spam,
        "bad_seconds": round(spam_seconds, 2),
        "stored_after_bad": dict(after_spam),
        "valid_concurrent_clients": CONCURRENT,
        "valid_statuses": valid,
        "stored_after_valid": dict(after_valid),
        "replay_of_valid_statuses": replays,
        "same_challenge_by_20_at_once": race,
        "stored_after_race": dict(after_race),
        "five_xx": five_xx,
        "rate_limit_for_run": f"HIPHUB_COMMUNITY_RATE_POSTS={RATE_FOR_RUN} (all clients loopback)",
        "database": "PostgreSQL" if postgres else "SQLite",
        "met": met,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("community_spam_postgres.json" if postgres else "community_spam.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"bad posts sent:      {bad_total} in {spam_seconds:.1f} s")
    for kind, counts in spam.items():
        print(f"  {kind:<16} {counts}")
    print("  (status and the field named in the answer: which check refused the post)")
    print(f"stored after bad:    {sum(after_spam.values())} (expected 0)")
    print(f"valid, concurrent:   {valid} (expected {{201: {CONCURRENT}}})")
    print(f"stored after valid:  {dict(after_valid)} (expected {{'pending': {CONCURRENT}}})")
    print(f"replayed valid:      {replays} (expected all 422)")
    print(f"one challenge, 20 clients at once: {race} (expected one 201)")
    print(f"stored after race:   {dict(after_race)} (expected {{'pending': {CONCURRENT + 1}}})")
    print(f"5xx answers:         {five_xx}")
    print(f"acceptance met:      {'yes' if met else 'NO'}")
    print(f"database:            {result['database']}")
    print(f"written:             {out}")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
