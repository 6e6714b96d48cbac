"""``kodaira-reports preview TARGET [-p NAME VALUE]``: one report, re-rendered on every change, on 127.0.0.1.

The model is Quarto's preview. One warm kernel is always kept ready (booted,
with pandas, matplotlib, seaborn and the library imported); a change to the
notebook (``.ipynb`` or its paired jupytext ``.py``), to reports.yml, to the
library or to the data re-runs the report in that kernel, which is shut down
once the new page is served, so every render starts from a clean namespace;
the next kernel then boots, and also draws a figure and reads the tables once
(fonts, parquet reader, SSDSE-A check: the first uses each render would pay
for). A change to the library also replaces the spare kernel (its imports
would be stale).

TARGET is a job of reports.yml or a notebook; ``-p`` parameters are checked as
a job's are. The page is served by :mod:`.server`. A folder given with
``--out`` is the preview's while it runs (it holds the folder's build lock); a
build's folder is refused, and so is a notebook that is not a regular file.
Ctrl-C stops the watcher, the server and the kernel and exits with 130
(SIGTERM: 143). ``render`` runs the same steps once (:func:`render_into`).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kodaira_analysis import paths

from . import warm
from .drafts import (
    claim_folder,
    find_target,
    kernel_env,  # noqa: F401 (the preview's API)
    kernel_runtime,
    notebook_problem,
    page_for,
    render_once,
)
from .logs import error
from .server import RELOAD_SCRIPT, Preview, inject_reload, serve  # noqa: F401 (the preview's API)
from .watch import Watcher, poll_interval_from_env

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


def _print(line: str) -> None:
    print(line, flush=True)


def run_preview(
    name: str,
    config: Path,
    port: int = 0,
    timeout: float = 600,
    out: Path | None = None,
    echo: Callable[[str], None] = _print,
    *,
    parameters: list[list[str]] | None = None,
    lang: str | None = None,
) -> int:
    """Preview one report until interrupted; return the exit code (130 after Ctrl-C, 2 for an unknown job).

    ``name`` is a job of ``config`` or a notebook; ``parameters`` (``-p`` pairs) and ``lang`` set its
    parameters. The address served, the preview's result, goes to ``echo`` (stdout); progress and errors
    are logged.
    """
    from .config import ConfigError

    args = argparse.Namespace(name=name, config=config, parameters=parameters, lang=lang)
    try:
        job = find_target(args)
    except ConfigError as exc:
        error(f"configuration error: {exc}", config)
        return 2
    problem = notebook_problem(job)
    if problem:
        error(f"configuration error: {problem}", config)
        return 2
    owned_out = out is None
    out = Path(tempfile.mkdtemp(prefix="kodaira-preview-")) if out is None else Path(out)
    lock, refused = claim_folder(out, config)
    if lock is None:
        error(str(refused), config)
        return 5 if "is running" in str(refused) else 2
    spare: warm.Spare | None = None
    preview = Preview(job.name, out)
    stop = threading.Event()
    server = None
    try:
        with kernel_runtime(keeps_files=not owned_out):
            # One kernel is booted ahead now, in the notebook's folder; the next one only once a render is
            # served (see below), so that its boot never competes with the render for the CPU.
            spare = warm.Spare(str(job.notebook.parent))
            server = serve(preview, port)
            echo(f"preview of {job.name} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
            log.info(f"rendered files in {out}" + (" (removed when the preview stops)" if owned_out else ""))
            watcher = Watcher(
                folders=[paths.PACKAGE_DIR, paths.RAW_DIR, *_external_dirs(job)],
                files=[config, job.notebook, job.notebook.with_suffix(".py")],
                stop=stop,
                poll=poll_interval_from_env(),
            )
            log.info(f"watching {job.notebook.name} (and .py), {config.name}, the library and the data "
                     f"({watcher.backend})")  # fmt: skip
            changed: set[Path] = set()
            while True:
                started = time.monotonic()
                if any(paths.PACKAGE_DIR in p.parents for p in changed):
                    _refresh_library()
                    if spare is not None:  # its imports are stale
                        spare.stop()
                    spare = None
                try:
                    if config.resolve() in changed:
                        job = find_target(args)
                    problem = notebook_problem(job)
                    if problem:
                        raise ConfigError(problem)
                except ConfigError as exc:
                    error(f"configuration error: {exc} (still serving the last render)", config)
                    changed = watcher.wait()
                    continue
                current, spare = spare, None
                result = render_once(job, out, timeout, current)
                preview.publish(page_for(job, result, out))
                line = (
                    f"{job.name}: {result.outcome} in {time.monotonic() - started:.2f} s "
                    f"(kernel {result.kernel_seconds or 0:.2f} s; version {preview.version})"
                )
                if result.ok:
                    log.info(line)
                else:
                    error(f"{line}: serving its error page", config)
                spare = warm.Spare(str(job.notebook.parent))  # the spare for the next change
                changed = watcher.wait()
    except KeyboardInterrupt as stop_signal:
        log.info("preview stopped")
        return 128 + _signum(stop_signal)
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
            server.server_close()
        if spare is not None:
            spare.stop()
        lock.release()
        if owned_out:
            shutil.rmtree(out, ignore_errors=True)


def _external_dirs(job) -> list[Path]:
    if "ssdse" not in job.requires:
        return []
    from kodaira_analysis.ssdse import data_dir

    return [data_dir()]


def _refresh_library() -> None:
    """After a library change: forget cached templates (the caller replaces the spare kernel)."""
    from . import render

    render.report_css.cache_clear()
    render._exporter.cache_clear()


class _Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM: the preview stops cleanly and exits 128 + the signal's number (130, 143)."""

    redeliver_after_finalizer = True  # see pool.redelivering

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: The signal that stopped the preview (a library may turn the handler's exception into a bare KeyboardInterrupt).
_received: list[int] = []


def _interrupt(signum, frame) -> None:
    # A second signal while the preview is stopping must not cut its clean-up short: ignored from now on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _received.append(signum)
    raise _Stopped(signum)


def _signum(stop: KeyboardInterrupt) -> int:
    """The number of the signal behind ``stop``.

    watchfiles, waiting for a change, runs this module's handler, swallows its :class:`_Stopped` and raises
    a bare KeyboardInterrupt instead: a SIGTERM then would exit 130, as if it were Ctrl-C.
    """
    if isinstance(stop, _Stopped):
        return stop.signum
    return _received[0] if _received else signal.SIGINT


def main(args: argparse.Namespace) -> int:
    """Run the preview subcommand (Ctrl-C, or SIGTERM, stops it cleanly)."""
    # Even when started in the background of a script (where SIGINT is ignored), stop cleanly on both.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run_preview(
            args.name, args.config, args.port, args.timeout, args.out, parameters=args.parameters, lang=args.lang
        )
    except _Stopped as stop:  # raised again after run_preview returned
        return 128 + stop.signum
