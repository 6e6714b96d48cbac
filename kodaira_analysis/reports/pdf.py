"""A PDF of each committee report: A4, page numbers, the same content as its HTML.

Chromium prints the page as a reader would (the report's print CSS decides the layout), driven through
Playwright with the system's Chromium; no browser is downloaded. Without Playwright or a Chromium the runner
writes no PDF and says so once: the HTML reports are the product, the PDFs a convenience.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import read_regular_file

#: Where a system Chromium may be, first match wins (KODAIRA_CHROMIUM overrides).
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable to print with, or None."""
    explicit = os.environ.get("KODAIRA_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next(filter(None, map(shutil.which, CHROMIUM_CANDIDATES)), None)


#: The largest report page hashed to decide whether its PDF is current (a report is a few MB).
PAGE_LIMIT = 256 * 1024 * 1024


def page_sha256(page: Path) -> str | None:
    """The SHA-256 of an HTML page (a regular file of bounded size), or None when it cannot be read."""
    try:
        return hashlib.sha256(read_regular_file(page, PAGE_LIMIT)).hexdigest()
    except KodairaError:
        return None


def current(page: Path, entry: dict | None = None) -> Path | None:
    """The PDF beside an HTML page if the manifest ``entry`` says it was printed from that page as it is now.

    The entry's ``pdf`` records the page's SHA-256 when it was printed (:func:`record`): no timestamp is
    read (a clock that jumped, a ``touch``, a copy). Only a regular file counts (the printer writes no other).
    """
    printed, recorded = page.with_suffix(".pdf"), (entry or {}).get("pdf")
    if not isinstance(recorded, dict) or recorded.get("file") != printed.name or printed.is_symlink():
        return None
    digest = recorded.get("page_sha256")
    return printed if printed.is_file() and isinstance(digest, str) and digest == page_sha256(page) else None


def record(manifest: dict, printed: dict[Path, str]) -> None:
    """Note in the manifest which page (by SHA-256) each PDF was printed from (``printed``: page -> hash)."""
    for page, digest in printed.items():
        entry = manifest.setdefault("reports", {}).get(page.stem)
        if isinstance(entry, dict):
            entry["pdf"] = {"file": page.with_suffix(".pdf").name, "page_sha256": digest}


def available() -> str:
    """'' when PDFs can be printed here, else why not (Playwright and pypdf looked for, not imported)."""
    for module, name in (("playwright", "Playwright"), ("pypdf", "pypdf")):  # pypdf: links.relativise_pdf
        if importlib.util.find_spec(module) is None:
            return f"{name} is not installed (pip install 'kodaira-analysis[pdf]')"
    if find_chromium() is None:
        return "no Chromium found (apt-get install chromium, or set KODAIRA_CHROMIUM)"
    return ""


def _lines(pages: list[Path]) -> bytes:
    return b"".join(os.fsencode(page) + b"\n" for page in pages)


class Printer:
    """A child process that launches a browser at once and prints the pages it is then sent (one path a line).

    The child (printing.py) keeps Playwright's event loop out of the runner; it runs in a session of its own
    (a Ctrl-C in the terminal is the build's to handle) with a temporary folder of its own, removed after, so
    Chromium leaves nothing in the system's /tmp. When this process dies, the child's input closes: it closes
    its browser and exits.
    """

    def __init__(self) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix=_SCRATCH_PREFIX)
        scratch = Path(self._scratch.name)
        env = {**os.environ, "TMPDIR": str(scratch), "HOME": os.environ.get("HOME", str(scratch))}
        # PR_SET_PDEATHSIG fires when the thread that started the child ends: asked for from the main thread only
        main = threading.current_thread() is threading.main_thread()
        env[_PARENT] = f"{os.getpid()} {'dies-with' if main else 'outlives'}"
        # printed.log: one line a PDF, its page's hash and the page; printer.log: what went wrong
        with (scratch / "printed.log").open("wb") as out, (scratch / "printer.log").open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kodaira_analysis.reports.printing"],
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=log,
                env=env,
                start_new_session=True,
            )
        self._sent: set[Path] = set()
        self.printed: dict[Path, str] = {}  # page -> the SHA-256 of the page as printed (filled by stop)

    def submit(self, pages: list[Path]) -> None:
        """Send pages to print now, without waiting (:meth:`print` waits for them)."""
        if self.process.stdin is None:
            return
        try:
            self.process.stdin.write(_lines(pages))
            self.process.stdin.flush()
        except OSError:
            return  # the child is gone: print() or stop() reports it
        self._sent.update(pages)

    def print(self, pages: list[Path], timeout: float) -> dict[Path, Path]:
        """Print each HTML page to a PDF beside it (those not sent yet), wait for all; return page -> PDF.

        Raises:
            subprocess.CalledProcessError: the child failed (its output in ``stderr``).
            subprocess.TimeoutExpired: it took longer than ``timeout`` seconds (it is killed).
        """
        try:
            self.process.communicate(_lines([page for page in pages if page not in self._sent]), timeout=timeout)
            if self.process.returncode:
                raise subprocess.CalledProcessError(
                    self.process.returncode, self.process.args, stderr=self._read("printer.log")
                )
        except BaseException as stop:
            if not isinstance(stop, Exception):  # a signal (Ctrl-C, the build's SIGTERM): no page more
                self.cut_short()
            raise
        finally:
            self.stop()
        return {page: page.with_suffix(".pdf") for page in pages if page in self.printed}

    def _read(self, name: str) -> bytes:  # a log in the printer's folder (nothing once stop() removed it)
        try:
            return (Path(self._scratch.name) / name).read_bytes()
        except OSError:
            return b""

    def cut_short(self) -> None:
        """Print no page after the one in hand: the child then closes its browser and exits (a signal it handles)."""
        with suppress(OSError):
            self.process.send_signal(signal.SIGUSR1)

    def stop(self, wait: float = 10) -> None:
        """Close the child's input (it closes its browser and exits); kill its session if it takes longer."""
        with suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with suppress(OSError):
                os.killpg(self.process.pid, signal.SIGKILL)  # its browser exits when its pipe closes
            self.process.wait()
        for line in self._read("printed.log").splitlines():
            digest, _, page = line.partition(b" ")
            if len(digest) == 64 and page:
                self.printed[Path(os.fsdecode(page))] = digest.decode("ascii", "replace")
        said = [line for line in self._read("printer.log").decode("utf-8", "replace").splitlines() if line.strip()]
        if (self.process.returncode or 0) > 0 and said:  # its own message (not a kill's)
            logging.getLogger(__name__).warning("the PDF printer stopped: %s", said[-1][:300])
        with suppress(OSError):  # a killed browser's files going as it exits; the folder is gone or going
            self._scratch.cleanup()


#: The printer's own temporary folder (its TMPDIR) is named so.
_SCRATCH_PREFIX = "kodaira-pdf-"
#: The process that started the printer, and whether the printer dies with it ("dies-with") or only sees its
#: input close ("outlives"; see Printer and printing.stop_with_parent).
_PARENT = "KODAIRA_PRINTER_PARENT"
