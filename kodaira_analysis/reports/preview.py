"""``kodaira-reports preview TARGET [-p NAME VALUE]``: one report, re-rendered on every change, on 127.0.0.1.

The model is Quarto's preview. One warm kernel is kept ready (booted, with pandas, matplotlib, seaborn and the
library imported); a change to the notebook (``.ipynb`` or its paired jupytext ``.py``), to reports.yml, to the
library or to the data re-runs the report in that kernel, which is shut down once the new page is served, so
every render starts from a clean namespace; the next kernel boots only then, so that it never competes with the
render for the CPU. A change to the library also replaces the spare kernel (its imports would be stale).

Signals are flags, as in a build (:class:`~.signals.StopFlag`): the renders and the watching run in a thread of
their own, and the main thread only waits for it, looking at the flag every 0.1 s. Once a signal came it stops
the watcher and kills the kernels (a render in progress ends with its kernel), and the preview exits 130 or 143.
(A render in the main thread would also let nbclient put its own signal handlers in place of the flag's.)

TARGET is a job of reports.yml or a notebook (:mod:`.drafts`). A folder given with ``--out`` is the preview's
while it runs (it holds the folder's build lock); a build's folder is refused. The page is served by
:mod:`.server`.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError

from . import signals, warm
from .commands import failed
from .config import ConfigError, Job
from .drafts import claim_folder, find_target, kernel_runtime, notebook_problem, page_for, render_once
from .logs import error
from .server import Preview, serve
from .status import read_inputs
from .watch import Watcher

log = logging.getLogger(__name__)
#: How often the main thread looks at the stop flag (seconds).
POLL_SECONDS = 0.1


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
    stop: signals.StopFlag | None = None,
) -> int:
    """Preview one report until ``stop`` is set (by a signal); return the exit code (130, 143; 2, 5, 6, 7, 8).

    The address served, the preview's result, goes to ``echo`` (stdout); progress and errors are logged.
    """
    stop = stop if stop is not None else signals.StopFlag()
    own_folder = out is None
    try:
        job = find_target(name, config, parameters, lang)
        problem = notebook_problem(job)
        if problem:
            raise ConfigError(problem)
        read_inputs([], config.parent, build=True)  # bad data stops before anything is served
        out = Path(tempfile.mkdtemp(prefix="kodaira-preview-")) if out is None else Path(out)
        lock = claim_folder(out)
    except (KodairaError, OSError) as exc:
        if own_folder and out is not None:
            shutil.rmtree(out, ignore_errors=True)
        return failed(exc, config)
    preview, halt, server = Preview(job.name, out), threading.Event(), None
    before = signals.children()  # only the kernels started from now on are the preview's to kill
    crashed: list[BaseException] = []
    try:
        with kernel_runtime(keeps_files=not own_folder):
            server = serve(preview, port)
            echo(f"preview of {job.name} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
            log.info(f"rendered files in {out}" + (" (removed when the preview stops)" if own_folder else ""))
            renders = threading.Thread(
                target=_renders, args=(job, (name, config, parameters, lang), preview, timeout, halt, crashed)
            )
            renders.start()
            while renders.is_alive() and not stop:
                renders.join(POLL_SECONDS)
            halt.set()  # the watcher returns; no new kernel starts
            signals.reap_adopted(lambda: before)  # the kernels: a render in progress ends with its kernel
            renders.join()
    finally:
        halt.set()
        signals.reap_adopted(lambda: before)
        if server is not None:
            server.shutdown()
            server.server_close()
        lock.release()
        if own_folder:
            shutil.rmtree(out, ignore_errors=True)
    if crashed:
        raise crashed[0]
    log.info(f"preview stopped by {stop.name}")
    return stop.exit_code


def _renders(
    job: Job,
    target: tuple[Any, ...],
    preview: Preview,
    timeout: float,
    halt: threading.Event,
    crashed: list[BaseException],
) -> None:
    """The render loop (in its own thread): render, serve, boot the next kernel, wait for a change; until ``halt``."""
    name, config, parameters, lang = target
    spare: warm.Spare | None = None
    try:
        spare = warm.Spare(str(job.notebook.parent))
        watcher = Watcher(
            folders=[paths.PACKAGE_DIR, paths.RAW_DIR, *_external_dirs(job)],
            files=[config, job.notebook, job.notebook.with_suffix(".py")],
            stop=halt,
        )
        log.info(f"watching {job.notebook.name} (and .py), {config.name}, the library and the data")
        changed: set[Path] = set()
        while not halt.is_set():
            started = time.monotonic()
            if any(paths.PACKAGE_DIR in p.parents for p in changed):
                _refresh_library()
                if spare is not None:  # its imports are stale
                    spare.stop()
                spare = None
            try:
                if config.resolve() in changed:
                    job = find_target(name, config, parameters, lang)
                problem = notebook_problem(job)
                if problem:
                    raise ConfigError(problem)
                raw, _, _ = read_inputs([], config.parent, build=True)
            except KodairaError as exc:
                failed(exc, config)
                log.info("still serving the last render")
                changed = watcher.wait()
                continue
            current, spare = spare, None
            result = render_once(job, preview.out or Path(), timeout, raw, current)
            preview.publish(page_for(job, result, preview.out or Path()))
            line = (
                f"{job.name}: {result.outcome} in {time.monotonic() - started:.2f} s "
                f"(kernel {result.kernel_seconds or 0:.2f} s; version {preview.version})"
            )
            if result.ok:
                log.info(line)
            else:
                error(f"{line}: serving its error page", config)
            if not halt.is_set():
                spare = warm.Spare(str(job.notebook.parent))  # the spare for the next change
            changed = watcher.wait()
    except BaseException as exc:  # raised again by the main thread
        crashed.append(exc)
    finally:
        if spare is not None:
            spare.stop()


def _external_dirs(job: Job) -> list[Path]:
    if "ssdse" not in job.requires:
        return []
    from kodaira_analysis.ssdse import data_dir

    return [data_dir()]


def _refresh_library() -> None:
    """After a library change: forget cached templates (the caller replaces the spare kernel)."""
    from . import render

    render.report_css.cache_clear()
    render._exporter.cache_clear()


def main(args: argparse.Namespace) -> int:
    """Run the preview subcommand; SIGINT and SIGTERM (even where a script started it with SIGINT ignored) stop it."""
    stop = signals.StopFlag()
    with stop.installed():
        return run_preview(
            args.name, args.config, args.port, args.timeout, args.out, parameters=args.parameters, lang=args.lang,
            stop=stop,
        )  # fmt: skip
