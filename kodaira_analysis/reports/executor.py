"""Run one job: stock papermill in a kernel of its own (``km=``: started now, or the preview's spare), then the page.

Nothing is put in place here: the executed notebook, page and figures are staged beside their places and the
:class:`~.model.JobResult` names them, with how the job ended (:class:`~.model.Outcome`).
"""

from __future__ import annotations

import errno
import math
import os
import re
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from kodaira_analysis import files
from kodaira_analysis.present.dates import now_jst

from . import warm
from .model import FailedCell, JobResult, Outcome, Staged

if TYPE_CHECKING:
    from .config import Job

STAGE_SCHEME = "kodaira-stage://"
_UNWRITABLE = {errno.ENOSPC, errno.EROFS, errno.EDQUOT}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Task:
    """One job sent to a worker."""

    job: Job
    out_dir: str
    timeout: float
    provenance: dict[str, Any]
    cwd: str | None = None  # where the kernel runs (default: the notebook's folder)


def _write_whole(buf: str, path: str) -> None:
    files.write_atomic(Path(path.removeprefix(STAGE_SCHEME)), buf)


#: papermill's I/O handler for ``kodaira-stage://PATH``: the notebook written whole to PATH, or nothing (a full disk
#: leaves no truncated file). papermill calls only these two for an output path.
STAGED_WRITES = SimpleNamespace(write=_write_whole, pretty_path=lambda path: path.removeprefix(STAGE_SCHEME))


def classify(exc: BaseException, kernel_alive: bool) -> Outcome:
    """The kind of failure: a dead kernel whenever the kernel is gone, whatever nbclient called it."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, DeadKernelError | warm.KernelDied) or not kernel_alive:
        return Outcome.DEAD_KERNEL
    if isinstance(exc, CellTimeoutError | TimeoutError):
        return Outcome.TIMEOUT
    if isinstance(exc, OSError) and exc.errno in _UNWRITABLE:
        return Outcome.WRITE_ERROR
    return Outcome.CELL_ERROR


def failed_cell(notebook: Path) -> FailedCell | None:
    """The code cell that failed (or was running when the run stopped) in an executed notebook, if readable."""
    import nbformat

    try:
        code = [cell for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    except Exception:
        return None
    for index, cell in enumerate(code):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors or cell.get("metadata", {}).get("papermill", {}).get("status") == "running":
            return FailedCell(index, cell.source, _ANSI.sub("", "\n".join(errors[0]["traceback"])) if errors else "")
    return None


def run_job(task: Task, spare: warm.Spare | None = None) -> JobResult:
    """Run one job in a kernel started now (or the spare given) and stage its files; never raise."""
    job, out = task.job, Path(task.out_dir)
    started, started_at = time.monotonic(), now_jst()
    cwd = task.cwd or str(job.notebook.parent)
    scratch = out / "executed" / f".{job.name}.{os.getpid()}_{time.monotonic_ns()}.ipynb"
    km = None
    fields: dict[str, Any] = {}
    try:
        if spare is None or spare.cwd != cwd:
            if spare is not None:
                warm.stop(spare.km)
            spare = warm.Spare(cwd)  # it boots while this process imports papermill and nbconvert
        import papermill as pm
        from papermill.iorw import papermill_io

        from kodaira_analysis.page.exporter import render_html

        from .figures import stage_figures

        papermill_io.register(STAGE_SCHEME, STAGED_WRITES)
        km = spare.take()
        nb = pm.execute_notebook(
            str(job.notebook),
            STAGE_SCHEME + str(scratch),
            parameters=dict(job.parameters),
            kernel_name=warm.KERNEL_NAME,
            km=km,
            execution_timeout=math.ceil(task.timeout),  # nbclient's timeout is whole seconds
            request_save_on_cell_execute=False,
            progress_bar=False,
            log_output=False,
            cwd=cwd,
        )
        html = render_html(scratch, job.to_dict(), task.provenance)
        figures = stage_figures(nb, out, job.name)
        page = files.stage_atomic(out / f"{job.name}.html", html)
        outcome = Outcome.OK
        fields = {
            "staged": Staged(str(scratch), str(page), str(figures.staging)),
            "kernel_seconds": round(sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells), 3),
            "html_bytes": len(html.encode("utf-8")),
            "figure_files": len(figures.written),
        }
    except Exception as exc:  # every failure becomes a result: one job never stops the others
        alive = km is not None and not isinstance(exc, warm.KernelDied) and warm.alive(km)
        outcome = classify(exc, alive)
        error = _ANSI.sub("", str(exc))[-4000:]
        if outcome is Outcome.DEAD_KERNEL and km is not None and not alive:
            error = f"{error} (the kernel: {warm.exit_status(km)})"
        elif outcome is Outcome.WRITE_ERROR:
            error = f"cannot write into {out}: {error}"
        fields = {
            "staged": Staged(notebook=str(scratch) if scratch.is_file() else None),
            "error_type": type(exc).__name__,
            "error": error,
            "runner_traceback": _ANSI.sub("", traceback.format_exc())[-8000:],
            "cell": failed_cell(scratch) if scratch.is_file() else None,
        }
    finally:
        if km is not None:
            warm.stop(km)
    seconds = round(time.monotonic() - started, 2)
    return JobResult(job.name, outcome, started_at=started_at, finished_at=now_jst(), seconds=seconds, **fields)
