"""benchmarks/preview_latency.py measures every notebook by default (one Japanese job each, a job of
reports.yml) and prints a table BENCHMARKS.md can take."""

from __future__ import annotations

import importlib.util

from kodaira_analysis import paths
from kodaira_analysis.reports.config import load_jobs

ROOT = paths.PACKAGE_DIR.parent


def _script():
    spec = importlib.util.spec_from_file_location("preview_latency", ROOT / "benchmarks" / "preview_latency.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_has_one_japanese_job_measured():
    script = _script()
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert [j.removesuffix("-ja") for j in script.DEFAULT_JOBS] == notebooks
    jobs = {job.name: job for job in load_jobs()}
    for name in script.DEFAULT_JOBS:
        assert name in jobs and jobs[name].lang == "ja", name


def test_the_table_has_a_row_per_job_and_says_whether_each_is_within_the_bound():
    script = _script()
    results = {
        "01-fiscal-trends-ja": {"median_s": 2.5, "runs_s": [2.4, 2.5, 2.6], "load": [1.0, 1.2]},
        "04-reform-progress-ja": {"median_s": 1.5, "runs_s": [1.4, 1.5, 1.6], "load": [0.9, 1.0]},
    }
    lines = script.table(results).splitlines()
    assert len(lines) == 2 + len(results)
    assert lines[2].startswith("| 01-fiscal-trends | 01-fiscal-trends-ja | 2.50 |") and lines[2].endswith("| no |")
    assert lines[3].endswith("| yes |"), "the bound is inclusive: at most 1.5 s"
