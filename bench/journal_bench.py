"""Journal benchmark: import three years of daily sessions from CSV, then time the summary.

    .venv/bin/python bench/journal_bench.py

Runs against a fresh SQLite database in a temporary HIPHUB_DATA_DIR (migrated first), and
writes bench/results/journal.json. Budgets: import < 5 s, summary median of 20 runs < 50 ms.
"""

import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BUDGETS = {"import_seconds": 5.0, "summary_ms": 50.0}
DAYS = 3 * 365 + 1
SUMMARY_RUNS = 20


def synthetic_csv(days: int, seed: int = 7) -> str:
    """One session a day, with ratings that drift down slowly and vary day to day."""
    rng = random.Random(seed)
    start = datetime(2023, 11, 24, 7, 30, tzinfo=UTC)
    lines = ["started_at,ended_at,minutes,pain_before,pain_after,tension_before,tension_after,"
             "twitches,regions,notes"]
    for day in range(days):
        began = start + timedelta(days=day, minutes=rng.randint(0, 600))
        minutes = rng.randint(10, 40)
        base = max(0, min(10, round(7 - 3 * day / days + rng.gauss(0, 1.2))))
        after = max(0, min(10, base - rng.choice([0, 1, 1, 2, 2, 3])))
        tension = max(0, min(10, base + rng.choice([-1, 0, 1])))
        lines.append(
            f"{began.isoformat()},{(began + timedelta(minutes=minutes)).isoformat()},{minutes},"
            f"{base},{after},{tension},{max(0, tension - rng.randint(0, 3))},"
            f"{rng.choice(['yes', 'no', ''])},psoas_major;iliacus,\"day {day}, felt ok\""
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="hiphub-journal-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiphub.settings")
    os.environ["HIPHUB_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from hiphub.accounts.models import User
    from hiphub.journal import csvio, service

    user = User.objects.create_user(email="bench@example.org", password="bench-only-password")
    text = synthetic_csv(DAYS)

    began = time.perf_counter()
    rows = csvio.import_csv(user, text).imported
    import_seconds = time.perf_counter() - began

    service.summary_for(user)  # warm caches and imports before timing
    timings = []
    for _ in range(SUMMARY_RUNS):
        began = time.perf_counter()
        summary = service.summary_for(user)
        timings.append((time.perf_counter() - began) * 1000)
    summary_ms = statistics.median(timings)

    met = import_seconds < BUDGETS["import_seconds"] and summary_ms < BUDGETS["summary_ms"]
    result = {
        "rows": rows,
        "import_seconds": round(import_seconds, 3),
        "summary_ms": round(summary_ms, 2),
        "summary_ms_min_max": [round(min(timings), 2), round(max(timings), 2)],
        "summary_runs": SUMMARY_RUNS,
        "budgets": BUDGETS,
        "met": met,
        "check": {
            "sessions": summary["sessions"],
            "pain_mean_change": round(summary["pain"]["mean_change"], 3),
            "pain_trend_per_week": round(summary["pain"]["trend_per_week"], 4),
        },
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "journal.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"rows imported:   {rows}")
    print(f"import:          {import_seconds:.3f} s   (budget < {BUDGETS['import_seconds']} s)")
    print(f"summary median:  {summary_ms:.2f} ms  (budget < {BUDGETS['summary_ms']} ms, "
          f"{SUMMARY_RUNS} runs)")
    print(f"budgets met:     {'yes' if met else 'NO'}")
    print(f"written:         {RESULTS / 'journal.json'}")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
