"""Report-generation benchmarks: the plain papermill + nbconvert loop against kodaira-reports.

Usage (from the project root): ``make benchmark`` or
``.venv/bin/python benchmarks/run.py [--repeat 5] [--out BENCHMARKS.md]``.

Measures, each repeated ``--repeat`` times (medians reported):

a. the plain baseline: for every job of reports.yml, the papermill CLI, then
   the jupyter nbconvert CLI, one after another;
b. ``kodaira-reports build --force`` with the default jobs (cold);
c. ``kodaira-reports build`` with nothing changed;
d. per-report overhead: the runner's time for a report minus the time its
   cells spent executing in the kernel;
e. peak memory (RSS, summed over the build's process tree) and the size of
   each HTML report;
f. ``import kodaira_analysis``, ``load()`` of every table (cold: no
   data/processed; cached), and the SSDSE-A tidy table (cold and cached).

Nothing here is a test: the numbers depend on the machine, which is why the
ratios (b/a) matter more than the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"b/a": 0.35, "b/a (aim)": 0.2, "c": 1.0, "d": 0.5, "html": 1.5e6, "import": 0.5}


def run(cmd: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    return time.perf_counter() - started


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, StopIteration, PermissionError):
            continue
    return total


def run_with_peak_rss(cmd: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time and the peak RSS of its process tree (KiB, sampled every 20 ms)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    sampler.join()
    if code != 0:
        raise RuntimeError(f"{cmd} exited {code}")
    return time.perf_counter() - started, peak


def jobs() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from kodaira_analysis.reports.config import load_jobs
    from kodaira_analysis.reports.runner import _missing_requirements

    missing = _missing_requirements()
    return [j.to_dict() for j in load_jobs() if not set(j.requires) & missing]


def baseline(job_list: list[dict], work: Path) -> float:
    """a. papermill CLI then jupyter nbconvert CLI, per job, sequentially."""
    started = time.perf_counter()
    for job in job_list:
        executed = work / f"{job['name']}.ipynb"
        params = [a for k, v in job["parameters"].items() for a in ("-y", json.dumps({k: v}))]
        run([str(BIN / "papermill"), job["notebook"], str(executed), *params, "-k", "python3", "--no-progress-bar"])
        extra = ["--no-input"] if job["audience"] == "committee" else []
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", *extra, str(executed), "--output-dir", str(work)])
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def python_timing(code: str, env: dict | None = None) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
        env={**os.environ, **(env or {})},
    )
    return float(out.stdout.strip().splitlines()[-1])


def measure(repeat: int) -> dict:
    results: dict = {"repeat": repeat}
    job_list = jobs()
    results["jobs"] = [j["name"] for j in job_list]
    reports = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    cli = str(BIN / "kodaira-reports")
    a, b, c, rss, overhead = [], [], [], [], {}
    for i in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-baseline-"))
        a.append(baseline(job_list, work))
        shutil.rmtree(work)
        seconds, peak = run_with_peak_rss([cli, "build", "--force", "--out", str(reports)])
        b.append(seconds)
        rss.append(peak)
        manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
        for name, entry in manifest["reports"].items():
            if entry.get("status") == "ok":
                overhead.setdefault(name, []).append(entry["seconds"] - entry["kernel_seconds"])
        c.append(run([cli, "build", "--out", str(reports)]))
        print(f"repeat {i + 1}/{repeat}: a {a[-1]:.1f} s, b {b[-1]:.1f} s, c {c[-1]:.2f} s", file=sys.stderr)
    results.update(a=a, b=b, c=c, peak_rss_kib=rss, overhead={k: median(v) for k, v in overhead.items()})
    results["html_bytes"] = {p.name: p.stat().st_size for p in sorted(reports.glob("*.html"))}
    shutil.rmtree(reports)
    results["import"] = [
        python_timing("import time; t = time.perf_counter(); import kodaira_analysis; print(time.perf_counter() - t)")
        for _ in range(repeat)
    ]
    root = Path(tempfile.mkdtemp(prefix="bench-root-"))
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    load_all = (
        "import time; t = time.perf_counter(); import kodaira_analysis as ka\n"
        "[ka.load(n) for n in ka.TABLES]; print(time.perf_counter() - t)"
    )
    cold, cached = [], []
    for _ in range(repeat):
        shutil.rmtree(root / "data" / "processed", ignore_errors=True)
        cold.append(python_timing(load_all, {"KODAIRA_PROJECT_ROOT": str(root)}))
        cached.append(python_timing(load_all, {"KODAIRA_PROJECT_ROOT": str(root)}))
    results.update(load_cold=cold, load_cached=cached)
    from kodaira_analysis.ssdse.read import available, data_dir

    if available():
        ssdse = (
            "import time; t = time.perf_counter(); import kodaira_analysis as ka\n"
            "ka.load('ssdse'); print(time.perf_counter() - t)"
        )
        s_cold, s_cached = [], []
        env = {"KODAIRA_PROJECT_ROOT": str(root), "KODAIRA_SSDSE_DIR": str(data_dir())}
        for _ in range(repeat):
            shutil.rmtree(root / "data" / "interim", ignore_errors=True)
            s_cold.append(python_timing(ssdse, env))
            s_cached.append(python_timing(ssdse, env))
        results.update(ssdse_cold=s_cold, ssdse_cached=s_cached)
    shutil.rmtree(root)
    return results


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = {
        name: metadata.version(name)
        for name in (
            "papermill",
            "nbconvert",
            "nbclient",
            "ipykernel",
            "pandas",
            "matplotlib",
            "seaborn",
            "kodaira-analysis",
        )
    }
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "versions": versions,
    }


def render(results: dict, info: dict) -> str:
    a, b, c = median(results["a"]), median(results["b"]), median(results["c"])
    overhead = results["overhead"]
    worst = max(overhead.values())
    html_max = max(results["html_bytes"].values())
    imp = median(results["import"])

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = [
        "# Benchmarks",
        "",
        f"Produced by `make benchmark` (benchmarks/run.py) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; every figure is "
        f"the median of {results['repeat']} runs on the same machine in one session.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; Python {info['python']}; "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
        + ".",
        "",
        f"Jobs: {len(results['jobs'])} reports ({', '.join(results['jobs'])}).",
        "",
        "| measure | median | target | verdict |",
        "|---|---|---|---|",
        f"| a. plain loop: papermill CLI + nbconvert CLI per report | {a:.1f} s ({a / len(results['jobs']):.2f} s a report) | | |",
        f"| b. `kodaira-reports build --force` (cold) | {b:.1f} s | | |",
        f"| **b/a** | **{b / a:.3f}** | <= 0.35 (aim 0.2) | {verdict(b / a <= 0.35)}{' (aim met)' if b / a <= 0.2 else ''} |",
        f"| c. `kodaira-reports build`, nothing changed | {c:.2f} s | <= 1 s | {verdict(c <= 1)} |",
        f"| d. per-report overhead (runner time - kernel cell time), worst report | {worst:.2f} s | <= 0.5 s | {verdict(worst <= 0.5)} |",
        f"| e. peak RSS of a build (process tree) | {median(results['peak_rss_kib']) / 1024:.0f} MiB | | |",
        f"| e. largest HTML report | {html_max / 1e6:.2f} MB | <= 1.5 MB | {verdict(html_max <= 1.5e6)} |",
        f"| f. `import kodaira_analysis` | {imp:.3f} s | <= 0.5 s | {verdict(imp <= 0.5)} |",
        f"| f. `load()` of every table, cold (builds data/processed) | {median(results['load_cold']):.2f} s | | |",
        f"| f. `load()` of every table, cached | {median(results['load_cached']):.2f} s | | |",
    ]
    if "ssdse_cold" in results:
        lines += [
            f"| SSDSE-A, all nine editions into the tidy table, cold | {median(results['ssdse_cold']):.2f} s | | |",
            f"| SSDSE-A tidy table, cached | {median(results['ssdse_cached']):.2f} s | | |",
        ]
    lines += [
        "",
        "Per-report overhead (d), median per report:",
        "",
        "| report | overhead (s) | HTML (MB) |",
        "|---|---|---|",
    ]
    for name, value in sorted(overhead.items()):
        lines.append(f"| {name} | {value:.2f} | {results['html_bytes'].get(name + '.html', 0) / 1e6:.2f} |")
    lines += [
        "",
        "Raw runs (seconds): a "
        + ", ".join(f"{x:.1f}" for x in results["a"])
        + "; b "
        + ", ".join(f"{x:.1f}" for x in results["b"])
        + "; c "
        + ", ".join(f"{x:.2f}" for x in results["c"])
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "benchmarks.json")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown table here (default: print it)")
    args = parser.parse_args()
    results = measure(args.repeat)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"results": results, "machine": machine()}, indent=2), encoding="utf-8")
    table = render(results, machine())
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
