"""One report, run in the build's own process: no worker pool, its kernel booting while the build prepares.

For a single job a pool only adds a fork, a worker that imports papermill
before it can use its kernel, and a round trip for the result. Here:

1. ``build --only NAME`` into a reports folder the runner owns starts the
   kernel before the runner is even imported (:func:`head_start`; the
   command line, :mod:`.pool` and this module import no pandas): it boots
   and imports the notebooks' libraries while the build imports its own,
   loads reports.yml, checks the data, the SSDSE-A cache and the provenance,
   and imports papermill. Otherwise :func:`run_jobs` starts it first.
2. The job runs exactly as in a worker (:func:`.execute.stage_job`, the
   ``kodaira-warm`` engine). When it takes its kernel, a thread compiles the
   report's nbconvert templates and the PDF printer is started, so that its
   browser launches while the cells run (this process mostly waits for the
   kernel's messages then).
3. Once the job has staged its page, the build puts it in place (in the
   same held step as recording the result, :func:`.execute.publish`) and
   sends it to the printer at once: it prints while the runner writes the
   index and manifest; the used kernel is stopped after that, off the
   report's path.

The pool's guarantees hold:

* the kernel dies with the build even on SIGKILL (it runs through
  :mod:`.lifetime`, whose ``PR_SET_PDEATHSIG`` now names this process); the
  printer closes its browser and exits when its input closes;
* SIGTERM and SIGINT raise :class:`.pool.Interrupted` wherever the job is
  (head start, kernel start, cells, rendering): the kernel is killed at once
  (:func:`.kernels.kill_all`), the printer stopped, the job's scratch
  notebook removed (:func:`.execute.stage_job`), the report and executed
  notebook in place stay as they were, the runner records nothing for the
  job, releases the lock and exits 130 or 143. Once the job has a result,
  it is put in place and recorded, whenever the signal comes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import execute, kernels, owned, pdf, pool, sockets

if TYPE_CHECKING:  # the command line imports this module before it imports pandas (see head_start)
    from .config import Job


@contextmanager
def head_start(out_dir: Path, config: Path, only: list[str] | None) -> Iterator[None]:
    """Boot a one-report build's kernel (or a larger build's zygote) before the build imports pandas.

    The command line enters this before it imports the runner, so that the kernel boots while the build
    imports its libraries and loads its configuration, not after. Only into a reports folder the runner
    already owns (its marker is there): the kernel's connection files and sockets go into a folder of
    this process, ``<out>/.runtime-<pid>``, made before the build takes its lock (the runner's
    ``.runtime`` belongs to the build that holds the lock), removed on the way out, and removed by a
    later build if this one was killed (owned.remove_leftovers). The kernel starts in the notebooks/
    folder beside the configuration, where every job's notebook is; the runner's one-job path takes it
    (:func:`run_jobs`), and whatever was not taken (the report was up to date, another build held the
    lock, the configuration was wrong) is stopped here.
    """
    out_dir = Path(out_dir)
    if not owned.owns(out_dir):
        yield
        return
    if not (only and len(only) == 1):
        with _zygote_start(out_dir):
            yield
        return
    saved = {name: os.environ.get(name) for name in ("JUPYTER_RUNTIME_DIR", "JUPYTER_PATH")}
    runtime = out_dir / f".runtime-{os.getpid()}"
    try:
        try:
            runtime.mkdir(mode=0o700)
            os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
            execute.install_build_kernel(runtime / "kernelspec")
        except OSError:
            pass  # no head start: the build says what is wrong with the folder
        else:
            kernels.start_first(execute.KERNEL_NAME, str(Path(config).resolve().parent / "notebooks"))
        yield
    except BaseException:  # e.g. Interrupted while the kernel starts: no event loop, no message, SIGKILL
        kernels.kill_all()
        raise
    finally:
        with pool.holding_signals():  # the clean-up runs whole; a signal held here is raised after it
            kernels.stop_first()  # a kernel no job took
            sockets.remove_runtime(runtime)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@contextmanager
def _zygote_start(out_dir: Path) -> Iterator[None]:
    """A build of several reports: the zygote every kernel forks from (:mod:`.zygote`) starts importing now.

    Its socket lies in this process's ``<out>/.runtime-<pid>`` (as a one-report head start's kernel
    does); the pool finds it through ``$KODAIRA_ZYGOTE``. When nothing is built it is simply stopped.
    """
    from . import zygote

    runtime = out_dir / f".runtime-{os.getpid()}"
    try:
        runtime.mkdir(mode=0o700)
    except OSError:
        yield  # no head start: the pool starts the zygote itself, or the build says what is wrong
        return
    try:
        with zygote.serving(runtime):
            yield
    finally:
        sockets.remove_runtime(runtime)


def run_jobs(
    todo: list[Job],
    out_dir: str,
    workers: int,
    timeout: float,
    prepare,
    say,
    notebooks_dir: str | None,
    results: dict[str, Any],
) -> None:
    """Run the one job of ``todo`` here (same contract as :func:`.pool.run_jobs`; ``workers`` plays no part).

    Raises:
        Interrupted: SIGTERM or SIGINT; ``results`` holds the job's result if the job had finished.
    """
    (job,) = todo
    started_at = time.monotonic()
    _run(job, job.to_dict(), out_dir, timeout, prepare, notebooks_dir, results)
    result = results[job.name]
    say(
        f"[ 1/1] {job.name}: {result['status']} "
        f"({result.get('seconds') or 0:.1f} s; {time.monotonic() - started_at:.1f} s elapsed)"
    )


def _run(job: Job, spec: dict[str, Any], out_dir: str, timeout: float, prepare, notebooks_dir, results) -> None:
    """Run the job, putting its result into ``results`` as soon as it has one."""
    try:
        kernels.start_first(execute.KERNEL_NAME, notebooks_dir, on_take=partial(_while_cells_run, spec))  # 2-3 s
        provenance = prepare()
        from . import engine  # noqa: F401  (papermill, nbformat, nbclient: imported while the kernel boots)

        kernels.defer_shutdown()  # the used kernel is stopped once the report is written (below)
        try:
            result = execute.stage_job(spec, out_dir, timeout, provenance)
        except Exception as exc:  # as the pool records a job whose worker raised
            result = {**pool._dead_worker_result(job, None), "error_type": type(exc).__name__, "error": str(exc)}
        with pool.holding_signals():  # the page in place is a page the build will record
            results[job.name] = execute.publish(result, out_dir)
        if result["status"] == execute.OK and job.audience == "committee":
            pdf.submit_ahead([Path(out_dir) / f"{job.name}.html"])  # printed while the runner writes the index
    except BaseException:
        kernels.kill_all()
        pdf.discard_ahead(kill=True)
        raise
    finally:
        kernels.reap()  # the job's kernel
        kernels.defer_shutdown(False)
        kernels.stop_first()  # after a run, nothing: the job took the kernel started first
    if result["status"] != execute.OK:
        pdf.discard_ahead()  # no report, no PDF


def _while_cells_run(spec: dict[str, Any]) -> None:
    """Once the job has its kernel: compile the report's templates in a thread, launch the PDF printer.

    This process then mostly waits for the kernel's messages; a failure of either shows later, in the
    render or the printing.
    """
    try:
        threading.Thread(target=_warm_up, args=(spec,), name="render-warm-up", daemon=True).start()
        if spec["audience"] == "committee":
            pdf.launch_ahead()
    except Exception:  # both only save time: the job runs without them
        pass


def _warm_up(spec: dict[str, Any]) -> None:
    from .render import report_lang, warm_up

    try:
        warm_up({(spec["audience"], report_lang(spec))})
    except Exception:
        pass
