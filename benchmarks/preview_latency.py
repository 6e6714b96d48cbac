"""Preview: seconds from saving a notebook to the new page being served, per notebook (issue 27 item 4).

For each notebook this starts ``kodaira-reports preview`` on one of its jobs, waits for the first page and
for the spare kernel to be ready, then saves the notebook (rewrites the same bytes, as an editor's save
does) and times until ``/__version`` answers with the next version: the page a browser then reloads. The
browser's own reload (a local file of a few MB) is not included. Usage:

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
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JOBS = ["00-summary-ja", "01-fiscal-trends-ja", "02-staffing-levels-ja", "03-aging-population-ja",
                "04-reform-progress-ja", "05-tama-peers-ja"]  # fmt: skip


def _version(url: str, since: str | None = None, timeout: float = 120) -> str:
    query = f"?since={since}" if since is not None else ""
    with urllib.request.urlopen(f"{url}__version{query}", timeout=timeout) as answer:
        return answer.read().decode()


def measure(job: str, repeat: int, settle: float) -> list[float]:
    """Save-to-page seconds of ``repeat`` saves of the job's notebook."""
    notebook = ROOT / "notebooks" / f"{re.sub(r'-(ja|en)$', '', job)}.ipynb"
    process = subprocess.Popen(
        [sys.executable, "-m", "kodaira_analysis.reports.cli", "-q", "preview", job],
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
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs", nargs="*", default=DEFAULT_JOBS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settle", type=float, default=8.0)
    args = parser.parse_args()
    results = {}
    for job in args.jobs:
        times = measure(job, args.repeat, args.settle)
        results[job] = {"median_s": round(statistics.median(times), 2), "runs_s": [round(t, 2) for t in times]}
        print(f"{job:<28} median {statistics.median(times):5.2f} s  runs {', '.join(f'{t:.2f}' for t in times)}")
    print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), "results": results}))


if __name__ == "__main__":
    main()
