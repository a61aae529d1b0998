"""Report benchmark: a member with three years of daily sessions and questionnaires every three
weeks; time the one-page PDF, the FHIR bundle and the long CSV, each from gathering the data
to the finished bytes.

    .venv/bin/python bench/report_render.py

Runs against a fresh SQLite database in a temporary HIPHUB_DATA_DIR (migrated first), and
writes bench/results/report_render.json. Budget (issue 14): each export under 2 s (the median
of RUNS runs, after one warm-up run that loads the libraries and fills the chart cache).
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
BUDGET_SECONDS = 2.0
DAYS = 3 * 365 + 1
QUESTIONNAIRE_EVERY_DAYS = 21
RUNS = 5


def fill(user: object, days: int, seed: int = 7) -> dict[str, int]:
    """One session a day (ratings drifting down with day-to-day noise) and the five
    questionnaires every three weeks, all in the past three years."""
    import time_machine

    from hiphub.journal.models import JournalSession
    from hiphub.screening.models import QuestionnaireResult, SafetyCheck

    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(days=days)
    sessions = []
    for day in range(days):
        began = start + timedelta(days=day, minutes=rng.randint(0, 600))
        minutes = rng.randint(10, 40)
        base = max(0, min(10, round(7 - 3 * day / days + rng.gauss(0, 1.2))))
        tension = max(0, min(10, base + rng.choice([-1, 0, 1])))
        sessions.append(JournalSession(
            user=user, protocol="positional_release", variant="knees_up", started_at=began,
            ended_at=began + timedelta(minutes=minutes), minutes=minutes, pain_before=base,
            pain_after=max(0, base - rng.choice([0, 1, 1, 2, 2, 3])), tension_before=tension,
            tension_after=max(0, tension - rng.randint(0, 3)),
            regions=["lumbar_paraspinal", "sacroiliac_joint"],
        ))
    JournalSession.objects.bulk_create(sessions, batch_size=500)
    answered = 0
    for day in range(0, days, QUESTIONNAIRE_EVERY_DAYS):
        level = max(0, min(5, round(3 - 2 * day / days + rng.gauss(0, 0.5))))
        with time_machine.travel(start + timedelta(days=day, hours=20), tick=False):
            QuestionnaireResult.record(user, "nrs", {"pain": min(10, 2 * level)})
            QuestionnaireResult.record(user, "odi", {f"s{i}": level for i in range(1, 11)})
            QuestionnaireResult.record(
                user, "rmdq", {f"r{i}": int(i <= 4 * level) for i in range(1, 25)})
            QuestionnaireResult.record(
                user, "start_back", {**{f"q{i}": int(i <= level) for i in range(1, 9)},
                                     "q9": min(4, level)})
            QuestionnaireResult.record(user, "pgic", {"impression": 3})
        answered += 5
    SafetyCheck.record(user, [])
    return {"sessions": len(sessions), "questionnaires": answered}


def timed(make: object) -> tuple[list[float], int]:
    """Seconds for each of RUNS runs (after one warm-up), and the size of the last result."""
    size = len(make())  # type: ignore[operator]
    seconds = []
    for _ in range(RUNS):
        began = time.perf_counter()
        size = len(make())  # type: ignore[operator]
        seconds.append(time.perf_counter() - began)
    return seconds, size


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="hiphub-report-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiphub.settings")
    os.environ["HIPHUB_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from hiphub.accounts.models import User
    from hiphub.reports import data, fhir, longcsv, pdf

    user = User.objects.create_user(email="bench@example.org", password="bench-only-password")
    made = fill(user, DAYS)

    exports = {
        "pdf": lambda: pdf.render(data.for_member(user)),
        "fhir": lambda: fhir.to_json(fhir.bundle(data.for_member(user))).encode(),
        "csv": lambda: longcsv.to_csv(data.for_member(user)).encode(),
    }
    found = {}
    for name, make in exports.items():
        seconds, size = timed(make)
        found[name] = {
            "median_seconds": round(statistics.median(seconds), 3),
            "min_max_seconds": [round(min(seconds), 3), round(max(seconds), 3)],
            "bytes": size,
        }
    met = all(f["median_seconds"] < BUDGET_SECONDS for f in found.values())
    load = os.getloadavg()
    result = {
        **made,
        "exports": found,
        "runs": RUNS,
        "budget_seconds": BUDGET_SECONDS,
        "met": met,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "load_1_5_15": [round(x, 2) for x in load]},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report_render.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"sessions: {made['sessions']}, questionnaires: {made['questionnaires']}")
    for name, f in found.items():
        print(f"{name:5} median {f['median_seconds']:.3f} s  (min {f['min_max_seconds'][0]:.3f}, "
              f"max {f['min_max_seconds'][1]:.3f}; {f['bytes']:,} bytes; budget < "
              f"{BUDGET_SECONDS} s)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    print(f"budget met:   {'yes' if met else 'NO'}")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
