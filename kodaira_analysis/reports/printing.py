"""The printer process (:class:`.pdf.Printer`): launch Chromium once, print each HTML page named on stdin.

Each PDF is written beside its page, whole or not at all; for each, one line on stdout: the SHA-256 of the
page as printed, a space, the page's path (the build records the hash: :func:`.pdf.record`).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from importlib.util import find_spec
from pathlib import Path
from xml.sax.saxutils import escape

from .links import relativise_pdf
from .pdf import PARENT_ENV, SCRATCH_PREFIX, find_chromium, page_sha256
from .signals import die_with_parent

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
#: printer exits 3 and the build goes on without PDFs.
LAUNCH_TIMEOUT = 30.0


def _launch_timeout() -> float:
    try:
        value = float(os.environ.get("KODAIRA_CHROMIUM_LAUNCH_TIMEOUT", LAUNCH_TIMEOUT))
    except ValueError:
        return LAUNCH_TIMEOUT
    return value if 0 < value <= 600 else LAUNCH_TIMEOUT


def fontconfig_env(scratch: Path) -> dict[str, str | float | bool]:
    """The browser's environment: fontconfig's system setup plus the bundled IPAexGothic, its cache in ``scratch``.

    Chromium embeds a TrueType font's outlines but draws a CFF-outlined font's glyphs (most systems' Noto Sans CJK)
    as Type 3 pictures, which a screen reader, a search or a copy may misread; so fontconfig is told of
    matplotlib-fontja's TrueType IPAexGothic (the figures' own), which report.css prints with.
    """
    env: dict[str, str | float | bool] = dict(os.environ)
    spec = find_spec("matplotlib_fontja")
    fonts = Path(spec.origin).parent / "fonts" if spec is not None and spec.origin is not None else None
    if fonts is None or not (fonts / "ipaexg.ttf").is_file():
        return env
    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    conf = scratch / "kodaira-fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        f"  <dir>{escape(str(fonts))}</dir>\n"
        f"  <cachedir>{escape(str(scratch / 'fontconfig'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return env | {"FONTCONFIG_FILE": str(conf)}


def _remove_scratch() -> None:
    """Remove the temporary folder Printer made for this printer (its TMPDIR), nothing else."""
    scratch = Path(os.environ.get("TMPDIR", ""))
    if scratch.name.startswith(SCRATCH_PREFIX) and scratch.is_dir() and not scratch.is_symlink():
        shutil.rmtree(scratch, ignore_errors=True)


def stop_with_parent(parent: int) -> None:
    """When the build (pid ``parent``) dies, even by SIGKILL or before we got here: stop the browser, exit 143.

    Its death sends SIGTERM (PR_SET_PDEATHSIG); the printer passes it to its process group (Playwright's driver,
    which closes its browser), waits for them, removes its folder. A half-written PDF stays a hidden temporary
    file, which the next build removes.
    """

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
        _remove_scratch()
        os._exit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    die_with_parent(signal.SIGTERM, parent)


def _print_to(page, html: Path) -> None:
    """Print one page to a PDF beside it, whole or not at all; say which page was printed (by its hash)."""
    scratch = html.with_name(f".{html.stem}.pdf.tmp")
    try:
        digest = page_sha256(html)  # before loading it: a page replaced meanwhile is printed again
        page.goto(html.resolve().as_uri(), wait_until="load")
        # tagged: a structure (headings, lists, tables, alt text) for screen readers; outline: bookmarks
        page.pdf(
            path=str(scratch), format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=True
        )
        relativise_pdf(scratch, html)  # links.py: no file:// path of this machine
        scratch.replace(html.with_suffix(".pdf"))
    except OSError:
        scratch.unlink(missing_ok=True)
        raise
    if digest:
        sys.stdout.buffer.write(digest.encode("ascii") + b" " + os.fsencode(html) + b"\n")
        sys.stdout.flush()


def main() -> None:
    """Die with the build if asked, print each page named on stdin until it closes, clean up if orphaned.

    Dying with the build is asked for first: a build killed while Playwright is imported takes us with it.
    """
    pid, _, how = os.environ.get(PARENT_ENV, "").partition(" ")
    parent = int(pid) if pid.isdigit() else os.getppid()
    if how == "dies-with":
        stop_with_parent(parent)
    try:
        _print_pages()
    finally:
        if os.getppid() != parent:  # the build is gone (our input closed with it): nobody else removes our folder
            _remove_scratch()


def _print_pages() -> None:
    from playwright.sync_api import sync_playwright

    cut_short: list[bool] = []
    failed = False
    signal.signal(signal.SIGUSR1, lambda *_: cut_short.append(True))  # Printer.cut_short: no page more
    with sync_playwright() as playwright:
        limit = _launch_timeout()
        try:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(),
                args=list(CHROMIUM_ARGS),
                timeout=limit * 1000,
                env=fontconfig_env(Path(os.environ.get("TMPDIR") or "/tmp")),
            )
        except Exception as exc:  # Playwright's TimeoutError or Error: the browser did not start
            message = f"the browser did not start within {limit:g} s ({type(exc).__name__}); no PDF printed"
            print(message, file=sys.stderr, flush=True)
            sys.exit(3)
        try:
            context = browser.new_context(offline=True)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page = context.new_page()
            for line in sys.stdin.buffer:
                if cut_short:
                    break
                if line.strip():
                    html = Path(os.fsdecode(line.rstrip(b"\n")))
                    try:
                        _print_to(page, html)
                    except OSError as exc:  # this page's PDF cannot be put in place (a folder there): the others can
                        print(f"cannot print {html}: {exc}", file=sys.stderr, flush=True)
                        failed = True
        finally:
            browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
