"""One build as an object: lock -> data -> plan -> execute -> publish -> site; the README's exit codes.

A signal only sets the :class:`~.signals.StopFlag`; where the build may stop it records what finished, brings
index and manifest up to date and exits 130 or 143. Once the work is done a signal changes only a log line.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.present.dates import now_jst

from . import owned, publisher, signals, summary, warm
from .logs import error
from .model import (
    CONFIG_FILE,
    BuildOptions,
    ExitCode,
    JobResult,
    Outcome,
    Status,
    default_jobs,
    exit_code,
    exit_code_of,
)

log = logging.getLogger("kodaira_analysis.reports")


def build_reports(out_dir: Path = paths.REPORTS_DIR, *, console: bool = False, **options: Any) -> int:
    """Build the reports with ``options`` (:class:`~.model.BuildOptions`' fields); return the exit code.

    From the console script SIGINT and SIGTERM stay handled, then blocked until the process exits (the
    interpreter's teardown restores the default actions: a late SIGTERM gave 143 for a build that succeeded).
    """
    options.update(config=Path(options.get("config") or CONFIG_FILE), only=tuple(options.get("only") or ()))
    stop = signals.StopFlag()
    with stop.installed(restore=not console):
        code = Build(BuildOptions(Path(out_dir), **options), stop).run()
        if console:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        return code


class Build:
    """One build of the reports folder ``options.out_dir``."""

    def __init__(self, options: BuildOptions, stop: signals.StopFlag) -> None:
        self.options, self.stop, self.out = options, stop, options.out_dir
        self.results: dict[str, JobResult] = {}
        self.done = False  # the work is done: a signal from now on changes nothing

    def error(self, message: str) -> None:
        """Log an error naming reports.yml."""
        error(message, self.options.config)

    def run(self) -> int:
        """Run the build; return its exit code. Whatever a notebook started is gone when this returns."""
        before = signals.children()
        signals.become_subreaper()
        try:
            code = self._stopped_early() if self.stop else self._configured()
        finally:
            signals.reap_adopted(lambda: before)
            signals.become_subreaper(False)
        if self.stop and self.done:
            log.warning(f"{self.stop.name} came after the build had done its work; exit {code}, the build's own")
        return int(code)

    def _stopped(self, what: str) -> ExitCode:
        self.error(f"stopped by {self.stop.name}{what}")
        return self.stop.exit_code

    def _stopped_early(self) -> ExitCode:
        return self._stopped(f" before any report ran; the reports in {self.out} were left as they were.")

    def _configured(self) -> ExitCode:
        from .config import load_jobs, select

        try:
            self.all_jobs = load_jobs(self.options.config)
            self.selected = select(self.all_jobs, list(self.options.only) or None)
            owned.claim(self.out)
            lock = publisher.acquire_lock(self.out, self.options.wait, self.stop)
        except KodairaError as exc:
            self.error(f"configuration error: {exc}")
            return ExitCode.CONFIG
        except OSError as exc:
            self.error(f"cannot write into {self.out}: {exc}. Nothing was built.")
            return ExitCode.WRITE
        if lock is None and self.stop:
            return self._stopped_early()
        if lock is None:
            self.error(
                f"another kodaira-reports build is running in {self.out} (lock {self.out / owned.LOCK}); "
                "nothing was changed. Try again later, or pass --wait SECONDS."
            )
            return ExitCode.LOCKED
        try:
            return self._locked()
        except publisher.NotRecorded as exc:
            self.error(
                f"cannot write the manifest in {self.out}: {exc}. "
                f"The new report(s) {exc.name} are in place but not recorded in the manifest."
            )
        except publisher.FolderError as exc:
            self.error(f"{exc}. Reports already in place were left as they were.")
        except OSError as exc:
            self.error(f"cannot write into {self.out}: {exc}. Reports already in place were left as they were.")
        finally:
            lock.release()
        return ExitCode.WRITE

    def _locked(self) -> ExitCode:
        from .workers import Pool

        publisher.own_folders(self.out)
        owned.remove_leftovers(self.out)  # a killed build's staged files and runtime folder
        with warm.kernel_runtime(self.out / owned.RUNTIME):
            self.pool = Pool(1, self.stop)
            try:
                return self._planned()
            finally:
                self.pool.close()

    def _planned(self) -> ExitCode:
        from .status import assess, longest_first, read_inputs

        started = time.monotonic()
        try:  # the data built and checked, every input hashed
            self.raw, self.inputs, self.missing = read_inputs(self.selected, self.options.config.parent, build=True)
        except KodairaError as exc:
            code = exit_code_of(exc)
            said = f"data build failed: {exc}" if code == ExitCode.DATA else str(exc)
            self.error(f"{said} The reports in {self.out} were left as they were.")
            return code
        log.debug("data checked in %.2f s", time.monotonic() - started)
        if self.stop:
            return self._stopped_early()
        self.manifest = owned.read_manifest(self.out)
        plans = assess(self.selected, self.manifest, self.inputs, self.missing, self.out, self.options.force)
        for plan in plans:
            said = {Status.SKIP: "skipped", Status.UP_TO_DATE: "up to date", Status.REBUILD: "to build"}[plan.status]
            log.info(f"{plan.job.name}: {said}" + (f" ({'; '.join(plan.reasons)})" if plan.reasons else ""))
            if plan.status is Status.SKIP:
                skipped = {"status": str(Outcome.SKIPPED), "report_status": "skipped", "input_hash": None}
                publisher.entry(plan.job, self.manifest, **skipped)
        todo = longest_first([p.job for p in plans if p.status is Status.REBUILD], self.manifest)
        if todo:
            self._execute(todo)
        self.pool.close()  # the workers go now, not after the PDFs
        owned.remove_leftovers(self.out)  # what a killed worker staged
        try:
            if self.results or "last_build_at" not in self.manifest:
                self.manifest["last_build_at"] = now_jst()
            self.manifest["jobs"] = [job.name for job in self.all_jobs]
            self._write_records()
        except OSError as exc:
            placed = [name for name, result in self.results.items() if result.ok]
            self.error(
                f"cannot write the manifest or index in {self.out}: {exc}. "
                + (f"The new report(s) {', '.join(placed)} are in place and recorded." if placed else "")
            )
            return ExitCode.WRITE
        if self.stop:
            return self._stopped(
                f": {len(self.results)} of {len(todo)} report(s) finished and recorded; the others keep their last "
                f"good version. Index and manifest are up to date. Exit {self.stop.exit_code}."
            )
        if not self.options.pdfs:
            log.info("no PDFs: --no-pdf was given; the next build without it prints the PDFs left out")
        else:
            up_to_date = [p.job for p in plans if p.status is Status.UP_TO_DATE]
            if summary.print_pdfs(todo, self.results, up_to_date, self.out, self.manifest, self.stop):
                self._write_records()  # which page each PDF was printed from, and the index's links to them
        if self.stop:
            return self._stopped(
                f" while printing PDFs: the {len(self.results)} report(s) this build ran are written and recorded, "
                f"with the index and manifest; a PDF not printed keeps its last version. Exit {self.stop.exit_code}."
            )
        self.done = True
        summary.print_summary(self.selected, todo, self.manifest, self.out)
        summary.report_failures(todo, self.results, self.out, self.options.config)
        return exit_code([self.results[job.name].outcome for job in todo])

    def _execute(self, todo: list[Any]) -> None:
        """Run the jobs in the pool, publishing each result as it comes."""
        from kodaira_analysis.page.provenance import build_provenance
        from kodaira_analysis.ssdse import ensure_cache

        from .executor import Task
        from .index import language_versions

        workers = min(self.options.jobs or default_jobs(), len(todo))
        timeout = self.options.timeout
        log.info(f"building {len(todo)} report(s) with {workers} parallel job(s), timeout {timeout:g} s per cell")
        started = time.monotonic()
        self.pool.size = workers  # the others start now
        if "ssdse" not in self.missing:
            ensure_cache()  # built once, before parallel jobs read it
        versions = language_versions([job.to_dict() for job in self.all_jobs])
        provenance = {**build_provenance(self.raw), "language_versions": versions}  # what every report shows
        by_name = {job.name: job for job in todo}

        def done(result: JobResult) -> None:
            job = by_name[result.name]
            self.results[job.name] = result = publisher.publish(
                job, result, self.inputs[job.name], self.manifest, self.out
            )
            log.info(
                f"[{len(self.results):>2}/{len(todo)}] {job.name}: {result.outcome} "
                f"({result.seconds or 0:.1f} s; {time.monotonic() - started:.1f} s elapsed)"
            )
            log.debug("%s", result)

        try:
            self.pool.run([Task(job, str(self.out), timeout, provenance) for job in todo], done)
        except BaseException:
            self.pool.kill()  # the build cannot go on (a full disk): no job more
            raise

    def _write_records(self) -> None:
        """The manifest and the index, written with signals blocked."""
        with signals.held():
            publisher.write_manifest(self.out, self.manifest)
            summary.write_index_page(self.out, self.all_jobs, self.manifest)
