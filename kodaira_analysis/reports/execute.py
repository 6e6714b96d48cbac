"""Run one job: papermill in the running environment's kernel, then render; classify failures.

The kernel is always the Python that runs the build (``sys.executable``),
through a kernelspec written for the build, so that a 'python3' kernelspec
of another environment can never be picked up (e.g. by cron, without the
virtual environment on PATH).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from kodaira_analysis.files import stage_atomic
from kodaira_analysis.present import SVG_ENV

KERNEL_NAME = "kodaira-analysis-build"
#: How a job can end.
OK, CELL_ERROR, TIMEOUT, DEAD_KERNEL, WRITE_ERROR, SKIPPED = (
    "ok",
    "cell_error",
    "timeout",
    "dead_kernel",
    "write_error",
    "skipped",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def install_build_kernel(root: Path | None = None, *, env: dict[str, str] | None = None) -> Path:
    """Write a kernelspec for this interpreter into ``root`` (default: a new temporary folder); put it on JUPYTER_PATH.

    The kernel starts through :mod:`kodaira_analysis.reports.lifetime`, so that it dies with the worker
    that started it. Its figures carry their SVG (``$KODAIRA_FIGURE_SVG`` is 1, whatever the build's own
    environment says) unless ``env``, added to its environment, says otherwise (a preview's temporary folder).
    """
    root = Path(tempfile.mkdtemp(prefix="kodaira-kernel-")) if root is None else Path(root)
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "kodaira_analysis.reports.lifetime", "-f", "{connection_file}"],
        "display_name": "Python (kodaira-analysis build)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    spec["env"] = {SVG_ENV: "1", **(env or {})}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("JUPYTER_PATH")]))
    return root


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes from a traceback."""
    return _ANSI.sub("", text)


#: The errors of a folder that cannot take what is written into it: the run was fine, the saving was not.
_UNWRITABLE = {"ENOSPC", "EROFS", "EDQUOT"}


def classify(exc: BaseException) -> str:
    """Map an execution failure to one of the documented kinds.

    >>> import errno
    >>> classify(OSError(errno.ENOSPC, "No space left on device")), classify(ValueError("x"))
    ('write_error', 'cell_error')
    """
    import errno

    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, DeadKernelError):
        return DEAD_KERNEL
    if isinstance(exc, TimeoutError):
        return TIMEOUT
    if isinstance(exc, OSError) and errno.errorcode.get(exc.errno or -1) in _UNWRITABLE:
        return WRITE_ERROR  # papermill could not write the executed notebook (a full disk, say)
    return CELL_ERROR


def _failed_cell(executed: Path) -> dict[str, Any]:
    """Find the cell that failed (or was running when the run stopped) in a saved output notebook."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:
        return {}
    code = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        status = cell.get("metadata", {}).get("papermill", {}).get("status")
        if errors or status == "running":
            return {
                "cell_index": index,
                "cell_source": cell.source,
                "traceback": strip_ansi("\n".join(errors[0]["traceback"])) if errors else "",
            }
    return {}


def run_job(job: dict[str, Any], out_dir: str, timeout: float, provenance: dict[str, Any]) -> dict[str, Any]:
    """Execute one job and write its report, figures and executed notebook in place; never raise.

    The result says what happened. An output folder that cannot be written (full, read-only) gives status
    'write_error'. (A build runs :func:`stage_job` in its workers and :func:`publish` itself.)
    """
    return publish(stage_job(job, out_dir, timeout, provenance), out_dir)


def stage_job(job: dict[str, Any], out_dir: str, timeout: float, provenance: dict[str, Any]) -> dict[str, Any]:
    """Execute one job and render its report beside its places (see :func:`_run_job`); never raise."""
    from .state import now_jst

    try:
        return _run_job(job, out_dir, timeout, provenance)
    except OSError as exc:
        return {
            "name": job["name"],
            "status": WRITE_ERROR,
            "error_type": type(exc).__name__,
            "error": f"cannot write into {out_dir}: {exc}",
            "finished_at": now_jst(),
            "seconds": None,
        }


def _run_job(job: dict[str, Any], out_dir: str, timeout: float, provenance: dict[str, Any]) -> dict[str, Any]:
    """Execute one job and render its report (see run_job), writing nothing in place: :func:`publish` does.

    The executed notebook (kept for audit, even on failure), the page and the figure files are written
    beside their places under temporary names and named in ``result["staged"]``; the build puts them in
    place and records the result in one step that no signal cuts in two. What a killed build staged is
    removed by the next (owned.remove_leftovers).
    """
    import papermill as pm

    from .figures import stage_figures
    from .render import render_html
    from .state import now_jst

    out = Path(out_dir)
    started = time.monotonic()
    result: dict[str, Any] = {"name": job["name"], "started_at": now_jst()}
    executed_dir = out / "executed"
    executed_dir.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(prefix=f".{job['name']}.", suffix=".ipynb", dir=executed_dir)
    os.close(fd)
    scratch_path = Path(scratch)
    staged: dict[str, str] = {"notebook": scratch}
    try:
        from . import engine

        pm.execute_notebook(
            job["notebook"],
            scratch,
            parameters=job["parameters"],
            kernel_name=KERNEL_NAME,
            engine_name=engine.ENGINE_NAME,
            request_save_on_cell_execute=False,  # one write at the end, not two per cell
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            cwd=job.get("cwd") or str(Path(job["notebook"]).parent),
            report_mode=False,
        )
        kernel_seconds = _kernel_seconds(scratch_path)
        html = render_html(scratch_path, job, provenance)
    except Exception as exc:  # every failure becomes a result: one job never stops the others
        result.update(
            status=classify(exc),
            error_type=type(exc).__name__,
            error=strip_ansi(str(exc))[-4000:],
            runner_traceback=strip_ansi(traceback.format_exc())[-8000:],
        )
        result.update(_failed_cell(scratch_path))
    except BaseException:  # stopped by a signal in the build's own process (see single): keep the last executed copy
        scratch_path.unlink(missing_ok=True)
        raise
    else:
        try:
            figures = stage_figures(json.loads(scratch_path.read_text(encoding="utf-8")), out, job["name"])
            staged["figures"] = str(figures.staging)
            staged["html"] = str(stage_atomic(out / f"{job['name']}.html", html))
            result.update(
                status=OK,
                kernel_seconds=kernel_seconds,
                html_bytes=len(html.encode("utf-8")),
                figure_files=len(figures.written),
            )
        except OSError as exc:  # a full or read-only output folder: the report ran but cannot be saved
            result.update(status=WRITE_ERROR, error_type=type(exc).__name__, error=_cannot_save(out, job["name"], exc))
        except BaseException:
            discard(staged)
            raise
    result["staged"] = staged
    result["seconds"] = round(time.monotonic() - started, 2)
    result["finished_at"] = now_jst()
    return result


def _cannot_save(out: Path, name: str, exc: OSError) -> str:
    return f"cannot write {out / (name + '.html')} and its figures: {exc}"


def publish(result: dict[str, Any], out_dir: str | Path) -> dict[str, Any]:
    """Put what a job staged in place (executed notebook; on success, figure files and page); return the result.

    Run by the build, not the job's worker, inside the step that records the result, so that a page in
    place is a page recorded. A failure to put it in place makes the result a 'write_error' and leaves the
    last good page and figures as they were.
    """
    from .figures import StagedFigures

    out = Path(out_dir)
    staged = result.pop("staged", None) or {}
    name = result["name"]
    try:
        notebook = Path(staged["notebook"]) if staged.get("notebook") else None
        if notebook is not None and notebook.is_file() and notebook.stat().st_size:
            notebook.replace(out / "executed" / f"{name}.ipynb")
        if result["status"] == OK and staged.get("html"):
            StagedFigures.at(out, name, Path(staged["figures"])).swap()
            Path(staged["html"]).replace(out / f"{name}.html")
    except OSError as exc:
        result.update(status=WRITE_ERROR, error_type=type(exc).__name__, error=_cannot_save(out, name, exc))
    finally:
        discard(staged)
    return result


def discard(staged: dict[str, str]) -> None:
    """Remove what a job staged and nobody put in place (idempotent)."""
    import shutil

    for key in ("notebook", "html"):
        if staged.get(key):
            Path(staged[key]).unlink(missing_ok=True)
    if staged.get("figures"):
        shutil.rmtree(staged["figures"], ignore_errors=True)


def _kernel_seconds(executed: Path) -> float:
    """Seconds the kernel spent executing cells (papermill records each cell's duration)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    return round(sum(c.get("metadata", {}).get("papermill", {}).get("duration") or 0 for c in nb.cells), 3)
