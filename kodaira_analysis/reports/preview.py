"""``kodaira-reports preview TARGET [-p NAME VALUE]``: one report, re-rendered on every change, on 127.0.0.1.

As Quarto's preview: a change to the notebook (``.ipynb`` or its paired ``.py``), to reports.yml, to the
library or to the data re-runs the report in a warm kernel (booted, the library imported), shut down once the
new page is served, so that every render starts from a clean namespace; the next kernel boots only then, off
the render's CPU. A change to the library also replaces the spare kernel (its imports would be stale).

Signals are flags, as in a build (:class:`~.signals.StopFlag`): the renders run in a thread of their own (where
nbclient cannot put its own signal handlers in place of the flag's), and the main thread looks at the flag
every 0.1 s; once a signal came it stops the watcher and kills the kernels, and the preview exits 130 or 143.
TARGET is a job of reports.yml or a notebook (:mod:`.drafts`); a folder given with ``--out`` is the preview's
while it runs (its build lock held); a build's folder is refused. The page is served by :mod:`.server`.
"""

from __future__ import annotations

import argparse
import functools
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError

from . import render, signals, warm
from .commands import failed
from .config import Job
from .drafts import check_notebook, drafting, find_target, render_once
from .index import write_error_page
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
    find = functools.partial(find_target, name, config, parameters, lang)
    halt, crashed = threading.Event(), []
    with ExitStack() as stack:  # undone in reverse: server, renders, kernels, the folder's lock, its own folder
        try:
            job = find()
            folder = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="kodaira-preview-"))
            if out is None:
                stack.callback(shutil.rmtree, folder, ignore_errors=True)
            stack.enter_context(drafting(job, folder, config.parent, keeps_files=out is not None))  # bad data: stop
        except (KodairaError, OSError) as exc:
            return failed(exc, config)
        before = signals.children()  # only the kernels started from now on are the preview's to kill
        stack.callback(signals.reap_adopted, lambda: before)
        stack.callback(halt.set)
        preview = Preview(job.name, folder)
        server = serve(preview, port)
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        echo(f"preview of {job.name} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
        log.info(f"rendered files in {folder}" + (" (removed when the preview stops)" if out is None else ""))
        renders = threading.Thread(target=_renders, args=(job, find, config, preview, timeout, halt, crashed))
        renders.start()
        while renders.is_alive() and not stop:
            renders.join(POLL_SECONDS)
        halt.set()  # the watcher returns; no new kernel starts
        signals.reap_adopted(lambda: before)  # the kernels: a render in progress ends with its kernel
        renders.join()
    if crashed:
        raise crashed[0]
    log.info(f"preview stopped by {stop.name}")
    return stop.exit_code


def _renders(
    job: Job,
    find: Callable[[], Job],
    config: Path,
    preview: Preview,
    timeout: float,
    halt: threading.Event,
    crashed: list[BaseException],
) -> None:
    """The render loop (in its own thread): render, serve, boot the next kernel, wait for a change; until ``halt``."""
    folder = preview.out or Path()
    spare: warm.Spare | None = None
    try:
        spare = warm.Spare(str(job.notebook.parent))
        from kodaira_analysis.ssdse import data_dir

        watcher = Watcher(
            folders=[paths.PACKAGE_DIR, paths.RAW_DIR, *([data_dir()] if "ssdse" in job.requires else [])],
            files=[config, job.notebook, job.notebook.with_suffix(".py")],
            stop=halt,
        )
        log.info(f"watching {job.notebook.name} (and .py), {config.name}, the library and the data")
        changed: set[Path] = set()
        while not halt.is_set():
            started = time.monotonic()
            if any(paths.PACKAGE_DIR in p.parents for p in changed):  # the library changed: forget its templates
                render.report_css.cache_clear()
                render._exporter.cache_clear()
                if spare is not None:  # its imports are stale
                    spare.stop()
                spare = None
            try:
                if config.resolve() in changed:
                    job = find()
                check_notebook(job)
                raw, _, _ = read_inputs([], config.parent, build=True)
            except KodairaError as exc:
                failed(exc, config)
                log.info("still serving the last render")
                changed = watcher.wait()
                continue
            current, spare = spare, None
            result = render_once(job, folder, timeout, raw, current)
            preview.publish(
                (folder / f"{job.name}.html").read_text(encoding="utf-8")
                if result.ok
                else write_error_page(job.to_dict(), result.as_dict(), has_last_good=False)
            )
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


def main(args: argparse.Namespace) -> int:
    """Run the preview subcommand; SIGINT and SIGTERM (even where a script started it with SIGINT ignored) stop it."""
    stop = signals.StopFlag()
    with stop.installed():
        return run_preview(
            args.name, args.config, args.port, args.timeout, args.out, parameters=args.parameters, lang=args.lang,
            stop=stop,
        )  # fmt: skip
