"""The papermill engine ``kodaira-warm``: nbclient, in the kernel started ahead (see :mod:`.kernels`)."""

from __future__ import annotations

import atexit
import logging
from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from . import kernels

ENGINE_NAME = "kodaira-warm"


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, running the notebook in the kernel started ahead when there is one."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        """Execute in the warm kernel (or a new one), then stop the kernel: one notebook per kernel."""
        cwd = str(Path.cwd())  # papermill runs the engine inside the notebook's folder (execute_notebook(cwd=...))
        km = kernels.take_ahead(cwd)
        if km is None:
            km = kernels.new_manager(kernel_name)  # started by nbclient, in the notebook's folder, over IPC
        # Boot the next kernel while this one runs, as long as a job waits. (Booting a spare only while
        # every worker's spare would surely be used was tried: no faster within this machine's noise,
        # since the last jobs then start cold; see BENCHMARKS.md.)
        if kernels.claim_job() > 0:
            kernels.start_ahead(kernel_name)
        client = PapermillNotebookClient(
            nb_man,
            km=km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logging.getLogger("papermill"),
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            shutdown_kernel="immediate",
        )
        try:
            return client.execute()
        finally:
            # nbclient leaves a kernel it did not start running: stop it here (or later); a kernel that died
            # was already cleaned up by nbclient (client.km is then None)
            if km is not None and client.km is not None:
                atexit.unregister(client._cleanup_kernel)
                if not kernels.retire(client):
                    client._cleanup_kernel()


papermill_engines.register(ENGINE_NAME, WarmEngine)
