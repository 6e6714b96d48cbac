"""The typed data the runner's parts hand each other: what a job is to do, how it ended, the build's context.

Imports nothing of the runner (every other module of ``reports/`` may import it) and nothing heavy, so the
command line can use it before pandas or papermill are imported. Everything here is immutable and can be
sent through a pipe (a :class:`JobResult` travels from a worker process to the build).
"""

from __future__ import annotations

import enum
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis import paths

if TYPE_CHECKING:
    from .config import Job

CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
DEFAULT_TIMEOUT = 600.0


class ExitCode(enum.IntEnum):
    """The build's exit codes, as the README lists them."""

    OK = 0
    CELL_ERROR = 1
    CONFIG = 2
    TIMEOUT = 3
    DEAD_KERNEL = 4
    LOCKED = 5
    DATA = 6
    WRITE = 7
    PACKAGE_DATA = 8
    SIGINT = 130  # 128 + the signal's number, as shells report it
    SIGTERM = 143


class Outcome(enum.StrEnum):
    """How one job ended (the manifest's ``status`` of a report)."""

    OK = "ok"
    CELL_ERROR = "cell_error"
    TIMEOUT = "timeout"
    DEAD_KERNEL = "dead_kernel"
    WRITE_ERROR = "write_error"
    SKIPPED = "skipped"

    @property
    def exit_code(self) -> ExitCode:
        """The build's exit code when this is its most severe outcome."""
        return _EXIT[self]


_EXIT = {
    Outcome.OK: ExitCode.OK,
    Outcome.SKIPPED: ExitCode.OK,
    Outcome.CELL_ERROR: ExitCode.CELL_ERROR,
    Outcome.TIMEOUT: ExitCode.TIMEOUT,
    Outcome.DEAD_KERNEL: ExitCode.DEAD_KERNEL,
    Outcome.WRITE_ERROR: ExitCode.WRITE,
}
#: Most severe first: with several kinds of failure, the build exits with the first one's code.
SEVERITY = (Outcome.DEAD_KERNEL, Outcome.TIMEOUT, Outcome.WRITE_ERROR, Outcome.CELL_ERROR)


def exit_code(outcomes: list[Outcome]) -> ExitCode:
    """The build's exit code for the outcomes of its jobs: the most severe failure's, or 0.

    >>> int(exit_code([Outcome.OK, Outcome.CELL_ERROR, Outcome.DEAD_KERNEL]))
    4
    """
    for outcome in SEVERITY:
        if outcome in outcomes:
            return outcome.exit_code
    return ExitCode.OK


class Status(enum.StrEnum):
    """What a build does with a job (``kodaira-reports status``)."""

    UP_TO_DATE = "up to date"
    REBUILD = "rebuild"
    SKIP = "skip"


@dataclass(frozen=True)
class JobPlan:
    """What the build is to do with one job, and why (the reasons ``status`` prints)."""

    job: Job
    status: Status
    reasons: tuple[str, ...] = ()
    inputs: dict[str, str] = field(default_factory=dict)  # the hash of each input, by label


@dataclass(frozen=True)
class Staged:
    """What a job wrote beside its places, for the publisher to put in place (paths; None: not written)."""

    notebook: str | None = None  # executed/.<job>.<random>.ipynb
    html: str | None = None  # .<job>.html.<random>.tmp
    figures: str | None = None  # figures/.<job>.tmp-figures


@dataclass(frozen=True)
class FailedCell:
    """Where a failed job stopped: the code cell (0-based among code cells), its source and traceback."""

    index: int
    source: str
    traceback: str


@dataclass(frozen=True)
class JobResult:
    """How one job ended, and what it staged."""

    name: str
    outcome: Outcome
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float | None = None
    kernel_seconds: float | None = None
    html_bytes: int | None = None
    figure_files: int | None = None
    error_type: str | None = None
    error: str | None = None
    runner_traceback: str | None = None
    cell: FailedCell | None = None
    staged: Staged = Staged()

    @property
    def ok(self) -> bool:
        """Whether the report ran and rendered."""
        return self.outcome is Outcome.OK

    def as_dict(self) -> dict[str, Any]:
        """The result as the error page and the log read it (cell fields flattened, nothing staged)."""
        data: dict[str, Any] = {
            "name": self.name,
            "status": str(self.outcome),
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": self.seconds,
            "kernel_seconds": self.kernel_seconds,
            "html_bytes": self.html_bytes,
            "figure_files": self.figure_files,
            "error_type": self.error_type,
            "error": self.error,
            "runner_traceback": self.runner_traceback,
        }
        if self.cell is not None:
            data.update(cell_index=self.cell.index, cell_source=self.cell.source, traceback=self.cell.traceback)
        return data


def default_jobs() -> int:
    """Parallel jobs by default: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def exit_code_of(exc: BaseException) -> ExitCode:
    """The exit code of an error that stops a command outside a report's run, by its type (every command's table).

    An error class of the runner says its own code (``exit_code``: configuration 2, lock 5, folder 7); of the
    package's errors, a missing package data file is 8 and any other (bad raw data, a file failing its pinned
    SHA-256) is 6; any other OSError is a folder that cannot be written (7). A data file that cannot be read is
    raised by the data check as a :class:`kodaira_analysis.errors.KodairaError`, not as an OSError.
    """
    from kodaira_analysis.errors import KodairaError, MissingPackageDataError

    own = getattr(exc, "exit_code", None)
    if isinstance(own, int):
        return ExitCode(own)
    if isinstance(exc, MissingPackageDataError):
        return ExitCode.PACKAGE_DATA
    if isinstance(exc, KodairaError):
        return ExitCode.DATA
    if isinstance(exc, OSError):
        return ExitCode.WRITE
    raise exc


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of one build (``kodaira-reports build``'s options)."""

    out_dir: Path
    config: Path
    only: tuple[str, ...] = ()
    jobs: int | None = None  # parallel jobs; None: the CPUs this process may use
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT  # seconds per cell
    wait: float = 0  # seconds to wait for another build's lock
    pdfs: bool = True


@dataclass(frozen=True)
class BuildContext:
    """One build's options and where it reports; handed to every part of the build."""

    options: BuildOptions
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("kodaira_analysis.reports"))

    @property
    def out_dir(self) -> Path:
        """The reports folder."""
        return self.options.out_dir

    @property
    def config(self) -> Path:
        """reports.yml, as used."""
        return self.options.config

    def error(self, message: str) -> None:
        """Log an error ending with the configuration file in use (the README's promise)."""
        self.log.error("%s [config %s]", message, self.config.resolve())
