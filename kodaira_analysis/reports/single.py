"""One report, run in the build's own process: no worker pool, its kernel booting while the build prepares.

For a single job a pool only adds a fork, a worker that imports papermill
before it can use its kernel, and a round trip for the result. Here the
kernel is started first (jupyter_client only); while it boots and imports the
notebooks' libraries, this process does its share of the work (``prepare``:
SSDSE-A cache check, provenance, the index's assessment) and imports
papermill. The job then runs exactly as in a worker (:func:`.execute.run_job`,
the ``kodaira-warm`` engine), while a thread compiles the report's nbconvert
templates (this process is otherwise idle while the kernel runs the cells).

The pool's guarantees hold:

* the kernel dies with the build even on SIGKILL (it runs through
  :mod:`.lifetime`, whose ``PR_SET_PDEATHSIG`` now names this process);
* SIGTERM and SIGINT raise :class:`.pool.Interrupted` wherever the job is
  (kernel start, cells, rendering): the kernel is killed at once
  (:func:`.kernels.kill_all`), the job's scratch notebook is removed
  (:func:`.execute.run_job`), the report and executed notebook in place stay
  as they were, and the runner records nothing for the job, releases the lock
  and exits 130 or 143.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import Any

from . import execute, kernels, pdf, pool
from .config import Job


def run_jobs(
    todo: list[Job], out_dir: str, workers: int, timeout: float, prepare, say, notebooks_dir: str | None
) -> dict[str, Any]:
    """Run the one job of ``todo`` here (same contract as :func:`.pool.run_jobs`; ``workers`` plays no part).

    Raises:
        Interrupted: SIGTERM or SIGINT; its ``results`` are empty (the job did not finish).
    """
    (job,) = todo
    started_at = time.monotonic()
    spec = job.to_dict()
    kernels.start_first(execute.KERNEL_NAME, notebooks_dir, on_take=partial(_while_cells_run, spec))  # 2-3 s of CPU
    try:
        provenance = prepare()
        from . import engine  # noqa: F401  (papermill, nbformat, nbclient: imported while the kernel boots)

        try:
            result = execute.run_job(spec, out_dir, timeout, provenance)
        except Exception as exc:  # as the pool records a job whose worker raised
            result = {**pool._dead_worker_result(job, None), "error_type": type(exc).__name__, "error": str(exc)}
    except BaseException as stop:
        kernels.kill_all()
        pdf.discard_ahead()
        if isinstance(stop, pool.Interrupted):
            stop.results = {}
        raise
    finally:
        kernels.stop_first()  # after a run, nothing: the engine stopped the job's kernel
    if result["status"] != execute.OK:
        pdf.discard_ahead()  # no report, no PDF
    say(
        f"[ 1/1] {job.name}: {result['status']} "
        f"({result.get('seconds') or 0:.1f} s; {time.monotonic() - started_at:.1f} s elapsed)"
    )
    return {job.name: result}


def _while_cells_run(spec: dict[str, Any]) -> None:
    """Once the job has its kernel: compile the report's templates in a thread, launch the PDF printer.

    This process then mostly waits for the kernel's messages; a failure of either shows later, in the
    render or the printing.
    """
    threading.Thread(target=_warm_up, args=(spec,), name="render-warm-up", daemon=True).start()
    if spec["audience"] == "committee":
        pdf.launch_ahead()


def _warm_up(spec: dict[str, Any]) -> None:
    from .render import report_lang, warm_up

    try:
        warm_up({(spec["audience"], report_lang(spec))})
    except Exception:
        pass
