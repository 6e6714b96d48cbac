"""A PDF of each committee report: A4, page numbers, the same content as its HTML.

Chromium prints the page as a reader would (its print CSS), through Playwright with the system's Chromium; no
browser is downloaded. Without them the runner writes no PDF and says so once: the HTML reports are the product.

The printer is a thread of the build running Playwright's sync API. Playwright's driver, the one process it starts,
closes its browsers and exits when its pipe to us closes, so also when the build is killed; it ignores SIGINT, and
its browsers run in sessions of their own: a Ctrl-C is the build's to handle, through its stop flag.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import read_regular_file

if TYPE_CHECKING:
    from .signals import StopFlag

#: Where a system Chromium may be, first match wins (KODAIRA_CHROMIUM overrides).
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The largest report page hashed to decide whether its PDF is current (a report is a few MB).
PAGE_LIMIT = 256 * 1024 * 1024
#: Chromium's switches for printing: nothing of its own goes out (updates, pings, prefetch, sync, metrics,
#: safe-browsing lists), and no host name resolves (offline, every URL but file: is aborted anyway).
CHROMIUM_ARGS = (
    *"""--no-sandbox --disable-background-networking --disable-component-update --no-pings --dns-prefetch-disable
    --disable-sync --disable-default-apps --disable-extensions --disable-domain-reliability --disable-breakpad
    --disable-client-side-phishing-detection --no-first-run --no-default-browser-check --metrics-recording-only
    --safebrowsing-disable-auto-update""".split(),
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
#: Seconds the browser has to start (KODAIRA_CHROMIUM_LAUNCH_TIMEOUT, up to 600, overrides); past it the
#: printer gives up and the build goes on without PDFs.
LAUNCH_TIMEOUT = 30.0
#: How a page is printed; tagged: a structure (headings, lists, tables, alt text) for screen readers; outline: bookmarks.
PDF_OPTIONS = {"format": "A4", "print_background": True, "prefer_css_page_size": True, "tagged": True, "outline": True}
#: fontconfig's setup for the browser (:func:`browser_env`).
FONTS_CONF = Path(__file__).parent / "templates" / "kodaira" / "fonts.conf.j2"


class PrintError(Exception):
    """The browser did not start, or some page's PDF was not printed (the message says which)."""


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


def launch_timeout() -> float:
    """:data:`LAUNCH_TIMEOUT`, or KODAIRA_CHROMIUM_LAUNCH_TIMEOUT when it is a number of seconds up to 600."""
    try:
        value = float(os.environ.get("KODAIRA_CHROMIUM_LAUNCH_TIMEOUT", LAUNCH_TIMEOUT))
    except ValueError:
        return LAUNCH_TIMEOUT
    return value if 0 < value <= 600 else LAUNCH_TIMEOUT


def browser_env(folder: Path) -> dict[str, str | float | bool]:
    """The browser's environment: its TMPDIR ``folder``, fontconfig told of the bundled IPAexGothic (set up there).

    Chromium embeds a TrueType font's outlines but draws a CFF-outlined font's glyphs (most systems' Noto Sans CJK)
    as Type 3 pictures, which a screen reader, a search or a copy may misread; so fontconfig is told of
    matplotlib-fontja's TrueType IPAexGothic (the figures' own), which report.css prints with.
    """
    env: dict[str, str | float | bool] = {"HOME": str(folder), **os.environ, "TMPDIR": str(folder)}
    spec = importlib.util.find_spec("matplotlib_fontja")
    fonts = Path(spec.origin).parent / "fonts" if spec is not None and spec.origin is not None else None
    if fonts is None or not (fonts / "ipaexg.ttf").is_file():
        return env
    from jinja2 import Template

    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    conf = Template(FONTS_CONF.read_text(encoding="utf-8"), autoescape=True)
    (folder / "kodaira-fonts.conf").write_text(
        conf.render(system=system, fonts=fonts, cache=folder / "fontconfig"), encoding="utf-8"
    )
    return env | {"FONTCONFIG_FILE": str(folder / "kodaira-fonts.conf")}


def scratch_for(folder: Path) -> Path:
    """The printer's own folder: the browser's TMPDIR (its socket goes there: a short path) and font setup.

    Named after the folder printed in, so that what a build killed meanwhile left is removed by the next one.
    """
    digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"kodaira-pdf-{os.getuid()}-{digest}"


def _fresh(scratch: Path) -> None:
    """Make ``scratch`` (0700), first removing what a killed build left there: only a real folder of ours."""
    if scratch.is_symlink() or (scratch.exists() and scratch.stat().st_uid != os.getuid()):
        raise PrintError(f"{scratch} is not a folder kodaira-reports made; remove it")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700)


class Printer:
    """Prints HTML pages to PDFs beside them in a thread of this process (Playwright's sync API, one browser).

    The pages are in ``folder``; the browser's own files are in :func:`scratch_for` it, removed once it closed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.printed: dict[Path, str] = {}  # page -> the SHA-256 of the page as printed
        self.failed: list[str] = []  # what went wrong, a message each

    def print(self, pages: list[Path], timeout: float = float("inf"), stop: StopFlag | None = None) -> dict[Path, Path]:
        """Print each HTML page to a PDF beside it, wait; return page -> the PDF printed.

        Once ``stop`` is set (looked at every 0.1 s), ``timeout`` seconds have passed or an exception comes here (a
        Ctrl-C outside the build), no page is printed after the one in hand, and the browser is closed before this
        returns.

        Raises:
            PrintError: the browser did not start, or a page's PDF could not be put in place (the others are).
        """
        cut_short, done = threading.Event(), threading.Event()
        deadline = time.monotonic() + timeout
        threading.Thread(target=self._print_all, args=(pages, cut_short, done), daemon=True).start()
        try:  # Event.wait, not Thread.join: a join cut short by Ctrl-C takes the thread for ended (Python 3.11)
            while not done.is_set() and not stop and time.monotonic() < deadline:
                done.wait(0.1)  # the main thread runs the signal handlers between two waits
        finally:
            cut_short.set()
            done.wait(60)  # the page in hand; past that, the build's end kills the driver and its browser
        if not done.is_set():
            self.failed.append("the printer did not finish its page within 60 s")
        if self.failed:
            raise PrintError("; ".join(self.failed))
        return {page: page.with_suffix(".pdf") for page in pages if page in self.printed}

    def _print_all(self, pages: list[Path], cut_short: threading.Event, done: threading.Event) -> None:
        """The thread: launch the browser, print the pages until done or cut short, close the browser."""
        from playwright.sync_api import sync_playwright

        scratch = scratch_for(self.folder)
        try:
            _fresh(scratch)
            with sync_playwright() as playwright:
                limit, env = launch_timeout(), browser_env(scratch)
                try:
                    browser = playwright.chromium.launch(
                        executable_path=find_chromium(),
                        args=list(CHROMIUM_ARGS),
                        timeout=limit * 1000,
                        env=env,
                        handle_sigint=False,  # a Ctrl-C is the build's: the page in hand is finished
                    )
                except Exception as exc:  # Playwright's TimeoutError or Error: the browser did not start
                    self.failed.append(f"the browser did not start within {limit:g} s ({type(exc).__name__})")
                    return
                try:
                    context = browser.new_context(offline=True)
                    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                    tab = context.new_page()
                    for page in pages:
                        if cut_short.is_set():
                            break
                        self._print_one(tab, page)
                finally:
                    browser.close()
        except Exception as exc:  # Playwright's Error: its driver or browser went away
            self.failed.append(f"the printer stopped ({type(exc).__name__}: {str(exc).strip()[:300]})")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            done.set()  # the browser closed, Playwright's driver exited

    def _print_one(self, tab: Any, page: Path) -> None:
        """Print one page to a PDF beside it, whole or not at all; note which page was printed (by its hash)."""
        from .links import relativise_pdf

        scratch = page.with_name(f".{page.stem}.pdf.tmp")
        digest = page_sha256(page)  # before loading it: a page replaced meanwhile is printed again
        try:
            tab.goto(page.resolve().as_uri(), wait_until="load")
            tab.pdf(path=str(scratch), **PDF_OPTIONS)
            relativise_pdf(scratch, page)  # no file:// path of this machine
            scratch.replace(page.with_suffix(".pdf"))
        except OSError as exc:  # this page's PDF cannot be put in place (a folder there): the others can
            self.failed.append(f"cannot print {page}: {exc}")
            return
        finally:
            scratch.unlink(missing_ok=True)
        if digest:
            self.printed[page] = digest
