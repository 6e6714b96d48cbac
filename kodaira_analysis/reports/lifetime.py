"""Processes that cannot outlive the build: workers and kernels die with their parent.

On Linux each worker and each kernel asks the kernel of the operating system
(``prctl(PR_SET_PDEATHSIG)``) to be killed when its parent dies, even when
the parent is killed with SIGKILL and runs no clean-up: the build's workers
die with the build, and each kernel with its worker. In a build of several
reports the process a worker starts for a kernel stands in for a kernel
forked from the build's zygote (:mod:`.zygote`): it dies with its worker,
and the zygote then kills that kernel's process group. Elsewhere this is a
no-op and the runner's own clean-up (signal handlers, ``finally``) remains.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask to receive ``sig`` when the parent process dies; exit at once if it is already gone.

    Returns:
        Whether the request was made (False off Linux).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent or parent == 1:  # the parent died before the request took effect
        os._exit(1)
    return True


def launch_kernel() -> None:
    """Kernel launcher (the build's kernelspec runs ``python -m kodaira_analysis.reports.lifetime``).

    Asks to die with the worker that started it; then, in a parallel build, stands in for a kernel forked
    from the build's zygote (:mod:`.zygote`), or else runs ipykernel as ``ipykernel_launcher`` would.
    """
    die_with_parent()
    from .zygote import run_proxy

    code = run_proxy(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    if sys.path and sys.path[0] in ("", str(Path.cwd())):
        sys.path.pop(0)  # as ipykernel_launcher does: the kernel's working directory is not ours to import from
    launch_kernel()
