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


def print_pdfs(pages: list[Path]) -> dict[Path, Path]:
    """Print each HTML page to a PDF beside it (written to a temporary name, then renamed); return page -> PDF."""
    from playwright.sync_api import sync_playwright

    done: dict[Path, Path] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        try:
            context = browser.new_context(offline=True)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            page = context.new_page()
            for html in pages:
                pdf = html.with_suffix(".pdf")
                scratch = html.with_name(f".{html.stem}.pdf.tmp")
                page.goto(html.resolve().as_uri(), wait_until="load")
                page.pdf(path=str(scratch), format="A4", print_background=True, prefer_css_page_size=True)
                scratch.replace(pdf)
                done[html] = pdf
        finally:
            browser.close()
    return done
