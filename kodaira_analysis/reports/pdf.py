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


def available() -> str:
    """'' when PDFs can be printed here, else the reason they cannot."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install 'kodaira-analysis[pdf]')"
    if find_chromium() is None:
        return "no Chromium found (apt-get install chromium, or set KODAIRA_CHROMIUM)"
    return ""


def print_pdfs(pages: list[Path], *, timeout: float = 600) -> dict[Path, Path]:
    """Print each HTML page to a PDF beside it; return page -> PDF.

    The printing runs in a child process (Playwright's own event loop stays out of the runner, and out of
    a process that already drives a browser), with a temporary folder of its own that is removed after,
    so Chromium leaves nothing in the system's /tmp.
    """
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kodaira-pdf-") as scratch:
        env = {**os.environ, "TMPDIR": scratch, "HOME": os.environ.get("HOME", scratch)}
        subprocess.run(
            [sys.executable, "-m", "kodaira_analysis.reports.pdf", *map(str, pages)],
            env=env,
            check=True,
            timeout=timeout,
            capture_output=True,
        )
    return {page: page.with_suffix(".pdf") for page in pages if page.with_suffix(".pdf").is_file()}


def _print_here(pages: list[Path]) -> None:
    """Print each page with one browser (run by print_pdfs in a child process)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        try:
            context = browser.new_context(offline=True)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page = context.new_page()
            for html in pages:
                scratch = html.with_name(f".{html.stem}.pdf.tmp")
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.pdf(path=str(scratch), format="A4", print_background=True, prefer_css_page_size=True)
                scratch.replace(html.with_suffix(".pdf"))
        finally:
            browser.close()


if __name__ == "__main__":
    import sys

    _print_here([Path(arg) for arg in sys.argv[1:]])
