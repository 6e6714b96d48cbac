"""The three-way comparison of issue 25, measured in one run, alternated: the CLI loop, the plain in-process
pool (benchmarks/pool_baseline.py) and the runner (``kodaira-reports build --force --no-pdf``).

Each round runs the three one after another (in a rotating order), for the whole batch and for one report;
the machine's load (1-minute average) is read before each run. Medians and the per-round ratios are printed
as Markdown for BENCHMARKS.md, the raw figures as JSON on stderr.

Usage (from the project root, with the SSDSE-A editions for the peer reports):
``KODAIRA_SSDSE_DIR=../shared/data/ssdse-a nice -n 0 .venv/bin/python benchmarks/three_way.py [--rounds 3] [--one-rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, ONE_REPORT, ROOT, baseline, env_with_ssdse, jobs, load_avg


def timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - started


def measure(names: list[str], rounds: int, env: dict) -> dict[str, list[float]]:
    """Seconds of each way per round, and the load before each run."""
    selected = [j for j in jobs() if j["name"] in names]
    reports = Path(tempfile.mkdtemp(prefix="bench-runner-"))
    only = [a for name in names for a in ("--only", name)]
    runner = [str(BIN / "kodaira-reports"), "build", "--force", "--no-pdf", "--out", str(reports), *only]
    timed([str(BIN / "kodaira-reports"), "build", "--no-pdf", "--out", str(reports), *only], env)  # untimed first

    def cli_loop() -> float:
        work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
        try:
            return baseline(selected, work)
        finally:
            shutil.rmtree(work)

    def pool() -> float:
        work = Path(tempfile.mkdtemp(prefix="bench-pool-"))
        try:
            return timed([sys.executable, str(ROOT / "benchmarks" / "pool_baseline.py"), str(work), *names], env)
        finally:
            shutil.rmtree(work)

    ways = {"cli": cli_loop, "pool": pool, "runner": lambda: timed(runner, env)}
    found: dict[str, list[float]] = {f"{way}{suffix}": [] for way in ways for suffix in ("", "_load")}
    for round_ in range(rounds):
        order = list(ways)[round_ % 3 :] + list(ways)[: round_ % 3]
        for way in order:
            found[f"{way}_load"].append(load_avg())
            found[way].append(ways[way]())
        print(f"round {round_ + 1}: " + ", ".join(f"{w} {found[w][-1]:.1f} s" for w in ways), file=sys.stderr)
    shutil.rmtree(reports)
    return found


def table(title: str, found: dict[str, list[float]]) -> list[str]:
    med = {way: statistics.median(found[way]) for way in ("cli", "pool", "runner")}
    rounds = len(found["cli"])
    lines = [f"### {title}", "", "| way | median | per round (s) | load before each run |", "|---|---|---|---|"]
    names = {
        "cli": "CLI loop (papermill CLI + nbconvert CLI per report)",
        "pool": "in-process pool",
        "runner": "runner",
    }
    for way, label in names.items():
        per_round = ", ".join(f"{v:.1f}" for v in found[way])
        load = ", ".join(f"{v:.1f}" for v in found[f"{way}_load"])
        lines.append(f"| {label} | {med[way]:.1f} s | {per_round} | {load} |")
    for way in ("pool", "runner"):
        ratios = ", ".join(f"{found[way][i] / found['cli'][i]:.2f}" for i in range(rounds))
        lines.append(f"| {way} / CLI loop | **{med[way] / med['cli']:.2f}** | {ratios} | |")
    ratios = ", ".join(f"{found['runner'][i] / found['pool'][i]:.2f}" for i in range(rounds))
    lines.append(f"| runner / pool | **{med['runner'] / med['pool']:.2f}** | {ratios} | |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one-rounds", type=int, default=5)
    args = parser.parse_args()
    env = env_with_ssdse()
    batch = [j["name"] for j in jobs()]
    one = measure([ONE_REPORT], args.one_rounds, env) if args.one_rounds else None
    whole = measure(batch, args.rounds, env) if args.rounds else None
    print(json.dumps({"one": one, "batch": whole}), file=sys.stderr)
    lines = table(f"One report ({ONE_REPORT})", one) if one else []
    print("\n".join(lines + (table(f"The batch ({len(batch)} reports)", whole) if whole else [])))


if __name__ == "__main__":
    main()
