"""Time to the first byte of relaxation audio for a length that has not been made yet.

    .venv/bin/python bench/audio_first_byte.py            # 3 rounds, budget 1 s
    .venv/bin/python bench/audio_first_byte.py --rounds 5

Each round runs two cases, each on `hiphub serve` on a free loopback port with a new data
folder. Cold: nothing rendered and no cue spoken, and the length the start-up pre-render
reaches last is asked for at once (the pre-render is busy meanwhile, as on a site started a
moment ago). Warm: every cue already spoken and no pre-render, as on a running site asked for
a length it has not made. It records the time to the first byte, to the first 16 and 64 KiB
(about 4 and 17 seconds of sound) and to the whole file, and checks that a second request for
the same length, now finished, answers a Range request with 206. Writes
bench/results/audio_first_byte.json; the numbers are copied by hand into docs/performance.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench.run import free_port, wait_for  # noqa: E402 - after the path it needs

HIPHUB = [sys.executable, "-m", "hiphub"]
BUDGET_SECONDS = 1.0
PATH = "/self-care/positional_release/audio/{minutes}.ogg"


def last_prerendered_length() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from hiphub.selfcare import prerender, protocol

    return prerender.lengths(protocol.get("positional_release"))[-1]


SPEAK_EVERY_CUE = """
import sys
from pathlib import Path
from hiphub.selfcare import audio, prerender, protocol, voices
item = protocol.get("positional_release")
texts = list(dict.fromkeys(c.text for m in prerender.lengths(item)
                           for c in audio.relaxation_script(item, m).cues))
for _ in voices.clips(audio.choose_voice(), texts, Path(sys.argv[1]) / "audio" / "clips"):
    pass
"""


def one_round(minutes: int, warm: bool) -> dict[str, float | int | str]:
    """cold: a brand-new site, the pre-render just started. warm: every cue already spoken
    (a running site asked for a length it has not made), no pre-render."""
    workdir = Path(tempfile.mkdtemp(prefix="hiphub-audio-bench."))
    pythonpath = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env = {**os.environ, "HIPHUB_DATA_DIR": str(workdir / "data"), "PYTHONPATH": pythonpath}
    env.pop("HIPHUB_DEBUG", None)
    if warm:
        cache = workdir / "data" / "cache"
        subprocess.run([sys.executable, "-c", SPEAK_EVERY_CUE, str(cache)], env=env, check=True)
    # A worker that takes over 30 s to import the site on a busy machine is killed at boot
    # (as scripts/check_wheel.py notes); this bench is about the audio, not the boot.
    env["GUNICORN_CMD_ARGS"] = "--timeout 300"
    port = free_port()
    server = subprocess.Popen(
        [*HIPHUB, "serve", "--port", str(port), *(["--no-prerender"] if warm else [])],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", seconds=600)
        url = f"http://127.0.0.1:{port}{PATH.format(minutes=minutes)}"
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=600) as response:
            first = response.read(1)
            first_byte = time.monotonic() - started
            got = len(first) + len(response.read(16 * 1024 - 1))
            first_16k = time.monotonic() - started
            got += len(response.read(48 * 1024))
            first_64k = time.monotonic() - started
            while block := response.read(256 * 1024):
                got += len(block)
            whole = time.monotonic() - started
            streamed = response.headers.get("Accept-Ranges")
        # Once finished (on a cold site, the first file may have had late cues and is being
        # rendered again exactly), a range names the total length.
        request = urllib.request.Request(url, headers={"Range": "bytes=1000-1999"})
        while True:
            with urllib.request.urlopen(request, timeout=600) as again:
                status, content_range = again.status, again.headers["Content-Range"]
                part = again.read()
            if not content_range.endswith("/*") or time.monotonic() - started > 900:
                break
            time.sleep(1)
        exact = time.monotonic() - started
        assert first == b"O", first
        assert status == 206 and len(part) == 1000, (status, len(part))
        # The size differs from the streamed copy's when that one had late cues.
        assert re.fullmatch(r"bytes 1000-1999/\d+", content_range), content_range
        return {
            "scenario": "warm" if warm else "cold",
            "first_byte_s": round(first_byte, 3),
            "first_16k_s": round(first_16k, 3),
            "first_64k_s": round(first_64k, 3),
            "whole_file_s": round(whole, 1),
            "exact_file_ready_s": round(exact, 1),
            "bytes": got,
            "first_answer_accept_ranges": streamed or "",
        }
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    minutes = last_prerendered_length()
    rounds = []
    for i in range(args.rounds):
        for warm in (False, True):
            result = one_round(minutes, warm)
            print(f"round {i + 1}: {json.dumps(result)}", flush=True)
            rounds.append(result)
    summary = summarise(minutes, rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "audio_first_byte.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


def summarise(minutes: int, rounds: list[dict[str, float | int | str]]) -> dict[str, object]:
    worst = max(float(r["first_byte_s"]) for r in rounds)
    return {
        "target": "audio_first_byte",
        "path": PATH.format(minutes=minutes),
        "issue": 15,
        "budget_s": BUDGET_SECONDS,
        "meets_budget": worst <= BUDGET_SECONDS,
        "first_byte_s_median": statistics.median(float(r["first_byte_s"]) for r in rounds),
        "first_byte_s_worst": worst,
        "rounds": rounds,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1min": round(os.getloadavg()[0], 1),
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    main()
