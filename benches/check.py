#!/usr/bin/env python3
"""Runs the benchmarks briefly and fails when one is over its budget.

    python3 benches/check.py                 # every bench in budgets.toml, then the check
    python3 benches/check.py hot_paths       # one bench file (board, export, hot_paths, room, …)
    python3 benches/check.py --no-run        # only check what criterion last measured

The budgets live in benches/budgets.toml, one section per bench file. The figure checked is
the middle of criterion's estimate of the median (target/criterion/<id>/new/estimates.json).
Exit status: 0 all within budget, 1 a figure over its budget (or missing), 2 cargo failed.

Not run by CI: timings on a shared machine are noise. Run it on a quiet machine.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
ROOT = BENCHES.parent
BRIEF = ["--warm-up-time", "1", "--measurement-time", "3"]
UNITS = {"ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}


def nanoseconds(text: str) -> float:
    number, unit = text.split()
    return float(number) * UNITS[unit]


def shown(ns: float) -> str:
    for unit, size in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns:.3g} ns"


def target_dir() -> Path:
    if "CARGO_TARGET_DIR" in os.environ:
        return Path(os.environ["CARGO_TARGET_DIR"])
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"])


def figures(criterion: Path) -> dict[str, tuple[float, float]]:
    """Each benchmark's full id: (median in ns, when it was measured)."""
    found = {}
    for meta in criterion.glob("**/new/benchmark.json"):
        estimates = meta.with_name("estimates.json")
        if not estimates.exists():
            continue
        full_id = json.loads(meta.read_text())["full_id"]
        median = json.loads(estimates.read_text())["median"]["point_estimate"]
        found[full_id] = (median, estimates.stat().st_mtime)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="*", help="bench files to run and check (default: all)")
    parser.add_argument("--no-run", action="store_true", help="check the last figures only")
    parser.add_argument("--budgets", type=Path, default=BENCHES / "budgets.toml")
    args = parser.parse_args()

    budgets = tomllib.loads(args.budgets.read_text())
    chosen = args.bench or list(budgets)
    unknown = [b for b in chosen if b not in budgets]
    if unknown:
        print(f"no budgets for {', '.join(unknown)} in {args.budgets}", file=sys.stderr)
        return 2

    started = time.time()
    if not args.no_run:
        for bench in chosen:
            print(f"== cargo bench --bench {bench} -- {' '.join(BRIEF)}", flush=True)
            run = subprocess.run(["cargo", "bench", "--bench", bench, "--", *BRIEF], cwd=ROOT)
            if run.returncode != 0:
                print(f"cargo bench --bench {bench} failed", file=sys.stderr)
                return 2

    criterion = Path(os.environ.get("CRITERION_HOME", target_dir() / "criterion"))
    if not criterion.is_dir():
        print(f"no criterion results in {criterion}: run without --no-run", file=sys.stderr)
        return 1
    measured = figures(criterion)
    over = []
    print(f"\n{'benchmark':<62} {'figure':>10} {'budget':>10}")
    for bench in chosen:
        for name, budget_text in budgets[bench].items():
            budget = nanoseconds(budget_text)
            figure = measured.get(name)
            if figure is None or (not args.no_run and figure[1] < started):
                print(f"{name:<62} {'-':>10} {shown(budget):>10}  NO FIGURE")
                over.append(f"{bench}: {name}: not measured (budget {shown(budget)})")
                continue
            verdict = "over budget" if figure[0] > budget else "ok"
            print(f"{name:<62} {shown(figure[0]):>10} {shown(budget):>10}  {verdict}")
            if figure[0] > budget:
                over.append(
                    f"{bench}: {name}: {shown(figure[0])}, over its budget of {shown(budget)}"
                )
    if over:
        print(f"\n{len(over)} not within budget:", file=sys.stderr)
        for line in over:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("\nevery figure is within its budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
