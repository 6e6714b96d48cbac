"""Warm kernels: start the next report's kernel while the current report renders.

Starting a kernel and importing pandas, seaborn and matplotlib costs about a
second, more than the real work of a small report. Each worker process keeps
one kernel *ahead*: started, and with those modules imported into
``sys.modules`` (not into the user namespace), before its job arrives. Every
kernel runs exactly one notebook and is then shut down, so each report still
starts from a clean namespace.

The kernel reaches papermill through a registered papermill engine
(``kodaira-warm``), papermill's documented extension point; when no warm
kernel is ready the engine lets nbclient start one as usual.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import weakref
from multiprocessing import util
from pathlib import Path

#: Imported into each warm kernel's sys.modules; the user namespace is left as IPython starts it.
WARM_MODULES = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib",
    "matplotlib.figure",
    "seaborn",
    "IPython.display",
    "kodaira_analysis",
    "kodaira_analysis.analysis.dataset",
    "kodaira_analysis.analysis.targets",
    "kodaira_analysis.topics.fiscal",
    "kodaira_analysis.topics.targets",
    "kodaira_analysis.topics.staffing",
    "kodaira_analysis.topics.ageing",
    "kodaira_analysis.topics.progress",
    "kodaira_analysis.topics.peers",
    "kodaira_analysis.present.display",
    "kodaira_analysis.analysis.series",
    "kodaira_analysis.ssdse",
)
_WARM_CODE = (
    "import importlib as _kodaira_warm\n"
    f"for _kodaira_module in {WARM_MODULES!r}:\n"
    "    _kodaira_warm.import_module(_kodaira_module)\n"
    "del _kodaira_warm, _kodaira_module\n"
)


#: Run in a warm kernel: the first figure (see present.style.draw_first_figure).
_WARM_FIGURE_CODE = """
from kodaira_analysis.present.style import draw_first_figure as _kodaira_warm_figure
try:
    _kodaira_warm_figure()
except Exception:
    pass
finally:
    del _kodaira_warm_figure
"""
#: Also run in a spare kernel that boots while nothing waits for it (the preview's): the first figure,
#: and pandas' first parquet read and query, the SSDSE-A files verified and their table read. The user
#: namespace is left as it was, and the tables read are forgotten by display.start.
_WARM_CACHES_CODE = (
    _WARM_FIGURE_CODE
    + """
def _kodaira_warm_tables():
    import kodaira_analysis as ka
    from kodaira_analysis import ssdse

    ka.load("indicators", rebuild=False).query("fiscal_year > 0")
    if ssdse.available():
        ka.load("ssdse")
try:
    _kodaira_warm_tables()
except Exception:
    pass
finally:
    del _kodaira_warm_tables
"""
)
log = logging.getLogger(__name__)
#: Every kernel manager this process made (see kill_all).
_managers: weakref.WeakSet = weakref.WeakSet()


def new_manager(kernel_name: str):
    """A kernel manager that talks to its kernel over Unix sockets, never over TCP ports.

    TCP ports are picked before the kernel binds them, so kernels started at the same moment (by
    this build's jobs, or by another program) can pick the same port, and one of them dies. Unix
    sockets have unique names, in $JUPYTER_RUNTIME_DIR (a folder the build owns and removes, beside
    the connection file) or in the short folder it links to when its path is too long (sockets.py).
    """
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    from kodaira_analysis.reports import sockets

    runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    if not runtime:
        return _track(AsyncKernelManager(kernel_name=kernel_name))
    name = f"k-{uuid.uuid4().hex[:12]}"
    # Without a connection_file, jupyter_client writes one with tempfile.mkstemp into /tmp, and a killed
    # kernel leaves it there.
    connection_file = str(Path(runtime) / f"{name}.json")
    folder = sockets.folder(Path(runtime))
    if folder is None:  # no folder short enough for a socket's path anywhere: TCP, as jupyter_client does
        log.warning("no folder with a path short enough for Unix sockets: this kernel talks over TCP")
        return _track(AsyncKernelManager(kernel_name=kernel_name, connection_file=connection_file))
    return _track(
        AsyncKernelManager(
            kernel_name=kernel_name, transport="ipc", ip=str(folder / name), connection_file=connection_file
        )
    )


def _track(km):
    _managers.add(km)
    return km


def kill_all() -> None:
    """Kill every kernel this process started that still runs: SIGKILL to its group, no message, no wait.

    (A kernel forked from a zygote dies too: the zygote kills its group when the process standing in dies.)

    For a job run in the build's own process when the build is stopped by a signal: nothing here talks
    to the kernel or runs an event loop, so nothing can hang. (A pool worker needs none of this: its
    kernels die with it.)
    """
    for km in list(_managers):
        provisioner = getattr(km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is None or process.poll() is not None:
            continue
        group = getattr(provisioner, "pgid", None)
        try:
            if group and group != os.getpgrp():  # the kernel leads its own session (jupyter_client)
                os.killpg(group, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=10)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass


class _Warm:
    """One kernel started ahead, with the request that warms its imports."""

    def __init__(self, kernel_name: str, caches: bool = False) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_core.utils import run_sync

        self.km = new_manager(kernel_name)
        # The kernel starts in the notebooks' folder, never the build's working directory: a seaborn.py
        # lying there must not shadow seaborn.
        self.cwd = _notebooks_dir
        run_sync(self.km.start_kernel)(cwd=self.cwd)  # also when this thread already runs an event loop
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        code = _WARM_CODE + _WARM_CACHES_CODE if caches else _WARM_CODE
        self.msg_id = self.kc.execute(code, silent=True, store_history=False)

    def take(self, timeout: float = 120):
        """Wait for the warm-up to finish and hand over the kernel manager (None if the kernel failed)."""
        try:
            while True:
                reply = self.kc.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == self.msg_id:
                    break
            ok = reply["content"].get("status") == "ok"
        except Exception:
            ok = False
        self.kc.stop_channels()
        if not ok:
            log.warning("a warm kernel failed to start; starting one cold")
            self.shutdown()
            return None
        return self.km

    def shutdown(self) -> None:
        """Stop the kernel (used for the spare kernel left when the worker exits)."""
        from jupyter_core.utils import run_sync

        try:
            self.kc.stop_channels()
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass


_ahead: _Warm | None = None


def start_ahead(kernel_name: str, caches: bool = False) -> None:
    """Start the next kernel of this process now (idempotent); ``caches``: warm more than imports (see above)."""
    global _ahead
    if _ahead is None:
        try:
            _ahead = _Warm(kernel_name, caches)
        except Exception:
            _ahead = None


def take_ahead(cwd: str | None = None):
    """The kernel manager started ahead, ready, or None (also when it runs in another folder than ``cwd``)."""
    global _ahead, _on_take
    warm, _ahead = _ahead, None
    if warm is None:
        return None
    if cwd is not None and warm.cwd is not None and Path(warm.cwd).resolve() != Path(cwd).resolve():
        warm.shutdown()
        return None
    km = warm.take()
    then, _on_take = _on_take, None
    if km is not None and then is not None:
        then()
    return km


#: Whether a kernel that ran its notebook is stopped later, by reap(), instead of at once (the preview's).
_defer_shutdown = False
_retired: list = []  # nbclient clients whose kernel ran its notebook, waiting for reap()


def defer_shutdown(defer: bool = True) -> None:
    """Stop each kernel that ran its notebook only when :func:`reap` is called (off the page's critical path)."""
    global _defer_shutdown
    _defer_shutdown = defer


def retire(client) -> bool:
    """Take over the stopping of a client's kernel when shutdowns are deferred; whether it was taken."""
    if _defer_shutdown:
        _retired.append(client)
    return _defer_shutdown


def reap() -> None:
    """Stop the kernels retired since the last call (each ran one notebook)."""
    while _retired:
        try:
            _retired.pop()._cleanup_kernel()
        except Exception:
            pass


def _shutdown_ahead() -> None:
    global _ahead
    if _ahead is not None:
        _ahead.shutdown()
        _ahead = None


_unclaimed = None  # a multiprocessing.Value shared by the workers: jobs not yet taken by any worker


_notebooks_dir: str | None = None  # the folder of the build's notebooks: warm kernels start there
_started = None  # a multiprocessing.SimpleQueue: (worker pid, job name) as each job starts
_on_take = None  # see start_first


def start_first(kernel_name: str, notebooks_dir: str | None, on_take=None) -> None:
    """Boot the kernel of a job this process runs itself (:mod:`.single`, the preview), in the notebooks' folder.

    The engine starts no spare after it. ``on_take`` is called when the job takes that kernel, ready,
    just before its cells run.
    """
    global _unclaimed, _notebooks_dir, _on_take
    _unclaimed, _notebooks_dir, _on_take = None, notebooks_dir, on_take
    start_ahead(kernel_name)


def stop_first() -> None:
    """Stop a kernel :func:`start_first` booted that no job took, and forget its folder."""
    global _notebooks_dir, _on_take
    _shutdown_ahead()
    _notebooks_dir = _on_take = None


def worker_init(
    kernel_name: str, unclaimed, notebooks_dir: str | None = None, started=None, *, worker: bool = True
) -> None:
    """ProcessPoolExecutor initializer: die with the build, start a kernel at once, stop the spare one at exit.

    Ctrl-C reaches the whole foreground process group; the workers ignore SIGINT and leave it to the
    build, which stops them (no traceback from every worker).
    """
    global _unclaimed, _notebooks_dir, _started
    import signal

    from .lifetime import die_with_parent

    if worker:  # a pool worker; the preview calls this in its own process and keeps Ctrl-C
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited through fork
        die_with_parent()
    _unclaimed, _notebooks_dir, _started = unclaimed, notebooks_dir, started
    util.Finalize(None, _shutdown_ahead, exitpriority=10)
    start_ahead(kernel_name)


def run_job(job: dict, out_dir: str, timeout: float, provenance: dict) -> dict:
    """Tell the build which worker runs this job (so a killed worker marks only its own job), then run it.

    The report is staged, not put in place: the build does that (:func:`.execute.publish`) as it records it.
    """
    from . import execute

    if _started is not None:
        _started.put((os.getpid(), job["name"]))
    return execute.stage_job(job, out_dir, timeout, provenance)


def claim_job() -> int:
    """Count this job as taken; return how many jobs no worker has taken yet."""
    if _unclaimed is None:
        return 0
    with _unclaimed.get_lock():
        _unclaimed.value -= 1
        return _unclaimed.value
