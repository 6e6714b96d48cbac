"""The runner's kernels through jupyter_client's API: the build's kernelspec, its Unix sockets, a :class:`Spare`.

Unix sockets, never TCP: a port is picked before the kernel binds it, and kernels started at once could pick the
same. A socket's path holds at most 107 bytes: under a deep runtime folder the sockets go to a short owner-only
folder in /tmp named after it, which :func:`remove_runtime` (a later build's too, after a SIGKILL) finds by that
name. Linux's abstract socket names need no folder, but anyone can use them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import stat
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_core.utils import run_sync

from kodaira_analysis.present import SVG_ENV

from . import signals
from .model import FolderError

KERNEL_NAME = "kodaira-analysis-build"
#: Imported into each spare kernel's sys.modules (the user namespace is left as IPython starts it).
_LIBRARY = (
    "analysis.dataset analysis.targets topics.fiscal topics.targets topics.staffing topics.ageing topics.progress"
    " topics.peers present.display analysis.series ssdse"
)
WARM_MODULES = (
    *"numpy pandas pyarrow.parquet matplotlib matplotlib.figure seaborn IPython.display kodaira_analysis".split(),
    *(f"kodaira_analysis.{module}" for module in _LIBRARY.split()),
)
WARM_CODE = f"""
[__import__("importlib").import_module(module) for module in {WARM_MODULES!r}]
try:
    __import__("importlib").import_module("kodaira_analysis.present.style").draw_first_figure()
except Exception:
    pass
"""
#: Seconds a kernel may take to start and warm up before the job counts it as dead.
START_SECONDS = 120.0
#: The longest socket path a kernel gets (sun_path holds 107 bytes with its NUL): ``<folder>/k-<12 hex>-<port>``.
MAX_PATH_BYTES, LONGEST_NAME = 100, "k-0123456789ab-12345"


class KernelDied(RuntimeError):
    """The kernel died (or never answered) while it started."""


@contextmanager
def kernel_runtime(runtime: Path, env: dict[str, str] | None = None) -> Iterator[Path]:
    """Make the folder ``runtime`` (owner-only) and install the kernelspec there (its root yielded) for the block.

    After it, the folder and its socket folder are removed and the environment is as it was before.
    """
    runtime.mkdir(mode=0o700)  # never one that exists: what is removed after is what this made
    saved = os.environ.copy()
    try:
        yield install_kernelspec(runtime, env)
    finally:
        remove_runtime(runtime)
        os.environ.clear()
        os.environ.update(saved)


def install_kernelspec(runtime: Path, env: dict[str, str] | None = None) -> Path:
    """Write the build's kernelspec under ``runtime``, put it first on ``JUPYTER_PATH``; return its root.

    Its figures carry their SVG unless ``env`` says otherwise. With a read-only home (systemd's ProtectHome),
    IPython's and matplotlib's folders are in the runtime folder (the caller restores the environment).
    """
    runtime = runtime.absolute()  # a kernel runs in its notebook's folder
    root = runtime / "kernelspec"
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    if not os.access(Path.home(), os.W_OK):  # for this process, its workers and their kernels
        os.environ.setdefault("IPYTHONDIR", str(runtime / "ipython"))
        os.environ.setdefault("MPLCONFIGDIR", str(runtime / "matplotlib"))
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (kodaira-analysis build)",
        "language": "python",
        "metadata": {"debugger": False},
        "env": {SVG_ENV: "1", **(env or {})},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("JUPYTER_PATH")]))
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    if (sockets := short_folder(runtime)) is not None:
        with suppress(FileExistsError):
            sockets.mkdir(mode=0o700)
        if not _ours(sockets):
            what = "a symbolic link, a file, another user's or open to others"
            raise FolderError(f"{sockets} ({what}) is not the runner's socket folder for {runtime}: remove it")
    return root


def short_folder(runtime: Path) -> Path | None:
    """The folder, named after ``runtime``, for its kernels' sockets if their paths there would be too long."""
    runtime = runtime.resolve()
    if len(bytes(runtime / LONGEST_NAME)) <= MAX_PATH_BYTES:
        return None
    return Path("/tmp", f"kodaira-sockets-{os.getuid()}-{hashlib.sha256(bytes(runtime)).hexdigest()[:16]}")


def _ours(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (no link) of this user's, closed to everyone else."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def remove_runtime(runtime: Path) -> None:
    """Remove a runtime folder, and its short socket folder if it has one (ours only)."""
    if (sockets := short_folder(runtime)) is not None and _ours(sockets):
        shutil.rmtree(sockets, ignore_errors=True)
    shutil.rmtree(runtime, ignore_errors=True)


def new_manager() -> Any:
    """An AsyncKernelManager for the build's kernel, over Unix sockets when there is a runtime folder.

    Async: a blocking one would hold nbclient's event loop, and with it the cell timeout, until the cell ends.
    """
    from jupyter_client.manager import AsyncKernelManager

    runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    if not runtime:
        return AsyncKernelManager(kernel_name=KERNEL_NAME)
    name, folder = f"k-{uuid.uuid4().hex[:12]}", Path(runtime)
    ip = str((short_folder(folder) or folder) / name)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, connection_file=f"{folder / name}.json", transport="ipc", ip=ip)


def exit_status(km: Any) -> str:
    """How a dead kernel ended, for a message (``killed by SIGKILL``, ``exit code 1``)."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    code = process.poll() if process is not None else None
    return "it did not answer" if code is None else signals.ended(code)


class Spare:
    """A kernel started now in ``cwd`` and warming up, for the next job."""

    def __init__(self, cwd: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        self.cwd = cwd
        self.km = new_manager()
        dies_with_us = functools.partial(signals.die_with_parent, parent=os.getpid())
        run_sync(self.km.start_kernel)(cwd=cwd, preexec_fn=dies_with_us)  # Popen's, passed on
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.msg_id = self.kc.execute(WARM_CODE, silent=True, store_history=False)

    def take(self, timeout: float = START_SECONDS) -> Any:
        """Wait until the kernel has warmed up; hand over its manager.

        Raises:
            KernelDied: the kernel died while it started (or did not answer within ``timeout``).
        """
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline and alive(self.km):
                try:
                    reply = self.kc.get_shell_msg(timeout=0.5)
                except Empty:
                    continue
                if reply["parent_header"].get("msg_id") == self.msg_id:
                    return self.km  # a failed import shows again, in the notebook's own cell
            raise KernelDied(f"the kernel died while it started ({exit_status(self.km)})")
        finally:
            self.kc.stop_channels()


def alive(km: Any) -> bool:
    """Whether the manager's kernel is running."""
    return bool(run_sync(km.is_alive)())


def stop(km: Any) -> None:
    """Shut a kernel down at once and remove its connection file (never raises)."""
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
        run_sync(km.cleanup_resources)()
    except Exception:
        pass
