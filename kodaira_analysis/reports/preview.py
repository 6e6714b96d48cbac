"""``kodaira-reports preview NAME``: one report, re-rendered on every change and served on 127.0.0.1.

The model is Quarto's preview. One warm kernel is always kept ready (booted,
with pandas, matplotlib, seaborn and the library imported); a change to the
notebook (``.ipynb`` or its paired jupytext ``.py``), to reports.yml, to the
library or to the data re-runs the report in that kernel, which is shut down
once the new page is served, so every render starts from a clean namespace;
the next kernel then boots, and also draws a figure and reads the tables once
(fonts, parquet reader, SSDSE-A check: the first uses each render would pay
for). A change to the library also replaces the spare kernel (its imports
would be stale).

The page is served by :mod:`http.server` in a thread, on 127.0.0.1 only. The
served copy, never the file written, carries a small script that asks
``/__version?since=N``, which answers as soon as a version other than N is
served (or after 25 s), and reloads the page. Ctrl-C stops the watcher, the
server and the kernel and exits with 130 (SIGTERM: 143).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kodaira_analysis import paths
from kodaira_analysis.present import SVG_ENV

from . import owned, publisher, sockets, warm
from .logs import error
from .model import JobResult
from .watch import Watcher, poll_interval_from_env

log = logging.getLogger(__name__)
#: Injected into the served page only: reload when the version changes (the server holds the request until then).
RELOAD_SCRIPT = """<script>(function () {
  var seen = null;
  function poll() {
    var url = seen === null ? "/__version" : "/__version?since=" + encodeURIComponent(seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); return; }
      setTimeout(poll, 50);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();</script>"""
#: The largest figure file the preview serves (bytes); the report's PNGs are well under 1 MB.
FIGURE_LIMIT = 20 * 1024 * 1024
#: How long ``/__version?since=N`` waits for a new version before it answers with the current one.
LONG_POLL_SECONDS = 25.0


class Preview:
    """The state shared by the render loop and the HTTP server: the current page and its version."""

    def __init__(self, name: str, out: Path | None = None) -> None:
        self.name = name
        self.out = out
        self.version = 0
        self.page = f"<!DOCTYPE html><html><body><p>Rendering {name}…</p></body></html>".encode()
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

    def publish(self, html: str) -> None:
        """Serve this page from now on, as a new version."""
        with self.lock:
            self.page = inject_reload(html).encode("utf-8")
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, since: str, timeout: float) -> int:
        """The version being served, once it differs from ``since`` (or after ``timeout`` seconds)."""
        with self.lock:
            self.changed.wait_for(lambda: str(self.version) != since, timeout=timeout)
            return self.version

    def figure(self, url_path: str) -> bytes | None:
        """A figure's PNG the page links to (``/figures/<name>/figure-NN.png``), from the last render; else None.

        Only those names are served, from the preview's output folder, through no symbolic link (of the
        file or of its folders), never a FIFO, a hard link or a file over FIGURE_LIMIT bytes.
        """
        from kodaira_analysis.files import read_inside

        from .figures import FIGURES_DIR

        prefix = f"/{FIGURES_DIR}/{self.name}/"
        file = url_path[len(prefix) :] if url_path.startswith(prefix) else ""
        if self.out is None or not (owned.FIGURES_FILE.fullmatch(file) and file.endswith(".png")):  # PNGs are linked
            return None
        try:  # (in the instant a render swaps the folder in, not found)
            return read_inside(self.out, f"{FIGURES_DIR}/{self.name}/{file}", FIGURE_LIMIT)
        except OSError:
            return None

    def current(self) -> tuple[int, bytes]:
        """The version number and page being served."""
        with self.lock:
            return self.version, self.page


def inject_reload(html: str) -> str:
    """The page with the reload script before ``</body>`` (served copies only)."""
    at = html.rfind("</body>")
    return html[:at] + RELOAD_SCRIPT + html[at:] if at >= 0 else html + RELOAD_SCRIPT


class _Handler(BaseHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:
        from urllib.parse import parse_qs, urlsplit

        version, page = self.preview.current()
        url = urlsplit(self.path)
        if url.path == "/__version":
            since = parse_qs(url.query).get("since")
            if since:
                version = self.preview.wait_for_change(since[0], LONG_POLL_SECONDS)
            self._send(200, "text/plain; charset=utf-8", str(version).encode())
        elif self.path in ("/", "/index.html", f"/{self.preview.name}.html"):
            self._send(200, "text/html; charset=utf-8", page)
        elif (figure := self.preview.figure(url.path)) is not None:  # a figure's link to its full size
            self._send(200, "image/png", figure)
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: this preview serves one report at /")

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per render is enough


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start the HTTP server on 127.0.0.1 in a daemon thread."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server


def kernel_env(*, keeps_files: bool) -> dict[str, str]:
    """What the preview's kernels add to their environment.

    In the preview's own temporary folder, removed when it stops, each figure is drawn as PNG only (the
    SVG is a third of a figure's drawing). Into a folder given with ``--out`` (a build's, say), the figure
    files are written whole, SVG included, as a build writes them: a preview never leaves a build's
    figures without their SVG.
    """
    return {SVG_ENV: "1" if keeps_files else "0"}


def _find_job(config: Path, name: str):
    from .config import load_jobs

    jobs = {job.name: job for job in load_jobs(config)}
    if name not in jobs:
        raise LookupError(f"no job named {name!r} in {config}; the jobs are: {', '.join(sorted(jobs))}")
    return jobs[name]


def _source_notebook(job, scratch: Path) -> Path:
    """The notebook to run: the .ipynb, or its paired .py when that was saved more recently."""
    paired = job.notebook.with_suffix(".py")
    if paired.is_file() and paired.stat().st_mtime_ns > job.notebook.stat().st_mtime_ns:
        import jupytext

        target = scratch / job.notebook.name
        jupytext.write(jupytext.read(paired), target)
        return target
    return job.notebook


def render_once(job, out: Path, timeout: float, spare: warm.Spare | None = None) -> JobResult:
    """Check the data, run the job in the spare kernel and render it, its files put in place; return its result."""
    import dataclasses

    from kodaira_analysis import build_data, raw_checksums

    from .executor import Task, run_job
    from .render import build_provenance

    build_data()  # a no-op unless data/raw or the cleaning code changed
    raw = raw_checksums()  # (no library hash: a preview keeps no manifest)
    source = dataclasses.replace(job, notebook=_source_notebook(job, out))
    # a paired .py's copy runs where the notebook is, in the spare kernel
    task = Task(source, str(out), timeout, build_provenance(raw), False, cwd=str(job.notebook.parent))
    (out / "executed").mkdir(exist_ok=True)
    return publisher.put_in_place(run_job(task, spare), out)


def _page_for(job, result: JobResult, out: Path) -> str:
    if result.ok:
        return (out / f"{job.name}.html").read_text(encoding="utf-8")
    from .index import write_error_page

    return write_error_page(job.to_dict(), result.as_dict(), has_last_good=False)


def _print(line: str) -> None:
    print(line, flush=True)


def run_preview(
    name: str, config: Path, port: int, timeout: float, out: Path | None = None, echo: Callable[[str], None] = _print
) -> int:
    """Preview one report until interrupted; return the exit code (130 after Ctrl-C, 2 for an unknown job).

    The address served, the preview's result, goes to ``echo`` (stdout); progress and errors are logged.
    """
    from .config import ConfigError

    try:
        job = _find_job(config, name)
    except (ConfigError, LookupError) as exc:
        error(f"configuration error: {exc}", config)
        return 2
    owned_out = out is None
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="kodaira-preview-"))
    else:  # a folder of the user's: only one the runner created or may adopt, as for build --out
        if owned.recorded_reports(Path(out)) is not None:
            error(
                f"{out} holds a build's reports (its manifest.json): a preview would put its drafts in place of "
                "them, unrecorded. Give a folder of the preview's own with --out.",
                config,
            )
            return 2
        try:
            owned.claim(Path(out))
        except (owned.NotOwnedError, OSError) as exc:
            error(str(exc), config)
            return 2
        out = Path(out)
    # The kernels' connection files and Unix sockets in the preview's own folder (as a build's, in
    # <out>/.runtime): no TCP port, nothing left in Jupyter's runtime folder after a kill.
    saved_runtime = os.environ.get("JUPYTER_RUNTIME_DIR")
    kernel_dir = Path(tempfile.mkdtemp(prefix="kodaira-kernel-"))
    (kernel_dir / "runtime").mkdir(mode=0o700)
    warm.install_kernelspec(kernel_dir / "runtime", env=kernel_env(keeps_files=not owned_out))
    spare: warm.Spare | None = None
    preview = Preview(name, out)
    stop = threading.Event()
    server = None
    try:
        # One kernel is booted ahead now, in the notebook's folder; the next one only once a render is
        # served (see below), so that its boot never competes with the render for the CPU. A kernel that
        # ran its notebook is stopped after the page is served, too.
        spare = warm.Spare(str(job.notebook.parent))
        server = serve(preview, port)
        echo(f"preview of {name} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
        log.info(f"rendered files in {out}" + (" (removed when the preview stops)" if owned_out else ""))
        watcher = Watcher(
            folders=[paths.PACKAGE_DIR, paths.RAW_DIR, *_external_dirs(job)],
            files=[config, job.notebook, job.notebook.with_suffix(".py")],
            stop=stop,
            poll=poll_interval_from_env(),
        )
        log.info(f"watching {job.notebook.name} (and .py), {config.name}, the library and the data ({watcher.backend})")
        changed: set[Path] = set()
        while True:
            started = time.monotonic()
            if any(paths.PACKAGE_DIR in p.parents for p in changed):
                _refresh_library()
                if spare is not None:  # its imports are stale
                    spare.stop()
                spare = None
            if config.resolve() in changed:
                try:
                    job = _find_job(config, name)
                except (ConfigError, LookupError) as exc:
                    error(f"configuration error: {exc} (still serving the last render)", config)
                    changed = watcher.wait()
                    continue
            current, spare = spare, None
            result = render_once(job, out, timeout, current)
            preview.publish(_page_for(job, result, out))
            line = (
                f"{name}: {result.outcome} in {time.monotonic() - started:.2f} s "
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
        sockets.remove_runtime(kernel_dir / "runtime")
        shutil.rmtree(kernel_dir, ignore_errors=True)
        if saved_runtime is None:
            os.environ.pop("JUPYTER_RUNTIME_DIR", None)
        else:
            os.environ["JUPYTER_RUNTIME_DIR"] = saved_runtime
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


def add_parser(sub: Any, parents: list[argparse.ArgumentParser] | None = None) -> None:
    """The ``preview`` subcommand's arguments (``parents``: the options every subcommand shares)."""
    parser = sub.add_parser(
        "preview",
        parents=parents or [],
        help="re-render one report on every change and serve it on 127.0.0.1",
        description="Keep a warm kernel, re-render the report NAME whenever its notebook (.ipynb or paired .py), "
        "reports.yml, the library or the data change, and serve it on 127.0.0.1; the page reloads itself. "
        "Ctrl-C stops (exit 130; SIGTERM: 143).",
    )
    parser.add_argument("name", metavar="NAME", help="the job of reports.yml to preview")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
    parser.add_argument(
        "--timeout", type=float, default=600.0, metavar="SECONDS", help="time limit per notebook cell (default: 600)"
    )
    parser.add_argument("--out", type=Path, default=None, help="keep the rendered files here (default: a temp folder)")


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
        return run_preview(args.name, args.config, args.port, args.timeout, args.out)
    except _Stopped as stop:  # raised again after run_preview returned
        return 128 + stop.signum
