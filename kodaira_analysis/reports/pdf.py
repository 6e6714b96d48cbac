"""A PDF of each committee report: A4, page numbers, the same content as its HTML.

Chromium prints the page as a reader would (its print CSS), through Playwright with the system's Chromium; no
browser is downloaded. Without them the runner writes no PDF and says so once: the HTML reports are the product.
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
import time
from contextlib import suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import read_regular_file

if TYPE_CHECKING:
    from .signals import StopFlag

#: Where a system Chromium may be, first match wins (KODAIRA_CHROMIUM overrides).
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The largest report page hashed to decide whether its PDF is current (a report is a few MB).
PAGE_LIMIT = 256 * 1024 * 1024
#: The printer's own temporary folder (its TMPDIR) is named so.
SCRATCH_PREFIX = "kodaira-pdf-"
#: The process that started the printer, and whether the printer dies with it ("dies-with") or only sees its
#: input close ("outlives": PR_SET_PDEATHSIG fires when the thread that started the child ends).
PARENT_ENV = "KODAIRA_PRINTER_PARENT"


def find_chromium() -> str | None:
    """The Chromium executable to print with, or None."""
    explicit = os.environ.get("KODAIRA_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next(filter(None, map(shutil.which, CHROMIUM_CANDIDATES)), None)


def page_sha256(page: Path) -> str | None:
    """The SHA-256 of an HTML page (a regular file of bounded size), or None when it cannot be read."""
    try:
        return hashlib.sha256(read_regular_file(page, PAGE_LIMIT)).hexdigest()
    except KodairaError:
        return None


def current(page: Path, entry: dict | None = None) -> Path | None:
    """The PDF beside an HTML page if the manifest ``entry`` says it was printed from that page as it is now.

    By the page's SHA-256 recorded with it (:func:`record`), never a timestamp (a clock that jumped, a ``touch``,
    a copy); only a regular file counts (the printer writes no other).
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


class Printer:
    """A child process (printing.py) that launches a browser at once and prints the pages it is sent.

    The child keeps Playwright's event loop out of the runner, in a session of its own (a Ctrl-C in the terminal
    is the build's to handle), with a temporary folder of its own, removed after. When this process dies, the
    child's input closes: it closes its browser and exits.
    """

    def __init__(self) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX)
        scratch = Path(self._scratch.name)
        env = {**os.environ, "TMPDIR": str(scratch), "HOME": os.environ.get("HOME", str(scratch))}
        main = threading.current_thread() is threading.main_thread()
        env[PARENT_ENV] = f"{os.getpid()} {'dies-with' if main else 'outlives'}"
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
        self._input = cast("IO[bytes]", self.process.stdin)
        self._sent: set[Path] = set()
        self.printed: dict[Path, str] = {}  # page -> the SHA-256 of the page as printed (filled by stop)
        self.log = b""  # what the child said went wrong (filled by stop)

    def submit(self, pages: list[Path]) -> None:
        """Send pages to print now, without waiting (:meth:`print` waits for them)."""
        try:
            self._input.write(b"".join(os.fsencode(page) + b"\n" for page in pages))
            self._input.flush()
        except OSError:
            return  # the child is gone: print() or stop() reports it
        self._sent.update(pages)

    def print(self, pages: list[Path], timeout: float = float("inf"), stop: StopFlag | None = None) -> dict[Path, Path]:
        """Print each HTML page to a PDF beside it (those not sent yet), wait; return page -> the PDF printed.

        Once ``stop`` is set, ``timeout`` seconds have passed or a signal's exception is raised here, no page
        is printed after the one in hand.

        Raises:
            subprocess.CalledProcessError: the child failed, not cut short (its messages in ``stderr``).
        """
        deadline = time.monotonic() + timeout
        try:
            self.submit([page for page in pages if page not in self._sent])
            with suppress(OSError):
                self._input.close()  # no page more: it exits once these are printed
            while self.process.poll() is None and not stop and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            if self.process.poll() is None:
                self.cut_short()
            self.stop(wait=60)
        if self.process.returncode and not stop:
            raise subprocess.CalledProcessError(self.process.returncode, self.process.args, stderr=self.log)
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
            self._input.close()
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
        self.log = self._read("printer.log")
        said = [line for line in self.log.decode("utf-8", "replace").splitlines() if line.strip()]
        if (self.process.returncode or 0) > 0 and said:  # its own message (not a kill's)
            logging.getLogger(__name__).warning("the PDF printer stopped: %s", said[-1][:300])
        with suppress(OSError):  # a killed browser's files going as it exits; the folder is gone or going
            self._scratch.cleanup()
