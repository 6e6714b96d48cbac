"""Run jobs in worker processes: stop them all on a signal, and blame a dead worker only for its own job.

Each worker reports the job it starts (worker pid, job name). When a worker
dies (killed, out of memory), ProcessPoolExecutor fails every pending job;
this module marks only the dead worker's job as a dead kernel and runs the
others again in a fresh pool. SIGTERM and SIGINT raise :class:`Interrupted`
in the build; the workers are killed at once (their kernels die with them,
see :mod:`lifetime`), and the results finished so far are kept.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import execute

if TYPE_CHECKING:  # the command line imports this module before it imports pandas (see single.head_start)
    from .config import Job

#: Exit codes of a build stopped by a signal: 128 + the signal's number, as shells report them.
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM
#: Pools a build may start when workers die before any job starts (then every job runs again).
MAX_ROUNDS = 3


class Interrupted(BaseException):
    """The build received SIGTERM or SIGINT."""

    redeliver_after_finalizer = True  # see redelivering

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """130 for SIGINT (Ctrl-C), 143 for SIGTERM."""
        return 128 + self.signum


def _handler(signum, _frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted(signum)


#: How soon a signal's exception that a finalizer swallowed is raised again (seconds).
REDELIVER_SECONDS = 0.01
_swallowed: BaseException | None = None  # a stop a finalizer swallowed, raised again by _redeliver


def _again(stop: BaseException | None) -> BaseException:
    """A new exception of the same kind as a swallowed stop, for the same signal."""
    if stop is None:
        return Interrupted(signal.SIGTERM)
    return type(stop)(stop.signum)  # type: ignore[attr-defined]


#: The innermost signal mode: a :class:`Held` inside :func:`holding_signals`, None inside :func:`interruptible`.
_modes: list[Held | None] = []


def _redeliver(_signum, _frame):
    stop = _again(_swallowed)
    if _modes and _modes[-1] is not None:  # a step that must not be cut in two: the stop waits, as a signal would
        held = _modes[-1]
        if held.signum is None:
            held.signum = stop.signum  # type: ignore[attr-defined]
        return
    raise stop


@contextmanager
def redelivering():
    """While the block runs, a stop that a finalizer swallowed is raised again in the main program.

    Python runs a signal handler wherever the main thread is, also inside a ``__del__`` (a ZipFile's, say,
    while the build imports); an exception raised there is "ignored": printed, never seen by the program,
    which then runs on (a CI run, 2026-11-27: a SIGTERM lost during a one-report build's start). The
    handlers have already set both signals to be ignored, so such a stop (an exception whose class says
    ``redeliver_after_finalizer``) is raised again from a timer (SIGALRM), a moment later; and at once
    when the block ends first. Main thread only.
    """
    import sys

    previous_hook = sys.unraisablehook
    previous_alarm = signal.getsignal(signal.SIGALRM)

    def hook(unraisable) -> None:
        global _swallowed
        if getattr(unraisable.exc_value, "redeliver_after_finalizer", False):
            _swallowed = unraisable.exc_value
            signal.signal(signal.SIGALRM, _redeliver)
            signal.setitimer(signal.ITIMER_REAL, REDELIVER_SECONDS)
            return
        previous_hook(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        due = signal.getsignal(signal.SIGALRM) is _redeliver and signal.getitimer(signal.ITIMER_REAL)[0] > 0
        if signal.getsignal(signal.SIGALRM) is _redeliver:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_alarm)
        if due and sys.exc_info()[0] is None:  # swallowed just before the block ended: the stop is not lost
            raise _again(_swallowed)


_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Held:
    """What :func:`holding_signals` held: the first signal's number, or None."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.handler = self._hold  # one object, so that a handler can be recognised as this one

    def _hold(self, signum, _frame) -> None:
        if self.signum is None:
            self.signum = signum

    def __bool__(self) -> bool:
        return self.signum is not None

    @property
    def name(self) -> str:
        """The held signal's name (SIGTERM, SIGINT), or empty."""
        return signal.Signals(self.signum).name if self.signum else ""


@contextmanager
def holding_signals(*, raise_after: bool = True) -> Iterator[Held]:
    """Hold SIGTERM and SIGINT while the block runs; then raise :class:`Interrupted` for the first one held.

    For work that must not be cut in two: putting a finished report in place and recording it, the end of
    a build. Only a signal the build would have raised on is held (a handler already set to ignore signals
    stays so: the build is stopping). Inside, :func:`interruptible` marks the waits a signal must cut
    short. With ``raise_after=False`` nothing is raised: the caller reads the yielded :class:`Held`. A
    block that raises keeps its own exception. Main thread only; SIGKILL is never held.
    """
    import threading

    held = Held()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    for sig, old in previous.items():
        if old is _handler:
            signal.signal(sig, held.handler)
    _modes.append(held)
    try:
        yield held
    finally:
        _modes.pop()
        for sig, old in previous.items():
            if old is _handler and signal.getsignal(sig) is held.handler:
                signal.signal(sig, signal.SIG_IGN if held else old)  # as _handler does after a signal
    if held and raise_after:
        raise Interrupted(held.signum)  # type: ignore[arg-type]


@contextmanager
def interruptible(held: Held) -> Iterator[None]:
    """Inside a :func:`holding_signals` block: let a signal raise :class:`Interrupted` here (a wait, a job).

    A signal held before the block is raised at once, on entry. Afterwards signals are held again (or
    ignored, once one has been raised).
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    swapped = [sig for sig in _SIGNALS if signal.getsignal(sig) is held.handler]
    for sig in swapped:
        signal.signal(sig, _handler)  # first: a signal from now on raises; one before was held
    _modes.append(None)
    try:
        if held:
            signum, held.signum = held.signum, None  # acted on here, not again at the end
            _handler(signum, None)
        yield
    finally:
        _modes.pop()
        for sig in swapped:
            if signal.getsignal(sig) is _handler:
                signal.signal(sig, held.handler)


def _reset_in_child() -> None:
    """In a forked worker, drop the build's handlers at once (before its initializer runs)."""
    if signal.getsignal(signal.SIGTERM) is _handler:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_in_child)


@contextmanager
def signals_interrupt():
    """Turn SIGTERM and SIGINT into :class:`Interrupted` while the block runs (main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with redelivering():
            yield
    finally:
        for sig, old in previous.items():
            if old is _handler and signal.getsignal(sig) is signal.SIG_IGN:
                continue  # nested (the command line's block): a signal came, the clean-up goes on; the outer block restores
            signal.signal(sig, old)


def _dead_worker_result(job: Job, exitcode: int | None) -> dict[str, Any]:
    from .state import now_jst

    how = f"killed by {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    return {
        "name": job.name,
        "status": execute.DEAD_KERNEL,
        "error_type": "WorkerDied",
        "error": f"the worker process running this report died ({how}); its kernel died with it",
        "finished_at": now_jst(),
        "seconds": None,
    }


def _kill(pool: ProcessPoolExecutor, processes: dict[int, Any]) -> None:
    """Kill every worker at once (their kernels die with them) and let the pool go."""
    for process in list(processes.values()):
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    for process in list(processes.values()):
        process.join(timeout=10)
    pool.shutdown(wait=False, cancel_futures=True)


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
    """Run every job, putting each job's result into ``results`` (by name) as soon as it has one.

    The caller owns ``results``, so that a signal, whenever it comes (also while the pool or the zygote
    shuts down after the last job), loses no result that was already in.

    Raises:
        Interrupted: SIGTERM or SIGINT.
    """
    from .zygote import serving

    runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    with serving(Path(runtime)) if runtime else nullcontext():  # every kernel a fork of one warm process
        _run_jobs(todo, out_dir, workers, timeout, prepare, say, notebooks_dir, results)


def _run_jobs(
    todo: list[Job],
    out_dir: str,
    workers: int,
    timeout: float,
    prepare,
    say,
    notebooks_dir: str | None,
    results: dict[str, Any],
) -> None:
    """Run every job in worker processes (see :func:`run_jobs`)."""
    from .kernels import run_job, worker_init

    pending = list(todo)
    provenance = None
    rounds = 0
    started_at = time.monotonic()
    while pending:
        count = max(1, min(workers, len(pending)))
        unclaimed = multiprocessing.Value("i", len(pending))  # a worker starts a spare kernel only while jobs wait
        started: SimpleQueue[tuple[int, str]] = multiprocessing.SimpleQueue()  # (worker pid, job name)
        pool = ProcessPoolExecutor(
            max_workers=count,
            initializer=worker_init,
            initargs=(execute.KERNEL_NAME, unclaimed, notebooks_dir, started),
        )
        processes: dict[int, Any] = {}
        broken: list[Job] = []
        futures: dict[Any, Job] = {}
        taken: set[Any] = set()
        try:
            try:
                for spawn in [pool.submit(os.getpid) for _ in range(count)]:
                    spawn.result()  # workers up: each is booting its first kernel
                processes.update(pool._processes or {})
                if provenance is None:
                    provenance = prepare()
                futures = {pool.submit(run_job, job.to_dict(), out_dir, timeout, provenance): job for job in pending}
                processes.update(pool._processes or {})
                remaining = set(futures)
                while remaining:
                    done, remaining = wait(remaining, timeout=1, return_when=FIRST_COMPLETED)
                    processes.update(pool._processes or {})
                    for future in done:
                        job = futures[future]
                        taken.add(future)  # its result is this loop's to put in place, never _harvest's
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            broken.append(job)
                            continue
                        except Exception as exc:
                            result = {
                                **_dead_worker_result(job, None),
                                "error_type": type(exc).__name__,
                                "error": str(exc),
                            }
                        with holding_signals():  # the page in place is a page the build will record
                            results[job.name] = execute.publish(result, out_dir)
                        if job.audience == "committee" and result.get("status") == execute.OK:
                            _print_soon(Path(out_dir) / f"{job.name}.html")
                        say(
                            f"[{len(results):>2}/{len(todo)}] {job.name}: {result['status']} "
                            f"({result.get('seconds') or 0:.1f} s; {time.monotonic() - started_at:.1f} s elapsed)"
                        )
            except BrokenProcessPool:  # a worker died while booting: no job of its own to blame
                broken = [job for job in pending if job.name not in results]
            pool.shutdown(wait=True)
        except Interrupted:
            _harvest({f: j for f, j in futures.items() if f not in taken}, results, out_dir)
            _kill(pool, processes)
            raise
        rounds += 1
        pending = _blame(broken, started, processes, results, say, len(todo), MAX_ROUNDS - rounds)


def _harvest(futures: dict[Any, Job], results: dict[str, Any], out_dir: str) -> None:
    """Keep the result of every job that had finished when the signal came, though it was not taken yet."""
    for future, job in futures.items():
        if job.name not in results and future.done() and not future.cancelled() and future.exception() is None:
            results[job.name] = execute.publish(future.result(), out_dir)


def _print_soon(page: Path) -> None:
    """Print a finished committee report's PDF while the other jobs run (the runner waits for it at the end)."""
    from . import pdf

    pdf.launch_ahead()  # once; Chromium starts with the first finished report
    pdf.submit_ahead([page])


def _blame(
    broken: list[Job], started, processes: dict[int, Any], results: dict[str, Any], say, total: int, rounds_left: int
) -> list:
    """Mark the dead worker's job as a dead kernel; return the other broken jobs, to run again."""
    if not broken:
        return []
    running: dict[int, str] = {}
    while not started.empty():
        pid, name = started.get()
        running[pid] = name  # the last job each worker started
    by_name = {job.name: job for job in broken}
    culprits = [
        running[pid]
        for pid, process in processes.items()
        if pid in running and running[pid] in by_name and process.exitcode not in (0, -signal.SIGTERM, None)
    ]
    if not culprits:
        if not any(name in by_name for name in running.values()) and rounds_left > 0:
            say(f"  a worker died before any report started; running {len(broken)} report(s) in new workers")
            return broken  # nobody to blame: run them all again
        # cannot tell which worker died first: every started job is suspect (never rerun forever)
        culprits = [name for name in running.values() if name in by_name] or [job.name for job in broken]
    for name in culprits:
        exitcode = next((p.exitcode for pid, p in processes.items() if running.get(pid) == name), None)
        results[name] = _dead_worker_result(by_name[name], exitcode)
        say(f"[{len(results):>2}/{total}] {name}: {execute.DEAD_KERNEL} (its worker died)")
    rerun = [job for job in broken if job.name not in culprits]
    if rerun:
        say(f"  running {len(rerun)} report(s) again in new workers")
    return rerun
