"""The build's workers: a forked process and a pipe each; the stop flag looked at between waits.

Not concurrent.futures: there one dead worker breaks the pool; here it takes only its own job (a dead kernel).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from kodaira_analysis.present.dates import now_jst

from . import signals
from .executor import Task, run_job
from .model import JobResult, Outcome

#: How long the build's main thread waits for a worker before it looks at its stop flag again (seconds).
POLL_SECONDS = 0.1


def _serve(conn: Connection, build: int) -> None:
    """A worker: run each task sent (in a kernel of its own), send back its result; stop on None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the build stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signals.die_with_parent(parent=build)  # the build's pid: it may have died since the fork
    signals.become_subreaper()  # what a notebook started in a session of its own comes back to us
    while (task := conn.recv()) is not None:
        result = run_job(task)
        signals.reap_adopted()  # what the job's kernel left
        conn.send(result)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: Task | None = None


class Pool:
    """Worker processes that run jobs; :meth:`run` hands each result to the build as it comes."""

    def __init__(self, workers: int, stop: signals.StopFlag) -> None:
        self.context = multiprocessing.get_context("fork")
        self.size, self.stop = workers, stop
        self.workers: list[_Worker] = []
        for _ in range(workers):
            self._start()

    def _start(self) -> None:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, ours))

    def run(self, tasks: list[Task], done: Callable[[JobResult], None]) -> bool:
        """Run every task; call ``done`` with each result; False when the stop flag cut the run short."""
        pending = deque(tasks)
        while pending or any(w.task for w in self.workers):
            if self.stop:
                self.kill()
                return False
            for worker in [w for w in self.workers if w.task is None and not w.process.is_alive()]:
                self._drop(worker)  # died while idle
            while pending and len(self.workers) < self.size:
                self._start()  # in place of one that died
            for worker in self.workers:
                if worker.task is None and pending:
                    worker.task = pending.popleft()
                    worker.conn.send(worker.task)
            busy = [w for w in self.workers if w.task is not None]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
            for worker in busy:
                result = self._result(worker)
                if result is not None:
                    worker.task = None
                    done(result)
        return True

    def _result(self, worker: _Worker) -> JobResult | None:
        """The worker's result, a dead kernel's if it died, or None while it runs."""
        assert worker.task is not None
        with suppress(EOFError, OSError):
            if worker.conn.poll():
                return worker.conn.recv()  # type: ignore[no-any-return,unused-ignore]
        if worker.process.is_alive():
            return None
        self._drop(worker)
        how = signals.ended(worker.process.exitcode)
        error = f"the worker process running this report died ({how}); its kernel died with it"
        return JobResult(
            worker.task.job.name, Outcome.DEAD_KERNEL, finished_at=now_jst(), error_type="WorkerDied", error=error
        )

    def _drop(self, worker: _Worker) -> None:
        worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)

    def close(self) -> None:
        """Tell every worker to exit; wait for them (a stop flag kills them)."""
        for worker in self.workers:
            with suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            while worker.process.is_alive() and not self.stop:
                worker.process.join(POLL_SECONDS)
        self.kill()

    def kill(self) -> None:
        """Kill every worker now (SIGKILL; their kernels die with them) and reap them."""
        for worker in self.workers:
            worker.process.kill()
        for worker in list(self.workers):
            self._drop(worker)
