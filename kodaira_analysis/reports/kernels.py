"""Warm kernels: start the next report's kernel while the current report renders.

Starting a kernel and importing pandas, seaborn and matplotlib costs about a
second, more than the real work of a small report. Each worker process keeps
one kernel *ahead*: started, and with those modules imported into
``sys.modules`` (not into the user namespace), before its job arrives. Every
kernel runs exactly one notebook and is then shut down, so each report still
starts from a clean namespace.

The kernel reaches papermill through a registered papermill engine
(``kodaira-warm``, in :mod:`.engine`), papermill's documented extension
point; when no warm kernel is ready the engine lets nbclient start one as
usual. This module needs jupyter_client only, so that a one-report build can
start its kernel before it imports papermill and nbconvert.
"""

from __future__ import annotations

import asyncio
import logging
from multiprocessing import util

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
log = logging.getLogger(__name__)


class _Warm:
    """One kernel started ahead, with the request that warms its imports."""

    def __init__(self, kernel_name: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=kernel_name)
        asyncio.run(self.km.start_kernel())
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.msg_id = self.kc.execute(_WARM_CODE, silent=True, store_history=False)

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
        try:
            self.kc.stop_channels()
            asyncio.run(self.km.shutdown_kernel(now=True))
        except Exception:
            pass


_ahead: _Warm | None = None


def start_ahead(kernel_name: str) -> None:
    """Start the next kernel of this process now (idempotent)."""
    global _ahead
    if _ahead is None:
        try:
            _ahead = _Warm(kernel_name)
        except Exception:
            _ahead = None


def take_ahead():
    """The kernel manager started ahead, ready, or None."""
    global _ahead
    warm, _ahead = _ahead, None
    return warm.take() if warm is not None else None


def _shutdown_ahead() -> None:
    global _ahead
    if _ahead is not None:
        _ahead.shutdown()
        _ahead = None


_unclaimed = None  # a multiprocessing.Value shared by the workers: jobs not yet taken by any worker


def worker_init(kernel_name: str, unclaimed) -> None:
    """ProcessPoolExecutor initializer: start a kernel at once, and stop the spare one at exit."""
    global _unclaimed
    _unclaimed = unclaimed
    util.Finalize(None, _shutdown_ahead, exitpriority=10)
    start_ahead(kernel_name)


def claim_job() -> int:
    """Count this job as taken; return how many jobs no worker has taken yet."""
    if _unclaimed is None:
        return 0
    with _unclaimed.get_lock():
        _unclaimed.value -= 1
        return _unclaimed.value
