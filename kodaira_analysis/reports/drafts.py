"""Drafts: one report rendered into a folder of its own, for ``preview`` (again and again) and ``render`` (once).

The report is a job of reports.yml or a notebook, with the user's ``-p`` parameters (:mod:`.adhoc`). The
folder is claimed under its build lock (a build's folder is refused; no build starts in it meanwhile);
the kernels run from a temporary kernelspec and runtime folder, removed after; the notebook is read only
if it is a regular file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis.present import SVG_ENV

from . import owned, publisher, sockets, warm
from .logs import error
from .model import JobResult

if TYPE_CHECKING:
    from .config import Job


def kernel_env(*, keeps_files: bool) -> dict[str, str]:
    """What the preview's kernels add to their environment.

    In the preview's own temporary folder, removed when it stops, each figure is drawn as PNG only (the
    SVG is a third of a figure's drawing). Into a folder given with ``--out`` (a build's, say), the figure
    files are written whole, SVG included, as a build writes them: a preview never leaves a build's
    figures without their SVG.
    """
    return {SVG_ENV: "1" if keeps_files else "0"}


def find_target(args: argparse.Namespace) -> Job:
    """The report to preview: a job of reports.yml (with -p's parameters over its own), or a notebook with -p's.

    Raises:
        ConfigError: no such job or notebook, or a parameter the notebook refuses.
    """
    from . import adhoc
    from .config import ConfigError, load_jobs

    parameters = adhoc.parse_parameters(getattr(args, "parameters", None), getattr(args, "lang", None))
    jobs = {job.name: job for job in load_jobs(args.config)}
    if args.name in jobs:
        base = jobs[args.name]
        return adhoc.custom_job(base.notebook, parameters, base=base)
    try:
        notebook = adhoc.find_notebook(args.name)
    except ConfigError as exc:
        raise ConfigError(
            f"{args.name!r} is neither a job of {args.config} nor a notebook ({exc}); "
            f"the jobs are: {', '.join(sorted(jobs))}"
        ) from None
    return adhoc.custom_job(notebook, parameters)


def notebook_problem(job: Job) -> str | None:
    """Why the job's notebook (or its paired .py) cannot be read now, or None: only regular files are opened.

    (A FIFO in place of the notebook would block the render loop for ever.)
    """
    import stat

    for path in (job.notebook, job.notebook.with_suffix(".py")):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            if path.suffix == ".py":
                continue
            return f"{path} does not exist"
        except OSError as exc:
            return f"{path} cannot be read ({exc.strerror or exc})"
        if not stat.S_ISREG(mode):
            return f"{path} is not a regular file (a FIFO, device or folder): it is not read"
    return None


def _source_notebook(job, scratch: Path) -> Path:
    """The notebook to run: the .ipynb, or its paired .py when that was saved more recently."""
    paired = job.notebook.with_suffix(".py")
    if paired.is_file() and paired.stat().st_mtime_ns > job.notebook.stat().st_mtime_ns:
        import jupytext

        target = scratch / job.notebook.name
        jupytext.write(jupytext.read(paired), target)
        return target
    return job.notebook


def render_once(job, out: Path, timeout: float, spare: warm.Spare | None = None) -> JobResult:
    """Check the data, run the job in the spare kernel and render it, its files put in place; return its result."""
    import dataclasses

    from kodaira_analysis import build_data, raw_checksums

    from .executor import Task, run_job
    from .render import build_provenance

    build_data()  # a no-op unless data/raw or the cleaning code changed
    raw = raw_checksums()  # (no library hash: a preview keeps no manifest)
    source = dataclasses.replace(job, notebook=_source_notebook(job, out))
    # a paired .py's copy runs where the notebook is, in the spare kernel
    task = Task(source, str(out), timeout, build_provenance(raw), False, cwd=str(job.notebook.parent))
    (out / "executed").mkdir(exist_ok=True)
    return publisher.put_in_place(run_job(task, spare), out)


def page_for(job, result: JobResult, out: Path) -> str:
    """The page to serve for a render: the report, or its error page."""
    if result.ok:
        return (out / f"{job.name}.html").read_text(encoding="utf-8")
    from .index import write_error_page

    return write_error_page(job.to_dict(), result.as_dict(), has_last_good=False)


def claim_folder(out: Path, config: Path) -> tuple[Any, str | None]:
    """Take ``out`` for a preview or a render: (its build lock, held; None) or (None, why not).

    A build's folder (its manifest) is refused: a draft would replace a recorded page. The build lock is
    held for as long as the preview runs, so that no build starts in the folder meanwhile.
    """
    from filelock import FileLock, Timeout

    if owned.recorded_reports(out) is not None:
        return None, (
            f"{out} holds a build's reports (its manifest.json): a preview would put its drafts in place of "
            "them, unrecorded. Give a folder of the preview's own with --out."
        )
    try:
        owned.claim(out)
        lock = FileLock(out / publisher.LOCK)
        lock.acquire(timeout=0)
    except Timeout:
        return None, f"a kodaira-reports build is running in {out}: give another --out"
    except (owned.NotOwnedError, OSError) as exc:
        return None, str(exc)
    return lock, None


@contextmanager
def kernel_runtime(keeps_files: bool) -> Iterator[None]:
    """The kernels' connection files, sockets and kernelspec in a temporary folder, removed after.

    (As a build's: no TCP port, nothing left in Jupyter's runtime folder after a kill.)
    """
    saved = os.environ.get("JUPYTER_RUNTIME_DIR"), os.environ.get("JUPYTER_PATH")
    kernel_dir = Path(tempfile.mkdtemp(prefix="kodaira-kernel-"))
    (kernel_dir / "runtime").mkdir(mode=0o700)
    try:
        warm.install_kernelspec(kernel_dir / "runtime", env=kernel_env(keeps_files=keeps_files))
        yield
    finally:
        sockets.remove_runtime(kernel_dir / "runtime")
        shutil.rmtree(kernel_dir, ignore_errors=True)
        for name, value in zip(("JUPYTER_RUNTIME_DIR", "JUPYTER_PATH"), saved, strict=True):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def render_into(job: Job, out: Path, timeout: float, config: Path) -> tuple[int, JobResult | None]:
    """Run ``job`` once into the folder ``out`` (``render``): its exit code and result (None: nothing ran)."""
    from .model import ExitCode

    problem = notebook_problem(job)
    if problem:
        error(f"configuration error: {problem}", config)
        return ExitCode.CONFIG, None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        error(f"cannot write {out}: {exc.strerror or exc}", config)
        return ExitCode.WRITE, None
    lock, refused = claim_folder(out, config)
    if lock is None:
        error(str(refused), config)
        return (ExitCode.LOCKED if "is running" in str(refused) else ExitCode.CONFIG), None
    try:
        with kernel_runtime(keeps_files=True):
            result = render_once(job, out, timeout)
    finally:
        lock.release()
    return result.outcome.exit_code, result
