"""Summarise the last `mutmut run`: the score per module and every mutant that was not killed.

    python scripts/mutation_report.py [--diffs] [MODULE ...]

Reads mutants/**/*.meta (written by mutmut) for the modules listed in pyproject.toml's
[tool.mutmut] only_mutate, or only for the MODULEs named (as in the table: `screening/gate.py`,
or a glob such as `screening/*`). The score is killed / (mutants that ran), where a timeout
counts as killed (the test run noticed something), as mutmut's own badge does; a mutant not
run yet is left out of the score and counted in the last column. --diffs prints each
survivor's change (`mutmut show NAME`).
"""

import fnmatch
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
CAUGHT = {"killed", "timeout", "caught by type check"}
NOT_RUN = {"skipped", "not checked", "check was interrupted by user"}


def modules(wanted: list[str]) -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    names = [str(m) for m in config["only_mutate"]]
    if not wanted:
        return names
    return [
        m
        for m in names
        if any(fnmatch.fnmatch(m.removeprefix("src/hiphub/"), pattern) for pattern in wanted)
    ]


def main(args: list[str]) -> int:
    show_diffs = "--diffs" in args
    wanted = [a for a in args if not a.startswith("--")]
    chosen = modules(wanted)
    if not chosen:
        print(f"no module in [tool.mutmut] only_mutate matches {' '.join(wanted)}")
        return 2
    rows = []
    left: list[tuple[str, str]] = []
    for source in chosen:
        module = source.removeprefix("src/hiphub/")
        meta = ROOT / "mutants" / (source + ".meta")
        if not meta.exists():
            rows.append(f"| `{module}` | not run | | | | |")
            continue
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        statuses = {name: status_by_exit_code[code] for name, code in exit_codes.items()}
        counts = Counter(statuses.values())
        ran = len(statuses) - sum(counts[s] for s in NOT_RUN)
        caught = sum(counts[s] for s in CAUGHT)
        score = f"{100 * caught / ran:.1f} %" if ran else "n/a"
        other = ", ".join(
            f"{n} {s}" for s, n in sorted(counts.items()) if s not in {"killed", "survived"}
        )
        survived = counts["survived"]
        rows.append(f"| `{module}` | {len(statuses)} | {caught} | {survived} | {score} | {other} |")
        left += [(n, s) for n, s in statuses.items() if s not in CAUGHT | NOT_RUN]
    print("| module | mutants | killed | survived | score | other |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n{len(left)} not killed:")
    for name, status in left:
        print(f"  {status:10} {name}")
        if show_diffs:
            diff = subprocess.run(
                [str(Path(sys.executable).parent / "mutmut"), "show", name],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            print("\n".join("      " + line for line in diff.splitlines()[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
