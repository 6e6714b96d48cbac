"""Preview: seconds from saving a notebook to the new page being served, per notebook (issue 27 item 4).

For each notebook this starts ``kodaira-reports preview`` on one of its jobs, waits for the first page and
for the spare kernel to be ready, then saves the notebook (rewrites the same bytes, as an editor's save
does) and times until ``/__version`` answers with the next version: the page a browser then reloads. The
browser's own reload (a local file of a few MB) is not included. By default one job per notebook, in Japanese;
it ends with a Markdown table for BENCHMARKS.md (the median, every run, the 1-minute load average around the
runs, and whether the median is within the issue's 1.5 s), then the same as JSON. Set $KODAIRA_SSDSE_DIR and
$KODAIRA_MIC_DIR to absolute paths (a relative one is read from the kernel's folder). Usage:

    python benchmarks/preview_latency.py [--repeat 3] [--settle 8] [JOB ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: One job per notebook (Japanese): every notebooks/NN-*.ipynb, so a new notebook is measured without an edit here.
DEFAULT_JOBS = [f"{p.stem}-ja" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))]
#: The issue's bound: at most this many seconds from save to page, on a quiet machine.
TARGET_S = 1.5


def _version(url: str, since: str | None = None, timeout: float = 120) -> str:
    query = f"?since={since}" if since is not None else ""
    with urllib.request.urlopen(f"{url}__version{query}", timeout=timeout) as answer:
        return answer.read().decode()


def measure(job: str, repeat: int, settle: float) -> list[float]:
    """Save-to-page seconds of ``repeat`` saves of the job's notebook.

    The preview writes into a folder of ours (``--out``), removed at the end; a preview that does not stop
    within a minute of SIGINT is killed, and said so on stderr (seen once: a signal in the fork of the spare
    kernel was lost, and the preview then ignored the next ones).
    """
    notebook = ROOT / "notebooks" / f"{re.sub(r'-(ja|en)$', '', job)}.ipynb"
    with tempfile.TemporaryDirectory(prefix="preview-latency-") as folder:
        process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.cli", "-q", "preview", job, "--out", folder],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        try:
            assert process.stdout is not None
            url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline()).group(0)
            version = "0"
            while version == "0":
                version = _version(url, "0")
            times = []
            for _ in range(repeat):
                time.sleep(settle)  # the spare kernel boots and warms after each render
                data = notebook.read_bytes()
                started = time.perf_counter()
                notebook.write_bytes(data)
                version = _version(url, version)
                times.append(time.perf_counter() - started)
            return times
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                print(f"{job}: the preview did not stop within 60 s of SIGINT; killed", file=sys.stderr)
                process.kill()
                process.wait()


def table(results: dict[str, dict]) -> str:
    """The results as a Markdown table, one row per job.

    >>> print(table({"04-reform-progress-ja": {"median_s": 1.2, "runs_s": [1.1, 1.2, 1.3], "load": [2.0, 2.5]}}))
    | notebook | job | median (s) | runs (s) | load (1 min, before-after) | <= 1.5 s |
    |---|---|---:|---|---|---|
    | 04-reform-progress | 04-reform-progress-ja | 1.20 | 1.10, 1.20, 1.30 | 2.0-2.5 | yes |
    """
    lines = [
        f"| notebook | job | median (s) | runs (s) | load (1 min, before-after) | <= {TARGET_S} s |",
        "|---|---|---:|---|---|---|",
    ]
    for job, r in results.items():
        runs = ", ".join(f"{t:.2f}" for t in r["runs_s"])
        verdict = "yes" if r["median_s"] <= TARGET_S else "no"
        notebook = re.sub(r"-(ja|en)$", "", job)
        lines.append(
            f"| {notebook} | {job} | {r['median_s']:.2f} | {runs} | {r['load'][0]:.1f}-{r['load'][1]:.1f} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", nargs="*", default=DEFAULT_JOBS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settle", type=float, default=8.0)
    args = parser.parse_args()
    results = {}
    for job in args.jobs:
        before = os.getloadavg()[0]
        times = measure(job, args.repeat, args.settle)
        load = [round(before, 2), round(os.getloadavg()[0], 2)]
        results[job] = {
            "median_s": round(statistics.median(times), 2),
            "runs_s": [round(t, 2) for t in times],
            "load": load,
        }
        print(
            f"{job:<28} median {statistics.median(times):5.2f} s  runs {', '.join(f'{t:.2f}' for t in times)}",
            flush=True,
        )
    print()
    print(table(results))
    print()
    print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), "results": results}))


if __name__ == "__main__":
    main()
