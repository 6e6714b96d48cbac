"""Profile the runner's own work for one report whose warm kernel is ready (needs: pip install pyinstrument).

Usage: .venv/bin/python benchmarks/profile_job.py
"""

import tempfile
import time

from pyinstrument import Profiler

from kodaira_analysis.reports import execute, kernels, render
from kodaira_analysis.reports.config import load_jobs
from kodaira_analysis.reports.state import inputs_fingerprint

raw, _ = inputs_fingerprint()
provenance = render.build_provenance(raw)
execute.install_build_kernel()
job = next(j.to_dict() for j in load_jobs() if j.name == "02-staffing-levels-ja")
out = tempfile.mkdtemp()
execute.run_job(job, out, 60, provenance)  # first run: exporter set up, caches warm
kernels.start_ahead(execute.KERNEL_NAME)
time.sleep(5)  # the warm kernel is ready, as every report after a worker's first finds it
profiler = Profiler(interval=0.001)
profiler.start()
result = execute.run_job(job, out, 60, provenance)
profiler.stop()
print(
    f"total {result['seconds']} s, cells {result['kernel_seconds']} s, "
    f"overhead {result['seconds'] - result['kernel_seconds']:.2f} s"
)
print(profiler.output_text(unicode=False, color=False))
