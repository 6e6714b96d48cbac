"""The runner's kernels through jupyter_client's API: the build's kernelspec, its Unix sockets, a :class:`Spare`.

Unix sockets, never TCP: a port is picked before the kernel binds it, and kernels started at once could pick the
same. A socket's path holds at most 107 bytes: under a deep runtime folder the sockets go to a private ``mkdtemp``
folder, linked from it so that :func:`remove_runtime` (a later build's too, after a SIGKILL) removes it. Linux's
abstract socket names need no folder, but anyone can use them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_core.utils import run_sync

from kodaira_analysis.present import SVG_ENV

from . import signals

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
LINK, PREFIX = "sockets", "kodaira-sockets-"


class KernelDied(RuntimeError):
    """The kernel died (or never answered) while it started."""


def install_kernelspec(runtime: Path, env: dict[str, str] | None = None) -> Path:
    """Write the build's kernelspec under ``runtime``, put it first on ``JUPYTER_PATH``; return its root.

    Its figures carry their SVG unless ``env`` says otherwise. With a read-only home (systemd's ProtectHome),
    IPython's and matplotlib's folders are in the runtime folder (the caller restores the environment).
    """
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
    if not _fits(runtime) and _linked(runtime) is None and (base := _short_base()):
        (runtime / LINK).symlink_to(tempfile.mkdtemp(prefix=PREFIX, dir=base))  # mode 0700
    return root


def _fits(folder: Path) -> bool:
    return len(str(folder / LONGEST_NAME).encode()) <= MAX_PATH_BYTES


def _short_base() -> str | None:
    """The first of $XDG_RUNTIME_DIR, the temporary folder and /tmp where a socket folder's paths fit."""
    for base in (os.environ.get("XDG_RUNTIME_DIR"), tempfile.gettempdir(), "/tmp"):
        if base and Path(base).is_dir() and os.access(base, os.W_OK) and _fits(Path(base) / (PREFIX + "x" * 8)):
            return base
    return None


def _linked(runtime: Path) -> Path | None:
    """The socket folder ``runtime`` links to, if it is one :func:`install_kernelspec` made: ours, owner-only."""
    try:
        target = (runtime / LINK).readlink()
        info = target.lstat()
    except OSError:
        return None
    ours = target.is_absolute() and target.name.startswith(PREFIX) and stat.S_ISDIR(info.st_mode)
    return target if ours and info.st_uid == os.getuid() and not stat.S_IMODE(info.st_mode) & 0o077 else None


def remove_runtime(runtime: Path) -> None:
    """Remove a runtime folder, and the socket folder it links to."""
    linked = _linked(runtime)
    if linked is not None:
        shutil.rmtree(linked, ignore_errors=True)
    shutil.rmtree(runtime, ignore_errors=True)


def new_manager() -> Any:
    """An AsyncKernelManager for the build's kernel, over Unix sockets when there is a runtime folder.

    Async: a blocking one would hold nbclient's event loop, and with it the cell timeout, until the cell ends.
    """
    from jupyter_client.manager import AsyncKernelManager

    runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    if not runtime:
        return AsyncKernelManager(kernel_name=KERNEL_NAME)
    name = f"k-{uuid.uuid4().hex[:12]}"
    folder = Path(runtime) if _fits(Path(runtime)) else _linked(Path(runtime))
    sockets = {"transport": "ipc", "ip": str(folder / name)} if folder else {}
    return AsyncKernelManager(kernel_name=KERNEL_NAME, connection_file=str(Path(runtime) / f"{name}.json"), **sockets)


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
