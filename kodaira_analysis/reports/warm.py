"""Kernels for the runner: the build's kernelspec, and a kernel started ahead, through jupyter_client's own API.

Every report runs in a kernel of its own (a clean namespace): a :class:`Spare`, a ``jupyter_client``
``KernelManager`` started and asked to import pandas, seaborn, matplotlib and the library (into
``sys.modules``, not the user namespace) while its process does something else. Each worker of a build
keeps one ahead, started while its current report runs (the first while the build checks the data); the
preview keeps one ready for the next save (its save-to-page time). BENCHMARKS.md weighs the spares. papermill's stock engine takes it as ``km=`` (nbclient uses it and leaves it running;
:meth:`Spare.stop` ends it). A kernel that dies while it starts is :class:`KernelDied` (exit 4).

The kernel is the Python that runs the build (a kernelspec written into the build's runtime folder), so
cron without an activated virtual environment works; it starts in the notebook's folder, over Unix
sockets in that runtime folder (no TCP port to collide on), and dies with its worker (``preexec_fn``).
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from kodaira_analysis.present import SVG_ENV

from . import signals, sockets

KERNEL_NAME = "kodaira-analysis-build"
#: Imported into each spare kernel's sys.modules; the user namespace is left as IPython starts it.
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
WARM_CODE = f"""
import importlib as _kodaira_warm
for _kodaira_module in {WARM_MODULES!r}:
    _kodaira_warm.import_module(_kodaira_module)
try:
    from kodaira_analysis.present.style import draw_first_figure as _kodaira_first
    _kodaira_first()
    del _kodaira_first
except Exception:
    pass
del _kodaira_warm, _kodaira_module
"""
#: Seconds a kernel may take to start and warm up before the job counts it as dead.
START_SECONDS = 120.0


class KernelDied(RuntimeError):
    """The kernel died (or never answered) while it started."""


def install_kernelspec(runtime: Path, env: dict[str, str] | None = None) -> Path:
    """Write the build's kernelspec under ``runtime`` and put it first on ``JUPYTER_PATH``; return its root.

    Its figures carry their SVG unless ``env`` says otherwise. When the home folder cannot be written
    (systemd's ``ProtectHome=read-only``), IPython's and matplotlib's folders are the runtime folder's
    (``$IPYTHONDIR``, ``$MPLCONFIGDIR``, which the caller restores), removed with it, rather than temporary
    folders they would leave behind.
    """
    root = runtime / "kernelspec"
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    kernel_env = {SVG_ENV: "1", **(env or {})}
    if not os.access(Path.home(), os.W_OK):  # for this process, its workers and their kernels
        os.environ.setdefault("IPYTHONDIR", str(runtime / "ipython"))
        os.environ.setdefault("MPLCONFIGDIR", str(runtime / "matplotlib"))
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (kodaira-analysis build)",
        "language": "python",
        "metadata": {"debugger": False},
        "env": kernel_env,
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("JUPYTER_PATH")]))
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    return root


def new_manager() -> Any:
    """An AsyncKernelManager for the build's kernel, over Unix sockets in the runtime folder when there is one.

    Async: nbclient polls the kernel's channels concurrently, and a blocking client (a plain KernelManager's)
    would hold its event loop, and with it the cell timeout, until the cell ends.
    """
    from jupyter_client.manager import AsyncKernelManager as KernelManager

    runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    if not runtime:
        return KernelManager(kernel_name=KERNEL_NAME)
    name = f"k-{uuid.uuid4().hex[:12]}"
    connection_file = str(Path(runtime) / f"{name}.json")  # never jupyter_client's default in /tmp
    folder = sockets.folder(Path(runtime))
    if folder is None:
        return KernelManager(kernel_name=KERNEL_NAME, connection_file=connection_file)
    return KernelManager(
        kernel_name=KERNEL_NAME, transport="ipc", ip=str(folder / name), connection_file=connection_file
    )


def kernel_pid(km: Any) -> int | None:
    """The process id of a manager's kernel (None when it has none)."""
    return getattr(getattr(km, "provisioner", None), "pid", None)


def exit_status(km: Any) -> str:
    """How a dead kernel ended, for a message (``killed by SIGKILL``, ``exit code 1``)."""
    import signal

    process = getattr(getattr(km, "provisioner", None), "process", None)
    code = process.poll() if process is not None else None
    if code is None:
        return "it did not answer"
    return f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"


class Spare:
    """A kernel started now in ``cwd`` and warming up, for the next job of this worker."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        from jupyter_client.blocking import BlockingKernelClient

        self.km = new_manager()
        sync(self.km.start_kernel)(cwd=cwd, preexec_fn=signals.die_with_parent)  # Popen's, passed on
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.msg_id = self.kc.execute(WARM_CODE, silent=True, store_history=False)

    def take(self, timeout: float = START_SECONDS) -> Any:
        """Wait until the kernel has warmed up; hand over its manager.

        Raises:
            KernelDied: the kernel died while it started (or did not answer within ``timeout``).
        """
        from queue import Empty

        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if not alive(self.km):
                    break
                try:
                    reply = self.kc.get_shell_msg(timeout=0.5)
                except Empty:
                    continue
                if reply["parent_header"].get("msg_id") == self.msg_id:
                    return self.km  # a failed import shows again, in the notebook's own cell
            raise KernelDied(f"the kernel died while it started ({exit_status(self.km)})")
        finally:
            self.kc.stop_channels()

    def stop(self) -> None:
        """Stop the kernel (never raises)."""
        stop(self.km)


def sync(method: Any) -> Any:
    """A kernel manager's coroutine method, callable from synchronous code (jupyter_core's run_sync)."""
    from jupyter_core.utils import run_sync

    return run_sync(method)


def alive(km: Any) -> bool:
    """Whether the manager's kernel is running."""
    return bool(sync(km.is_alive)())


def stop(km: Any) -> None:
    """Shut a kernel down at once and remove its connection file (never raises)."""
    try:
        if km.has_kernel:
            sync(km.shutdown_kernel)(now=True)
        sync(km.cleanup_resources)()
    except Exception:
        pass
