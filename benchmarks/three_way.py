"""The three-way comparison of issue 25, measured in one run, alternated: the CLI loop, the plain in-process
pool (benchmarks/pool_baseline.py) and the runner (``kodaira-reports build --force --no-pdf``).

Each round runs the ways one after another (in a rotating order), for one report and for the whole batch; the
machine's load (1-minute average) is read before each run. ``--compare COMMIT`` adds the runner of another
commit (its tree exported by ``git archive`` into a temporary folder and run with this interpreter), to weigh a
mechanism: the runner with it against the runner without it, in the same rounds (a folder holding a tree is
taken as it is). Medians and the per-round
ratios are printed as Markdown (and written to ``--out``; never to BENCHMARKS.md, whose sections are history),
the raw figures as JSON on stderr.

Usage (from the project root, with the SSDSE-A editions for the peer reports):
``KODAIRA_SSDSE_DIR=../shared/data/ssdse-a nice -n 0 .venv/bin/python benchmarks/three_way.py [--rounds 3]
[--one-rounds 5] [--compare COMMIT] [--out benchmarks/latest.md]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ONE_REPORT = "02-staffing-levels-ja"
LABELS = {
    "cli": "CLI loop (papermill CLI + nbconvert CLI per report)",
    "pool": "in-process pool",
    "runner": "runner",
}


def load_avg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def env_with_sources() -> dict[str, str]:
    """This environment, with the external sources' folders as this checkout sees them (for an exported tree)."""
    from kodaira_analysis import mic, ssdse

    return {**os.environ, "KODAIRA_SSDSE_DIR": str(ssdse.data_dir()), "KODAIRA_MIC_DIR": str(mic.data_dir())}


def jobs() -> list[dict]:
    """The jobs of reports.yml whose external data is present."""
    sys.path.insert(0, str(ROOT))
    from kodaira_analysis.page.provenance import source_files
    from kodaira_analysis.reports.config import load_jobs

    missing = {name for name, files in source_files().items() if not files}
    return [j.to_dict() for j in load_jobs() if not set(j.requires) & missing]


def timed(cmd: list[str], env: dict, cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    return time.perf_counter() - started


def cli_loop(selected: list[dict], env: dict) -> float:
    """The papermill CLI then the jupyter nbconvert CLI, per job, one after another."""
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        started = time.perf_counter()
        for job in selected:
            executed = work / f"{job['name']}.ipynb"
            params = [a for k, v in job["parameters"].items() for a in ("-y", json.dumps({k: v}))]
            papermill = [str(BIN / "papermill"), job["notebook"], str(executed), *params, "-k", "python3"]
            timed([*papermill, "--no-progress-bar"], env)
            extra = ["--no-input"] if job["audience"] == "committee" else []
            timed(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", *extra, str(executed), "--output-dir", str(work)],
                env,
            )
        return time.perf_counter() - started
    finally:
        shutil.rmtree(work)


def exported(commit: str) -> Path:
    """The tree of ``commit`` in a temporary folder (git archive)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-commit-"))
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def measure(names: list[str], rounds: int, env: dict, compare: dict[str, Path]) -> dict[str, list[float]]:
    """Seconds of each way per round, and the load before each run."""
    selected = [j for j in jobs() if j["name"] in names]
    only = [a for name in names for a in ("--only", name)]
    reports = Path(tempfile.mkdtemp(prefix="bench-runner-"))

    cells: dict[str, list[float]] = {}

    def runner(tree: Path) -> Callable[[], float]:
        command = [sys.executable, "-m", "kodaira_analysis.reports.cli", "build", "--no-pdf", *only]
        out = reports / tree.name
        tree_env = {**env, "PYTHONPATH": str(tree)}
        timed([*command, "--out", str(out)], tree_env, tree)  # untimed first: data built, caches warm

        def run() -> float:
            seconds = timed([*command, "--force", "--out", str(out)], tree_env, tree)
            cells.setdefault(tree.name, []).append(notebook_floor(out / "manifest.json", len(names)))
            return seconds

        return run

    def pool() -> float:
        work = Path(tempfile.mkdtemp(prefix="bench-pool-"))
        try:
            return timed([sys.executable, str(ROOT / "benchmarks" / "pool_baseline.py"), str(work), *names], env)
        finally:
            shutil.rmtree(work)

    ways: dict[str, Callable[[], float]] = {
        "cli": lambda: cli_loop(selected, env),
        "pool": pool,
        "runner": runner(ROOT),
    }
    ways.update({f"runner@{commit}": runner(tree) for commit, tree in compare.items()})
    found: dict[str, list[float]] = {f"{way}{suffix}": [] for way in ways for suffix in ("", "_load")}
    for round_ in range(rounds):
        order = list(ways)[round_ % len(ways) :] + list(ways)[: round_ % len(ways)]
        for way in order:
            found[f"{way}_load"].append(load_avg())
            found[way].append(ways[way]())
        print(f"round {round_ + 1}: " + ", ".join(f"{w} {found[w][-1]:.1f} s" for w in ways), file=sys.stderr)
    shutil.rmtree(reports)
    found["floor"] = cells.get(ROOT.name, [])  # this checkout's runner: its notebooks' own cell time
    return found


def notebook_floor(manifest: Path, jobs: int) -> float:
    """The least wall time any runner needs for these notebooks on this machine's CPUs: their cells' own time.

    From the runner's manifest (papermill's per-cell durations, summed per report as ``kernel_seconds``): the
    larger of the cells' total spread over the CPUs and the longest single report.
    """
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["reports"].values()
    seconds = [float(r.get("kernel_seconds") or 0) for r in recorded if r.get("status") == "ok"]
    cpus = min(len(os.sched_getaffinity(0)), jobs)
    return max(sum(seconds) / cpus, max(seconds, default=0.0))


def table(title: str, found: dict[str, list[float]]) -> list[str]:
    ways = [way for way in found if not way.endswith("_load") and way != "floor"]
    med = {way: statistics.median(found[way]) for way in ways}
    rounds = range(len(found["cli"]))
    lines = [f"### {title}", "", "| way | median | per round (s) | load before each run |", "|---|---|---|---|"]
    for way in ways:
        per_round = ", ".join(f"{v:.1f}" for v in found[way])
        load = ", ".join(f"{v:.1f}" for v in found[f"{way}_load"])
        lines.append(f"| {LABELS.get(way, way)} | {med[way]:.1f} s | {per_round} | {load} |")
    pairs = [(way, "cli") for way in ways if way != "cli"] + [("runner", "pool")]
    pairs += [("runner", way) for way in ways if way.startswith("runner@")]
    for way, base in pairs:
        ratios = ", ".join(f"{found[way][i] / found[base][i]:.2f}" for i in rounds)
        lines.append(f"| {way} / {LABELS.get(base, base) if base == 'cli' else base} "
                     f"| **{med[way] / med[base]:.2f}** | {ratios} | |")  # fmt: skip
    if found.get("floor"):
        floor = ", ".join(f"{v:.1f}" for v in found["floor"])
        lines.append(f"| the notebooks' own cells (floor of any runner) | {statistics.median(found['floor']):.1f} s "
                     f"| {floor} | |")  # fmt: skip
        ratios = ", ".join(f"{found['floor'][i] / found['cli'][i]:.2f}" for i in rounds)
        lines.append(f"| floor / {LABELS['cli']} | **{statistics.median(found['floor']) / med['cli']:.2f}** "
                     f"| {ratios} | |")  # fmt: skip
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the whole batch")
    parser.add_argument("--one-rounds", type=int, default=5, help="rounds of one report")
    parser.add_argument(
        "--compare", action="append", default=[], metavar="COMMIT", help="also this commit's runner (or a folder's)"
    )
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown tables to this file")
    args = parser.parse_args()
    env = env_with_sources()
    compare = {
        Path(c).name if Path(c).is_dir() else c: Path(c) if Path(c).is_dir() else exported(c) for c in args.compare
    }
    try:
        batch = [j["name"] for j in jobs()]
        one = measure([ONE_REPORT], args.one_rounds, env, compare) if args.one_rounds else None
        whole = measure(batch, args.rounds, env, compare) if args.rounds else None
    finally:
        for given, tree in zip(args.compare, compare.values(), strict=True):
            if not Path(given).is_dir():
                shutil.rmtree(tree, ignore_errors=True)
    print(json.dumps({"one": one, "batch": whole}), file=sys.stderr)
    lines = table(f"One report ({ONE_REPORT})", one) if one else []
    lines += table(f"The batch ({len(batch)} reports)", whole) if whole else []
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
