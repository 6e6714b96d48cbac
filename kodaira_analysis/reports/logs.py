"""The command line's log: one line per event on stderr, local time with its UTC offset, then the level.

The package only logs; the command line installs the handler (:func:`configure`), as the logging HOWTO advises.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

from .model import ExitCode, exit_code_of

#: The package's logger: every module's logger is below it.
ROOT = "kodaira_analysis"
log = logging.getLogger(f"{ROOT}.reports")
#: Libraries the runner calls that report through logging: their records go to the same log, named. pypdf says
#: through logging what it mended in a file it read (its logger_warning: Chromium's PDFs give "Object count 3551
#: exceeds defined trailer size 3546", read correctly); without a handler Python printed them bare on stderr.
LIBRARIES = ("pypdf",)
#: What an error's message begins with, by its exit code (model.exit_code_of).
_SAID = {ExitCode.CONFIG: "configuration error: ", ExitCode.DATA: "bad data: ", ExitCode.WRITE: "cannot write: "}


class OneLineFormatter(logging.Formatter):
    """``TIME LEVEL message``: local ISO 8601 time with its offset (2026-04-01T02:30:05+09:00), one line."""

    def __init__(self, named: bool = False) -> None:
        super().__init__("%(asctime)s %(levelname)-7s " + ("%(name)s: " if named else "") + "%(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: D102
        return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")

    def format(self, record: logging.LogRecord) -> str:
        """The record, any further lines of its message or traceback joined with ' | '."""
        return " | ".join(line.rstrip() for line in super().format(record).splitlines() if line.strip())


class StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is when a record arrives (a test may have replaced it)."""

    def emit(self, record: logging.LogRecord) -> None:  # noqa: D102
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


def configure(level: int = logging.INFO) -> None:
    """Send the package's log, Python warnings and the LIBRARIES' records to stderr at ``level``; idempotent.

    A library's lines carry its logger's name (``pypdf._writer: Object count ...``); its own level stands.
    """
    logging.captureWarnings(True)
    for name in (ROOT, "py.warnings", *LIBRARIES):
        logger = logging.getLogger(name)
        if not any(isinstance(handler, StderrHandler) for handler in logger.handlers):
            handler = StderrHandler()
            handler.setFormatter(OneLineFormatter(named=name in LIBRARIES))
            logger.addHandler(handler)
    logging.getLogger(ROOT).setLevel(level)


def error(message: str, config: Path | str | None) -> None:
    """Log an error, naming the configuration file in use by its absolute path (the README's promise)."""
    if config is None:
        log.error("%s", message)
    else:
        log.error("%s [config %s]", message, Path(config).resolve())


def failed(exc: BaseException, config: Path | None) -> ExitCode:
    """Log an error that stops a command (naming reports.yml) and return its exit code, chosen by its type."""
    code = exit_code_of(exc)
    error(f"{_SAID.get(code, '')}{exc}", config)
    return code
