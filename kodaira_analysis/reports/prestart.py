"""Start the first kernel of a build before anything heavy is imported.

A kernel needs 2-3 s to boot and import pandas, matplotlib, seaborn and the
library; the build command needs about as long to import papermill, nbconvert
and pandas, check the data and hash its inputs. When the command line already
says that one report will run (``build --only NAME``), the kernel is started
first (this module imports jupyter_client only), so that the two overlap on
two cores instead of following each other.

The runner takes the kernelspec folder with :func:`claim`; whatever was not
used (a configuration error, a report already up to date) is stopped by
:func:`discard`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

_kernel_dir: Path | None = None


def start_first_kernel() -> None:
    """Write the build's kernelspec and start one warm kernel now (see :mod:`.kernels`)."""
    global _kernel_dir
    from . import execute, kernels

    if _kernel_dir is None:
        _kernel_dir = execute.install_build_kernel()
        kernels.start_ahead(execute.KERNEL_NAME)


def claim() -> Path | None:
    """The kernelspec folder written by :func:`start_first_kernel` (the runner now owns it), or None."""
    global _kernel_dir
    kernel_dir, _kernel_dir = _kernel_dir, None
    return kernel_dir


def discard() -> None:
    """Stop a kernel started ahead that no job took, and remove an unclaimed kernelspec folder."""
    from . import kernels

    kernels._shutdown_ahead()
    kernel_dir = claim()
    if kernel_dir is not None:
        shutil.rmtree(kernel_dir, ignore_errors=True)
