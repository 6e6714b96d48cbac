"""The plain in-process pool: what the runner's own mechanisms are measured against (issue 25).

A process pool; in each worker, for each job, stock papermill with a jupyter_client KernelManager passed as
``km=`` (started for that job, stopped after it), then nbconvert's HTMLExporter in the same process. No warm
kernel ahead, no staging, no manifest, no figures, no PDF: the least a parallel runner does.

Usage (from the project root): ``.venv/bin/python benchmarks/pool_baseline.py OUT [--jobs N] [NAME ...]``
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_job(job: dict, out: str) -> str:
    """Execute one job's notebook in a fresh kernel and render it; return its name."""
    import papermill
    from jupyter_client.manager import KernelManager
    from nbconvert import HTMLExporter

    cwd = str(Path(job["notebook"]).parent)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=cwd)
    try:
        nb = papermill.execute_notebook(
            job["notebook"],
            str(Path(out) / f"{job['name']}.ipynb"),
            parameters=job["parameters"],
            kernel_name="python3",
            km=km,
            cwd=cwd,
            progress_bar=False,
        )
    finally:
        km.shutdown_kernel(now=True)
    exporter = HTMLExporter(exclude_input=job["audience"] == "committee")
    body, _ = exporter.from_notebook_node(nb)
    (Path(out) / f"{job['name']}.html").write_text(body, encoding="utf-8")
    return job["name"]


def selected_jobs(names: list[str]) -> list[dict]:
    """The jobs of reports.yml whose data is present (all, or those named)."""
    sys.path.insert(0, str(ROOT))
    from kodaira_analysis.reports.config import load_jobs
    from kodaira_analysis.ssdse import available

    jobs = [j.to_dict() for j in load_jobs(ROOT / "reports.yml") if available() or "ssdse" not in j.requires]
    return [j for j in jobs if not names or j["name"] in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = selected_jobs(args.names)
    with ProcessPoolExecutor(max_workers=min(args.jobs, len(jobs))) as pool:
        for name in pool.map(run_job, jobs, [str(args.out)] * len(jobs)):
            print(name, flush=True)


if __name__ == "__main__":
    main()
