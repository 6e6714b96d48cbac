"""``kodaira-reports preview TARGET [-p NAME VALUE]``: one report, re-rendered on every change, on 127.0.0.1.

A change to the notebook (``.ipynb`` or its paired ``.py``), reports.yml, the library or the data re-runs the
report in a warm kernel, stopped once the page is served (each render starts from a clean namespace); the next
boots only then. Single files are compared by time and size whenever watchfiles wakes (an event in their folder,
or every 0.2 s): a file replaced by a rename is seen, a save counts once (``WATCHFILES_FORCE_POLLING=1`` where
events fail). The renders run in a thread; the main thread looks at the stop flag and kills the kernels.
"""

from __future__ import annotations

import argparse
import functools
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from pathlib import Path

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.page.exporter import forget_templates

from . import signals, warm
from .config import Job
from .drafts import check_notebook, drafting, find_target, render_once, run_stoppable
from .index import write_error_page
from .logs import error, failed
from .server import Preview, serve
from .status import read_inputs

log = logging.getLogger(__name__)


def run_preview(
    name: str,
    config: Path,
    port: int = 0,
    timeout: float = 600,
    out: Path | None = None,
    *,
    parameters: list[list[str]] | None = None,
    lang: str | None = None,
    stop: signals.StopFlag | None = None,
) -> int:
    """Preview one report until ``stop`` is set (by a signal); return the exit code (130, 143; 2, 5, 6, 7, 8).

    The address served goes to stdout; progress and errors are logged.
    """
    stop = stop if stop is not None else signals.StopFlag()
    find = functools.partial(find_target, name, config, parameters, lang)
    # undone in reverse: the server, kernels, the folder's lock, its own folder
    with ExitStack() as stack:
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
        preview = Preview(job.name, folder)
        server = serve(preview, port)
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        print(f"preview of {job.name} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
        log.info(f"rendered files in {folder}" + (" (removed when the preview stops)" if out is None else ""))
        run_stoppable(stop, _renders, job, find, config, preview, timeout, stop)  # a crash of theirs raised here
    log.info(f"preview stopped by {stop.name}")
    return stop.exit_code


def _renders(
    job: Job,
    find: Callable[[], Job],
    config: Path,
    preview: Preview,
    timeout: float,
    stop: signals.StopFlag,
) -> None:
    """The render loop (in its own thread): render, serve, boot the next kernel, wait for a change; until ``stop``."""
    folder = preview.out or Path()
    spare: warm.Spare | None = None
    try:
        spare = warm.Spare(str(job.notebook.parent))
        from kodaira_analysis.ssdse import data_dir

        watcher = Watcher(
            folders=[paths.PACKAGE_DIR, paths.RAW_DIR, *([data_dir()] if "ssdse" in job.requires else [])],
            files=[config, job.notebook, job.notebook.with_suffix(".py")],
            stop=stop,
        )
        log.info(f"watching {job.notebook.name} (and .py), {config.name}, the library and the data")
        changed: set[Path] = set()
        while not stop:
            started = time.monotonic()
            if any(paths.PACKAGE_DIR in p.parents for p in changed):  # the library changed: forget its templates
                forget_templates()
                if spare is not None:  # its imports are stale
                    warm.stop(spare.km)
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
            result = render_once(job, folder, timeout, raw, current, stop)
            if result is None:  # stopped: its kernel was killed
                break
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
            if not stop:
                spare = warm.Spare(str(job.notebook.parent))  # the spare for the next change
            changed = watcher.wait()
    finally:
        if spare is not None:
            warm.stop(spare.km)


class Watcher:
    """Changes in some folders (recursively) and files; :meth:`wait` blocks until there are some, or ``stop``."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path], stop: signals.StopFlag) -> None:
        import watchfiles

        self.folders = sorted({Path(f).resolve() for f in folders if Path(f).is_dir()})
        self.files = sorted({Path(f).resolve() for f in files})
        file_dirs = {f.parent for f in self.files if f.parent.is_dir()}
        # not a folder that holds a watched one (reports.yml's, the project root: with .venv, 4,342 inotify watches
        # and 2.6 s to start, measured): the single files are compared by time and size at each wake instead
        file_dirs -= {d for d in file_dirs if any(d == w or d in w.parents for w in self.folders)}
        ignored = watchfiles.DefaultFilter(  # caches, checkpoints, editors' and our own temporary files
            ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, ".ipynb_checkpoints", ".ruff_cache"),
            ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, r"\.tmp$", r"^\."),
        )
        # step: wait this long for more changes (ms); debounce: at most this long in all
        self._changes = watchfiles.watch(
            *self.folders, *sorted(file_dirs), watch_filter=ignored, stop_event=stop, step=30, debounce=300,
            rust_timeout=200, yield_on_timeout=True, raise_interrupt=False,
        )  # fmt: skip
        self._snapshot = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for path in self.files:
            with suppress(FileNotFoundError, NotADirectoryError):
                info = path.stat()
                found[path] = (info.st_mtime_ns, info.st_size)
        return found

    def wait(self) -> set[Path]:
        """The paths that changed since the last call; empty when stopped."""
        for batch in self._changes:
            current = self._scan()  # a single file's event only wakes this up: its time and size say if it changed
            changed = {p for p in current.keys() | self._snapshot.keys() if current.get(p) != self._snapshot.get(p)}
            self._snapshot = current
            changed |= {Path(p) for _, p in batch if any(folder in Path(p).parents for folder in self.folders)}
            if changed:
                return changed
        return set()


def main(args: argparse.Namespace) -> int:
    """Run the preview subcommand; SIGINT and SIGTERM (even where a script started it with SIGINT ignored) stop it."""
    with signals.StopFlag().installed() as stop:
        return run_preview(
            args.name, args.config, args.port, args.timeout, args.out, parameters=args.parameters, lang=args.lang,
            stop=stop,
        )  # fmt: skip
