"""Signals as flags (:class:`StopFlag`, :func:`held`); no child outliving the build (Linux's ``prctl``, psutil).

docs/ARCHITECTURE.md ("Signals", "Lifetimes") says where each is used.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType

import psutil

from .model import ExitCode

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36


class StopFlag:
    """The first SIGTERM or SIGINT received (its handler records it and does nothing else); true once set."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def record(self, signum: int, _frame: FrameType | None = None) -> None:
        """The handler: remember the first signal."""
        self.signum = self.signum or signum

    def __bool__(self) -> bool:
        return self.signum is not None

    def is_set(self) -> bool:
        """Whether a signal came (as a threading.Event says: watchfiles' ``stop_event``)."""
        return bool(self)

    @property
    def name(self) -> str:
        """SIGTERM or SIGINT (empty when none came)."""
        return signal.Signals(self.signum).name if self.signum else ""

    @property
    def exit_code(self) -> ExitCode:
        """143 for SIGTERM, 130 for SIGINT."""
        return ExitCode.SIGINT if self.signum == signal.SIGINT else ExitCode.SIGTERM

    @contextmanager
    def installed(self, *, restore: bool = True) -> Iterator[StopFlag]:
        """Record SIGTERM and SIGINT while the block runs (main thread only; elsewhere nothing changes).

        With ``restore=False`` the handlers stay after the block: a command that exits right after (the CLI)
        keeps its own exit code whatever signal comes late.
        """
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self.record) for sig in STOP_SIGNALS}
        try:
            yield self
        finally:
            for sig, handler in previous.items() if restore else ():
                signal.signal(sig, handler)


@contextmanager
def held() -> Iterator[None]:
    """Block SIGTERM and SIGINT while the block runs; one sent meanwhile is delivered as it ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(sig: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Ask to receive ``sig`` when the parent dies, at once if it has died already; safe as ``preexec_fn``.

    ``parent``: its pid as it started this process (``os.getpid()`` there), so that a parent that died before the
    request is seen, not taken for the process that adopted this one.
    """
    expected = os.getppid() if parent is None else parent
    if _prctl(_PR_SET_PDEATHSIG, int(sig)) and os.getppid() != expected:
        os.kill(os.getpid(), sig)  # the parent died before the request took effect: as if it had died after


def become_subreaper(on: bool = True) -> bool:
    """Adopt (or no longer adopt) the orphans of this process's descendants (Linux); whether that took effect."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, int(on))


def children() -> set[int]:
    """The process ids whose parent is this process."""
    return {child.pid for child in psutil.Process().children()}


def reap_adopted(keep: Callable[[], set[int]] = set) -> int:
    """Kill and reap every child of this process but those ``keep`` names; return how many.

    Again until none is left: killing an adopted process makes its own children ours.
    """
    killed = 0
    for _ in range(100):
        strays = [child for child in psutil.Process().children() if child.pid not in keep()]
        if not strays:
            break
        for child in strays:
            with suppress(psutil.Error):
                child.kill()
        psutil.wait_procs(strays)
        killed += len(strays)
    return killed


def ended(code: int | None) -> str:
    """How a process ended, for a message: ``killed by SIGKILL`` (a negative return code), ``exit code 1``."""
    return f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
