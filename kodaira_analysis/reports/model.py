"""The typed data the runner's parts hand each other: how a job ended, the build's options, the exit codes.

Immutable, picklable (a :class:`JobResult` travels from a worker), and light: the command line imports it first.
"""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, MissingPackageDataError

if TYPE_CHECKING:
    from .config import Job

CONFIG_FILE = paths.PROJECT_ROOT / "reports.yml"
DEFAULT_TIMEOUT = 600.0
#: A job name becomes a file name and a link: ASCII only ([0-9], never \d), checked with re.fullmatch.
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


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


class ConfigError(KodairaError):
    """reports.yml or an option is wrong: the message names the file, the job and the field."""

    exit_code = ExitCode.CONFIG


class NotOwnedError(KodairaError):
    """A reports folder the runner did not create: it refuses to write into it or empty it."""

    exit_code = ExitCode.CONFIG


class FolderError(KodairaError):
    """A file or folder of the reports folder is not what the runner writes there (exit 7)."""

    exit_code = ExitCode.WRITE


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
        """The build's exit code when this is its most severe outcome (ok and skipped: 0)."""
        if self in (Outcome.OK, Outcome.SKIPPED):
            return ExitCode.OK
        return ExitCode.WRITE if self is Outcome.WRITE_ERROR else ExitCode[self.name]


def exit_code(outcomes: list[Outcome]) -> ExitCode:
    """The build's exit code for its jobs' outcomes: the most severe failure's, or 0.

    >>> int(exit_code([Outcome.OK, Outcome.CELL_ERROR, Outcome.DEAD_KERNEL]))
    4
    """
    severity = (Outcome.DEAD_KERNEL, Outcome.TIMEOUT, Outcome.WRITE_ERROR, Outcome.CELL_ERROR)  # most severe first
    return next((outcome.exit_code for outcome in severity if outcome in outcomes), ExitCode.OK)


def exit_code_of(exc: BaseException) -> ExitCode:
    """The exit code of an error that stops a command, by its type; anything else is raised again.

    A runner's error class says its own (``exit_code``); package data missing 8, any other error of the package
    (bad raw data, a failed pinned SHA-256) 6, any other OSError a folder that cannot be written (7).
    """
    own = getattr(exc, "exit_code", None)
    if isinstance(own, int):
        return ExitCode(own)
    for kind, code in (
        (MissingPackageDataError, ExitCode.PACKAGE_DATA),
        (KodairaError, ExitCode.DATA),
        (OSError, ExitCode.WRITE),
    ):
        if isinstance(exc, kind):
            return code
    raise exc


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
        """The result as the error page reads it (the outcome as status, cell fields flat, not staged)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("outcome", "cell", "staged")}
        data["status"] = str(self.outcome)
        if self.cell is not None:
            data.update(cell_index=self.cell.index, cell_source=self.cell.source, traceback=self.cell.traceback)
        return data


def default_jobs() -> int:
    """Parallel jobs by default: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of one build (``kodaira-reports build``'s options), handed to every part of it."""

    out_dir: Path
    config: Path = CONFIG_FILE
    only: tuple[str, ...] = ()
    jobs: int | None = None  # parallel jobs; None: the CPUs this process may use
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT  # seconds per cell
    wait: float = 0  # seconds to wait for another build's lock
    pdfs: bool = True
