"""A PDF of each committee report: A4, page numbers, the same content as its HTML.

Chromium prints the HTML page exactly as a reader would (the report's own print
CSS decides the layout). It is driven through Playwright with the system's
Chromium (Debian's ``chromium``); no browser is downloaded. Without Playwright
or a Chromium the runner writes no PDF and says so once: the HTML reports are
the product, the PDFs a convenience.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Where a system Chromium may be, first match wins (KODAIRA_CHROMIUM overrides).
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable to print with, or None."""
    explicit = os.environ.get("KODAIRA_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def current(page: Path) -> Path | None:
    """The PDF beside an HTML page, if it was printed from that page (not older than it), else None.

    Only a regular file counts (not a link, a folder or a FIFO: the printer writes none of those).
    """
    printed = page.with_suffix(".pdf")
    try:
        found = printed.lstat()
        return printed if stat.S_ISREG(found.st_mode) and found.st_mtime >= page.stat().st_mtime else None
    except OSError:
        return None


#: Why this process prints no PDF though it could ('' when it may print; see :func:`withheld`).
_withheld = ""


@contextmanager
def withheld(reason: str) -> Iterator[None]:
    """Print no PDF while in this block, for ``reason`` (``build --no-pdf``): :func:`available` gives it."""
    global _withheld
    saved, _withheld = _withheld, reason
    try:
        yield
    finally:
        _withheld = saved


def available() -> str:
    """'' when PDFs can be printed here, else the reason they cannot (Playwright is looked for, not imported)."""
    from importlib.util import find_spec

    if _withheld:
        return _withheld
    if find_spec("playwright") is None:
        return "Playwright is not installed (pip install 'kodaira-analysis[pdf]')"
    if find_chromium() is None:
        return "no Chromium found (apt-get install chromium, or set KODAIRA_CHROMIUM)"
    return ""


class Printer:
    """A child process that launches a browser at once and prints the pages it is then sent (one path a line).

    The printing runs in a child process (Playwright's own event loop stays out of the runner, and out of
    a process that already drives a browser), in a session of its own (a Ctrl-C in the terminal is the
    build's to handle), with a temporary folder of its own that is removed after, so Chromium leaves
    nothing in the system's /tmp. When this process dies, the child's input closes: it closes its browser
    and exits.
    """

    def __init__(self) -> None:
        import subprocess
        import sys
        import tempfile
        import threading

        self._scratch = tempfile.TemporaryDirectory(prefix=_SCRATCH_PREFIX)
        scratch = self._scratch.name
        self._log = (Path(scratch) / "printer.log").open("w+b")  # read on failure, closed in stop
        env = {**os.environ, "TMPDIR": scratch, "HOME": os.environ.get("HOME", scratch)}
        # The printer dies with this process (PR_SET_PDEATHSIG fires when the thread that started it ends:
        # asked for only from the main thread, which lives as long as the process).
        env[_DIE_WITH_PARENT] = "1" if threading.current_thread() is threading.main_thread() else ""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.pdf"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
            start_new_session=True,
        )
        self._sent: set[Path] = set()

    def submit(self, pages: list[Path]) -> None:
        """Send pages to print now, without waiting (:meth:`print` waits for them)."""
        if self.process.stdin is None:
            return
        try:
            self.process.stdin.write(b"".join(os.fsencode(page) + b"\n" for page in pages))
            self.process.stdin.flush()
        except OSError:
            return  # the child is gone: print() reports it
        self._sent.update(pages)

    def print(self, pages: list[Path], timeout: float) -> dict[Path, Path]:
        """Print each HTML page to a PDF beside it (those not sent yet), wait for all; return page -> PDF.

        Raises:
            subprocess.CalledProcessError: the child failed (its output in ``stderr``).
            subprocess.TimeoutExpired: it took longer than ``timeout`` seconds (it is killed).
        """
        import subprocess

        rest = [page for page in pages if page not in self._sent]
        try:
            self.process.communicate(b"".join(os.fsencode(page) + b"\n" for page in rest), timeout=timeout)
            if self.process.returncode:
                self._log.seek(0)
                raise subprocess.CalledProcessError(self.process.returncode, self.process.args, stderr=self._log.read())
        except BaseException as stop:
            if not isinstance(stop, Exception):  # a signal (Ctrl-C, the build's SIGTERM): no page more
                self.cut_short()
            raise
        finally:
            self.stop()
        return {page: page.with_suffix(".pdf") for page in pages if page.with_suffix(".pdf").is_file()}

    def cut_short(self) -> None:
        """Print no page more than the one being printed: the child then closes its browser and exits.

        (A signal the child handles, not a kill: its browser closes and leaves nothing in its folder.)
        """
        import signal

        try:
            self.process.send_signal(signal.SIGUSR1)
        except OSError:
            pass

    def stop(self, wait: float = 10) -> None:
        """Close the child's input (it closes its browser and exits); kill its session if it takes longer."""
        import signal
        import subprocess

        try:
            if self.process.stdin and not self.process.stdin.closed:
                self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # its browser exits when its pipe closes
            except OSError:
                pass
            self.process.wait()
        self._log.close()
        try:
            self._scratch.cleanup()
        except OSError:  # a killed browser's files going as it exits; the folder is gone or going
            pass


_ahead: Printer | None = None
#: The printer's own temporary folder (its TMPDIR) is named so.
_SCRATCH_PREFIX = "kodaira-pdf-"
#: Tells the printer to die with the process that started it (see Printer and _die_with_parent).
_DIE_WITH_PARENT = "KODAIRA_PRINTER_DIES_WITH_PARENT"


def _die_with_parent() -> None:
    """In the printer: when the build dies, even by SIGKILL, stop its browser and exit, printing nothing more.

    The build's death sends SIGTERM (PR_SET_PDEATHSIG); the printer then sends SIGTERM to its own process
    group (Playwright's driver, which closes the browser it launched), waits for its children, removes its
    temporary folder and exits 143. A page being written is left as its hidden temporary file, which the
    next build removes (owned.remove_leftovers).
    """
    import shutil
    import signal
    import time

    from .signals import die_with_parent

    def stop(signum, frame) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            os.killpg(os.getpgrp(), signal.SIGTERM)  # our session: the driver and what it started
        except OSError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    time.sleep(0.05)
            except ChildProcessError:
                break
        scratch = Path(os.environ.get("TMPDIR", ""))
        if scratch.name.startswith(_SCRATCH_PREFIX) and scratch.is_dir() and not scratch.is_symlink():
            shutil.rmtree(scratch, ignore_errors=True)  # the folder Printer made for this printer, nothing else
        os._exit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    die_with_parent(signal.SIGTERM)


def launch_ahead() -> None:
    """Start a printer now (its browser launches while a report's cells run); :func:`print_pdfs` uses it.

    A page submitted to it (:func:`submit_ahead`) is printed while the runner writes the index; a printer
    that :func:`print_pdfs` does not use is stopped by :func:`discard_ahead` (a page it was printing is
    finished first, atomically, like every PDF).
    """
    global _ahead
    if _ahead is None and not available():
        try:
            _ahead = Printer()
        except OSError:
            _ahead = None


def submit_ahead(pages: list[Path]) -> None:
    """Send pages to the printer started ahead, if there is one (see :meth:`Printer.submit`)."""
    if _ahead is not None:
        _ahead.submit(pages)


def discard_ahead(*, kill: bool = False) -> None:
    """Stop a printer started ahead that no print used (idempotent).

    It finishes the pages it was sent, each PDF whole; with ``kill`` (the build was stopped by a signal) it
    finishes only the page it is printing, then closes its browser and exits (see :meth:`Printer.cut_short`).
    """
    global _ahead
    printer, _ahead = _ahead, None
    if printer is not None:
        if kill:
            printer.cut_short()
        printer.stop()


def print_pdfs(pages: list[Path], *, timeout: float = 600) -> dict[Path, Path]:
    """Print each HTML page to a PDF beside it, with the printer started ahead or a new one; return page -> PDF."""
    global _ahead
    printer, _ahead = _ahead, None
    return (printer or Printer()).print(pages, timeout)


def _print_here() -> None:
    """Launch the browser, then print each page named on stdin, one a line (run by Printer in a child process)."""
    import sys

    if os.environ.get(_DIE_WITH_PARENT):  # first: a build killed while Playwright is imported takes us with it
        _die_with_parent()
    import signal

    from playwright.sync_api import sync_playwright

    cut_short: list[bool] = []
    failed: list[Path] = []
    signal.signal(signal.SIGUSR1, lambda *_: cut_short.append(True))  # Printer.cut_short: no page more
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        try:
            context = browser.new_context(offline=True)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page = context.new_page()
            for line in sys.stdin.buffer:
                if cut_short:
                    break
                if not line.strip():
                    continue
                html = Path(os.fsdecode(line.rstrip(b"\n")))
                scratch = html.with_name(f".{html.stem}.pdf.tmp")
                try:
                    page.goto(html.resolve().as_uri(), wait_until="load")
                    page.pdf(path=str(scratch), format="A4", print_background=True, prefer_css_page_size=True)
                    scratch.replace(html.with_suffix(".pdf"))
                except OSError as exc:  # this page's PDF cannot be put in place (a folder there): the others can
                    scratch.unlink(missing_ok=True)
                    print(f"cannot print {html}: {exc}", file=sys.stderr, flush=True)
                    failed.append(html)
        finally:
            browser.close()
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    _print_here()
