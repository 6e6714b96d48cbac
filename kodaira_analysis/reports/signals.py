"""Signals as flags, and processes that cannot outlive the build.

The handlers of SIGTERM and SIGINT only record the signal (:class:`StopFlag`); the build looks at the flag where
it may stop. The step that puts a job's files in place and records it runs with both signals blocked
(:func:`held`); a signal sent then is delivered, and recorded, as the step ends.

No child outlives the build, on Linux, by two ``prctl(2)`` requests: each worker and kernel is killed when its
parent dies (``PR_SET_PDEATHSIG``, :func:`die_with_parent`, a kernel's through ``preexec_fn``), even by SIGKILL;
the build and each worker are child subreapers (``PR_SET_CHILD_SUBREAPER``), so what a notebook starts, even in
a session of its own, is re-parented to them when its kernel ends and :func:`reap_adopted` kills it there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

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
    """Ask to receive ``sig`` when the parent dies; receive it at once if it has died already.

    ``parent`` is the process id of the parent as it started this process (``os.getpid()`` there): a parent
    that died before this process came this far is then seen too, not taken for the process that adopted it.
    Without it, only a death while the request is made is seen. Safe as ``preexec_fn``.
    """
    expected = os.getppid() if parent is None else parent
    if _prctl(_PR_SET_PDEATHSIG, int(sig)) and os.getppid() != expected:
        os.kill(os.getpid(), sig)  # the parent died before the request took effect: as if it had died after


def become_subreaper(on: bool = True) -> bool:
    """Adopt (or no longer adopt) the orphans of this process's descendants (Linux); whether that took effect."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, int(on))


def children() -> set[int]:
    """The process ids whose parent is this process (Linux /proc; empty elsewhere)."""
    found, me = set(), str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == me:  # the field after the name: state, then ppid
                found.add(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return found


def reap_adopted(keep: Callable[[], set[int]] = set) -> int:
    """Kill and reap every child of this process but those ``keep`` names; return how many.

    Repeats until none is left, since killing an adopted process makes its own children ours in turn.
    """
    killed = 0
    for _ in range(100):
        strays = children() - keep()
        if not strays:
            break
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:  # another part of this process reaps it (a Popen of its own)
                pass
    return killed
