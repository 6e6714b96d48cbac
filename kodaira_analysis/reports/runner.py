"""One build: lock, data, decide what is stale, run jobs in parallel, write manifest and index.

Exit codes (also in the README):

===  ==========================================================
0    every job succeeded (or was already up to date)
1    a cell raised an error in at least one job
2    bad configuration (reports.yml, parameters) or command line
3    a cell ran past the timeout in at least one job
4    a kernel died in at least one job
5    another build holds the lock
6    the data build failed (bad raw data); reports left as they were
7    the reports folder cannot be written (read-only or full)
8    the installed package misses one of its data files (reinstall it)
130  stopped by SIGINT (Ctrl-C); finished reports recorded
143  stopped by SIGTERM; finished reports recorded
===  ==========================================================

When jobs fail in different ways, the code is the most severe: dead kernel,
then timeout, then unwritable output, then failed cell.

Progress, warnings and errors go through :mod:`logging` (logger
``kodaira_analysis.reports``; the command line sends it to stderr, see
:mod:`.logs`); every error names the configuration file in use. The summary
table, the build's result, is printed on stdout.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, MissingPackageDataError

from . import execute, owned, pdf, pool, record, single, sockets
from .config import CONFIG_FILE, Job, load_jobs, select
from .index import language_versions, write_index
from .logs import error
from .render import build_provenance
from .state import now_jst, read_manifest
from .status import REBUILD, SKIP, UP_TO_DATE, assess, current_inputs, longest_first, missing_requirements

EXIT_OK, EXIT_CELL_ERROR, EXIT_CONFIG, EXIT_TIMEOUT, EXIT_DEAD_KERNEL, EXIT_LOCKED, EXIT_DATA, EXIT_WRITE = range(8)
EXIT_PACKAGE_DATA = 8
_SEVERITY = [
    (execute.DEAD_KERNEL, EXIT_DEAD_KERNEL),
    (execute.TIMEOUT, EXIT_TIMEOUT),
    (execute.WRITE_ERROR, EXIT_WRITE),
    (execute.CELL_ERROR, EXIT_CELL_ERROR),
]
DEFAULT_TIMEOUT = 600.0
log = logging.getLogger("kodaira_analysis.reports")
#: A progress line (logged at INFO).
Say = Callable[[str], None]


def default_jobs() -> int:
    """Parallel jobs by default: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build_reports(
    out_dir: Path = paths.REPORTS_DIR,
    *,
    only: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    config: Path = CONFIG_FILE,
    wait: float = 0,
    outcome: dict[str, int] | None = None,
    pdfs: bool = True,
) -> int:
    """Build the reports; return the exit code (also put in ``outcome["code"]``). See the module docstring.

    Without ``pdfs`` no PDF is printed (the edit loop); the next build with them prints every committee
    report's PDF that is missing or older than its page.

    Once the build holds its lock, a signal is held wherever it comes, and acted on at the build's next
    step that may be cut short (:func:`.pool.interruptible`: the data check, the jobs, the printing):
    what is put in place is recorded, and the lock, the runtime folder and the printer are always dealt
    with. A signal once the build's work is done is logged; the exit code is then the build's own.
    """
    from filelock import FileLock, Timeout

    say: Say = log.info
    try:
        all_jobs = load_jobs(config)
        selected = select(all_jobs, only)
    except KodairaError as exc:
        error(f"configuration error: {exc}", config)
        return EXIT_CONFIG
    out_dir = Path(out_dir)
    try:
        owned.claim(out_dir)
    except owned.NotOwnedError as exc:
        error(f"configuration error: {exc}", config)
        return EXIT_CONFIG
    except OSError as exc:
        error(f"cannot write into {out_dir}: {exc}. Nothing was built.", config)
        return EXIT_WRITE
    try:
        lock = FileLock(out_dir / ".build.lock")
        lock.acquire(timeout=max(wait, 0))
    except Timeout:  # before OSError: filelock's Timeout is a TimeoutError
        error(
            f"another kodaira-reports build is running in {out_dir} (lock {out_dir / '.build.lock'}); "
            "nothing was changed. Try again later, or pass --wait SECONDS.",
            config,
        )
        return EXIT_LOCKED
    except OSError as exc:
        error(f"cannot write into {out_dir}: {exc}. Nothing was built.", config)
        return EXIT_WRITE
    saved_env = {name: os.environ.get(name) for name in ("JUPYTER_RUNTIME_DIR", "JUPYTER_PATH")}
    code = EXIT_WRITE
    no_pdf = pdf.withheld(NO_PDF) if not pdfs else nullcontext()
    with pool.signals_interrupt(), pool.holding_signals(raise_after=False) as held, no_pdf:
        try:
            code = _build(out_dir, Path(config), all_jobs, selected, jobs, force, timeout, say, held)
        except pool.Interrupted as stop:  # _build acts on every signal itself; this is the last net
            error(f"stopped by {stop}. Exit {stop.exit_code}.", config)
            code = stop.exit_code
        except OSError as exc:
            error(f"cannot write into {out_dir}: {exc}. Reports already in place were left as they were.", config)
            code = EXIT_WRITE
        finally:
            pdf.discard_ahead()  # a printer started for a report that did not get printed (see single)
            sockets.remove_runtime(out_dir / RUNTIME)
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            lock.release()
            if outcome is not None:
                outcome["code"] = code
    _late(held, code)
    return code


def _build(
    out_dir: Path,
    config: Path,
    all_jobs: list[Job],
    selected: list[Job],
    jobs: int | None,
    force: bool,
    timeout: float,
    say: Say,
    held: pool.Held,
) -> int:
    """The build under the lock: data, what is stale, the jobs, manifest and index; return the exit code.

    Signals are held (``held``) but where the build may be cut short (:func:`.pool.interruptible`).
    """
    from kodaira_analysis import build_data

    started = time.monotonic()
    try:
        with pool.interruptible(held):
            data = build_data()
            _verify_external()
            log.debug("data checked in %.2f s", time.monotonic() - started)
            raw, inputs = current_inputs(selected, config.parent)
            missing = missing_requirements()
    except pool.Interrupted as stop:
        error(f"stopped by {stop} before any report ran; the reports in {out_dir} were left as they were.", config)
        return stop.exit_code
    except MissingPackageDataError as exc:
        error(f"{exc} The reports in {out_dir} were left as they were.", config)
        return EXIT_PACKAGE_DATA
    except (KodairaError, OSError) as exc:  # an unreadable raw file is bad data (6), not an unwritable folder (7)
        error(f"data build failed: {exc} The reports in {out_dir} were left as they were.", config)
        return EXIT_DATA
    if data.built:
        say("data/processed rebuilt from data/raw")
    owned.remove_leftovers(out_dir)
    manifest = read_manifest(out_dir)
    assessed = assess(selected, manifest, inputs, missing, out_dir, force)
    todo = [a.job for a in assessed if a.action == REBUILD]
    for a in assessed:
        if a.action == SKIP:
            say(f"{a.job.name}: skipped ({'; '.join(a.reasons)})")
            record.record_skipped(a.job, manifest)
        elif a.action == UP_TO_DATE:
            say(f"{a.job.name}: up to date")
        else:
            say(f"{a.job.name}: to build ({'; '.join(a.reasons)})")

    def prepare() -> dict:
        """The parent's share of the work, done while the workers boot their kernels."""
        if "ssdse" not in missing:
            from kodaira_analysis.ssdse import ensure_cache

            ensure_cache()  # build the cache once, before parallel jobs read it
        return {**build_provenance(raw), "language_versions": language_versions([j.to_dict() for j in all_jobs])}

    results: dict[str, Any] = {}
    interrupted = None
    if todo:
        _prepare_runtime(out_dir)
        workers = jobs or default_jobs()
        say(
            f"building {len(todo)} report(s) with {min(workers, len(todo))} parallel job(s), "
            f"timeout {timeout:g} s per cell"
        )
        notebooks = {str(job.notebook.parent) for job in todo}
        todo = longest_first(todo, manifest)
        try:
            with pool.interruptible(held):
                (single if len(todo) == 1 else pool).run_jobs(  # one job: in this process, no pool
                    todo,
                    str(out_dir),
                    workers,
                    timeout,
                    prepare,
                    say,
                    notebooks.pop() if len(notebooks) == 1 else None,
                    results,  # each put in place and filled in one held step: a signal loses none
                )
        except pool.Interrupted as stop:
            interrupted = stop
            pdf.discard_ahead(kill=True)  # no page more: the printer stops now, with the build
        owned.remove_leftovers(out_dir)  # what a killed worker staged, or a killed printer started
    assessment = None

    def refresh_index() -> None:
        record.write_if_changed(
            out_dir, manifest, write_index(out_dir, [j.to_dict() for j in all_jobs], manifest, assessment)
        )

    try:
        for job in todo:
            if job.name in results:  # an interrupted job keeps its last good report and its entry
                record.record(job, results[job.name], inputs[job.name], manifest, out_dir)
                record.log_timing(results[job.name])
        if results or "last_build_at" not in manifest:
            manifest["last_build_at"] = now_jst()
        manifest["jobs"] = [job.name for job in all_jobs]
        try:
            assessment = _assess()
        except Exception as exc:
            log.warning(
                f"the targets' statuses could not be worked out ({type(exc).__name__}: {exc}); the index shows none"
            )
            assessment = None
        refresh_index()
    except OSError as exc:  # the pages are in place already: say which, not that nothing changed
        placed = [job.name for job in todo if results.get(job.name, {}).get("status") == execute.OK]
        error(
            f"cannot write the manifest or index in {out_dir}: {exc}. "
            + (
                f"The new report(s) {', '.join(placed)} are in place but not recorded in the manifest."
                if placed
                else "No report was replaced."
            ),
            config,
        )
        return EXIT_WRITE
    if interrupted is None and held:  # held while the reports were recorded: acted on now
        interrupted, held.signum = pool.Interrupted(held.signum), None  # type: ignore[arg-type]
    if interrupted is not None:
        error(
            f"stopped by {interrupted}: {len(results)} of {len(todo)} report(s) finished and recorded; the others "
            f"keep their last good version. Index and manifest are up to date. Exit {interrupted.exit_code}.",
            config,
        )
        return interrupted.exit_code
    try:
        with pool.interruptible(held):
            printed = record.print_pdfs(
                todo, results, out_dir, say, up_to_date=[a.job for a in assessed if a.action == UP_TO_DATE]
            )
    except pool.Interrupted as stop:  # the reports are written and recorded: only printing was cut short
        pdf.discard_ahead(kill=True)
        owned.remove_leftovers(out_dir)  # a PDF the printer was writing
        refresh_index()  # a PDF printed before the signal is linked
        error(
            f"stopped by {stop} while printing PDFs: the {len(results)} report(s) this build ran are written and "
            f"recorded, with the index and manifest; a PDF not printed keeps its last version. Exit {stop.exit_code}.",
            config,
        )
        return stop.exit_code
    if printed:
        refresh_index()  # the index links each new PDF
    record.summary(selected, todo, manifest, out_dir)
    record.report_failures(todo, results, out_dir, config)
    return _exit_code([results[job.name]["status"] for job in todo])


def _late(held: pool.Held, code: int) -> None:
    """A signal that came once the build's work was done: the build's own exit code stands."""
    if held:
        log.warning(f"{held.name} came after the build had done its work; exit {code}, the build's own")


#: What the build says of the PDFs with ``pdfs=False`` (``build --no-pdf``).
NO_PDF = "--no-pdf was given; the next build without it prints the PDFs left out"
#: The build's runtime folder inside the reports folder: kernelspec, kernel connection files, IPC sockets.
RUNTIME = ".runtime"


def _prepare_runtime(out_dir: Path) -> Path:
    """Point Jupyter's runtime folder at one the build owns (removed at the end), and install the kernelspec.

    Nothing is left in /tmp: connection files and sockets live there, and a killed build's folder is
    removed by the next build (owned.remove_leftovers).
    """
    runtime = out_dir / RUNTIME
    sockets.remove_runtime(runtime)
    runtime.mkdir(mode=0o700)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    execute.install_build_kernel(runtime / "kernelspec")
    return runtime


def _verify_external() -> None:
    """Check every SSDSE-A file present against its pinned SHA-256 before any report reads it."""
    from kodaira_analysis.ssdse import verify_all

    verify_all()


def _assess() -> Any:
    """The target statuses the index shows (None when they cannot be had: the index then shows none)."""
    from kodaira_analysis import assess_targets

    return assess_targets()


def _exit_code(statuses: list[str]) -> int:
    for status, code in _SEVERITY:
        if status in statuses:
            return code
    return EXIT_OK
