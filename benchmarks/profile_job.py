"""Profile the runner's own work for one report whose spare kernel is ready, as the preview's render finds it
(needs: pip install pyinstrument).

Usage: .venv/bin/python benchmarks/profile_job.py
"""

import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler

from kodaira_analysis import raw_checksums
from kodaira_analysis.page.provenance import build_provenance
from kodaira_analysis.reports import warm
from kodaira_analysis.reports.config import load_jobs
from kodaira_analysis.reports.executor import Task, run_job

raw = raw_checksums()
provenance = build_provenance(raw)
runtime = Path(tempfile.mkdtemp())
warm.install_kernelspec(runtime)
job = next(j for j in load_jobs() if j.name == "02-staffing-levels-ja")
out = tempfile.mkdtemp()
(Path(out) / "executed").mkdir()
task = Task(job, out, 60, provenance)
run_job(task, None)  # first run: exporter set up, caches warm
spare = warm.Spare(str(job.notebook.parent))
time.sleep(5)  # the spare kernel is ready, as the preview's next render finds it
profiler = Profiler(interval=0.001)
profiler.start()
result = run_job(task, spare)
profiler.stop()
print(
    f"total {result.seconds} s, cells {result.kernel_seconds} s, overhead {result.seconds - result.kernel_seconds:.2f} s"
)
print(profiler.output_text(unicode=False, color=False))
