"""One build as an object: lock -> data -> plan -> execute -> publish -> site; the README's exit codes.

A signal only sets the build's :class:`~.signals.StopFlag`; the build looks at it where it may stop (before
the lock, after the data check, while it waits for its workers, while PDFs print) and then records what
finished, keeps the last good version of the rest, brings the index and manifest up to date, releases the
lock and exits 130 or 143. A signal that comes once the work is done changes nothing but a log line.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError

from . import owned, publisher, signals, sockets
from .model import (
    CONFIG_FILE,
    DEFAULT_TIMEOUT,
    BuildContext,
    BuildOptions,
    ExitCode,
    JobResult,
    default_jobs,
    exit_code,
    exit_code_of,
)

RUNTIME = ".runtime"
#: What a build sets in its environment (warm.install_kernelspec), restored as it was at the end.
ENVIRONMENT = ("JUPYTER_RUNTIME_DIR", "JUPYTER_PATH", "IPYTHONDIR", "MPLCONFIGDIR")
log = logging.getLogger("kodaira_analysis.reports")


def build_reports(
    out_dir: Path = paths.REPORTS_DIR,
    *,
    only: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    config: Path | None = None,
    wait: float = 0,
    pdfs: bool = True,
) -> int:
    """Build the reports from Python; return the exit code (the signal handlers are restored after)."""
    options = BuildOptions(
        Path(out_dir), Path(config or CONFIG_FILE), tuple(only or ()), jobs, force, timeout, wait, pdfs
    )
    stop = signals.StopFlag()
    with stop.installed():
        return Build(BuildContext(options), stop).run()


class Build:
    """One build of the reports folder ``context.out_dir``."""

    def __init__(self, context: BuildContext, stop: signals.StopFlag) -> None:
        self.ctx, self.stop = context, stop
        self.out = context.out_dir
        self.results: dict[str, JobResult] = {}
        self.done = False  # the work is done: a signal from now on changes nothing

    def run(self) -> int:
        """Run the build; return its exit code. Whatever a notebook started is gone when this returns."""
        before = signals.children()
        signals.become_subreaper()
        try:
            code = self._configured()
        finally:
            signals.reap_adopted(lambda: before)
            signals.become_subreaper(False)
        if self.stop and self.done:
            log.warning(f"{self.stop.name} came after the build had done its work; exit {code}, the build's own")
        return int(code)

    def _stopped_early(self) -> ExitCode:
        self.ctx.error(
            f"stopped by {self.stop.name} before any report ran; the reports in {self.out} were left as they were."
        )
        return self.stop.exit_code

    def _configured(self) -> ExitCode:
        from .config import load_jobs, select

        if self.stop:
            return self._stopped_early()
        try:
            self.all_jobs = load_jobs(self.ctx.config)
            self.selected = select(self.all_jobs, list(self.ctx.options.only) or None)
            owned.claim(self.out)
        except KodairaError as exc:
            self.ctx.error(f"configuration error: {exc}")
            return ExitCode.CONFIG
        except OSError as exc:
            self.ctx.error(f"cannot write into {self.out}: {exc}. Nothing was built.")
            return ExitCode.WRITE
        try:
            lock = publisher.acquire_lock(self.out, self.ctx.options.wait, self.stop)
        except OSError as exc:
            self.ctx.error(f"cannot write into {self.out}: {exc}. Nothing was built.")
            return ExitCode.WRITE
        if lock is None:
            if self.stop:
                return self._stopped_early()
            self.ctx.error(
                f"another kodaira-reports build is running in {self.out} (lock {self.out / publisher.LOCK}); "
                "nothing was changed. Try again later, or pass --wait SECONDS."
            )
            return ExitCode.LOCKED
        saved = {name: os.environ.get(name) for name in ENVIRONMENT}
        try:
            return self._locked()
        except publisher.NotRecorded as exc:
            self.ctx.error(
                f"cannot write the manifest in {self.out}: {exc}. "
                f"The new report(s) {exc.name} are in place but not recorded in the manifest."
            )
            return ExitCode.WRITE
        except publisher.FolderError as exc:
            self.ctx.error(f"{exc}. Reports already in place were left as they were.")
            return ExitCode.WRITE
        except OSError as exc:
            self.ctx.error(f"cannot write into {self.out}: {exc}. Reports already in place were left as they were.")
            return ExitCode.WRITE
        finally:
            sockets.remove_runtime(self.out / RUNTIME)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            lock.release()

    def _data(self) -> ExitCode | None:
        """Build and check the data; hash every input. None when the build may go on."""
        from .status import read_inputs

        started = time.monotonic()
        try:
            self.raw, self.inputs, self.missing = read_inputs(self.selected, self.ctx.config.parent, build=True)
        except KodairaError as exc:
            code = exit_code_of(exc)
            said = f"data build failed: {exc}" if code == ExitCode.DATA else str(exc)
            self.ctx.error(f"{said} The reports in {self.out} were left as they were.")
            return code
        log.debug("data checked in %.2f s", time.monotonic() - started)
        return None

    def _locked(self) -> ExitCode:
        publisher.own_folders(self.out)
        owned.remove_leftovers(self.out)  # a killed build's staged files and runtime folder
        self.pool = self._start_pool()  # its first kernel boots while the data is checked
        try:
            return self._planned()
        finally:
            self.pool.close()

    def _start_pool(self) -> Any:
        """One worker, its kernel booting at once; more once the plan says how many jobs there are."""
        from .warm import install_kernelspec
        from .workers import Pool

        runtime = self.out / RUNTIME
        sockets.remove_runtime(runtime)
        runtime.mkdir(mode=0o700)
        install_kernelspec(runtime)
        return Pool(1, str(self.selected[0].notebook.parent), self.stop)

    def _planned(self) -> ExitCode:
        from .status import REBUILD, SKIP, UP_TO_DATE, assess, longest_first

        failed = self._data()
        if failed is not None:
            return failed
        if self.stop:
            return self._stopped_early()
        self.manifest = publisher.read_manifest(self.out)
        assessed = assess(self.selected, self.manifest, self.inputs, self.missing, self.out, self.ctx.options.force)
        for a in assessed:
            if a.action == SKIP:
                log.info(f"{a.job.name}: skipped ({'; '.join(a.reasons)})")
                publisher.record_skipped(a.job, self.manifest)
            else:
                log.info(
                    f"{a.job.name}: {'up to date' if a.action == UP_TO_DATE else 'to build'}"
                    + (f" ({'; '.join(a.reasons)})" if a.reasons else "")
                )
        todo = longest_first([a.job for a in assessed if a.action == REBUILD], self.manifest)
        if todo:
            self._execute(todo)
        self.pool.close()  # the spare kernels go now, not after the PDFs
        owned.remove_leftovers(self.out)  # what a killed worker staged
        try:
            self._finish_records()
        except OSError as exc:
            placed = [name for name, result in self.results.items() if result.ok]
            self.ctx.error(
                f"cannot write the manifest or index in {self.out}: {exc}. "
                + (f"The new report(s) {', '.join(placed)} are in place and recorded." if placed else "")
            )
            return ExitCode.WRITE
        if self.stop:
            self.ctx.error(
                f"stopped by {self.stop.name}: {len(self.results)} of {len(todo)} report(s) finished and recorded; "
                "the others keep their last good version. Index and manifest are up to date. "
                f"Exit {self.stop.exit_code}."
            )
            return self.stop.exit_code
        up_to_date = [a.job for a in assessed if a.action == UP_TO_DATE]
        if self._print_pdfs(todo, up_to_date):
            with signals.held():  # which page each PDF was printed from, and the index's links to them
                publisher.write_manifest(self.out, self.manifest)
                self._write_index()
        if self.stop:
            self.ctx.error(
                f"stopped by {self.stop.name} while printing PDFs: the {len(self.results)} report(s) this build ran "
                "are written and recorded, with the index and manifest; a PDF not printed keeps its last version. "
                f"Exit {self.stop.exit_code}."
            )
            return self.stop.exit_code
        self.done = True
        from . import summary

        summary.print_summary(self.selected, todo, self.manifest, self.out)
        summary.report_failures(todo, self.results, self.out, self.ctx)
        return exit_code([self.results[job.name].outcome for job in todo])

    def _execute(self, todo: list[Any]) -> None:
        """Run the jobs in a pool, publishing each result as it comes."""
        from .executor import Task

        workers = min(self.ctx.options.jobs or default_jobs(), len(todo))
        log.info(
            f"building {len(todo)} report(s) with {workers} parallel job(s), "
            f"timeout {self.ctx.options.timeout:g} s per cell"
        )
        started = time.monotonic()
        pool = self.pool
        pool.size = workers  # the others start now, each booting its first kernel
        try:
            from .summary import provenance as shared

            provenance = shared(self.raw, self.missing, self.all_jobs)
            by_name = {job.name: job for job in todo}

            def task(job: Any, more: bool) -> Task:
                return Task(job, str(self.out), self.ctx.options.timeout, provenance, more)

            def done(result: JobResult) -> None:
                job = by_name[result.name]
                result = publisher.publish(job, result, self.inputs[job.name], self.manifest, self.out)
                self.results[job.name] = result
                log.info(
                    f"[{len(self.results):>2}/{len(todo)}] {job.name}: {result.outcome} "
                    f"({result.seconds or 0:.1f} s; {time.monotonic() - started:.1f} s elapsed)"
                )
                log.debug("%s", result)

            pool.run(todo, task, done)
        except BaseException:
            pool.kill()  # the build cannot go on (a full disk): no job more
            raise

    def _finish_records(self) -> None:
        """The manifest's build time and job list, and the index, written with signals blocked."""
        from .publisher import write_manifest
        from .state import now_jst

        if self.results or "last_build_at" not in self.manifest:
            self.manifest["last_build_at"] = now_jst()
        self.manifest["jobs"] = [job.name for job in self.all_jobs]
        with signals.held():
            write_manifest(self.out, self.manifest)
            self._write_index()

    def _write_index(self) -> None:
        from .summary import write_index_page

        write_index_page(self.out, self.all_jobs, self.manifest)

    def _print_pdfs(self, todo: list[Any], up_to_date: list[Any]) -> int:
        from . import summary

        if not self.ctx.options.pdfs:
            log.info("no PDFs: --no-pdf was given; the next build without it prints the PDFs left out")
            return 0
        return summary.print_pdfs(todo, self.results, up_to_date, self.out, self.manifest, self.stop)
