"""Every report as the committee sees it: headless Chromium, file://, all network blocked.

Drives Debian's /usr/bin/chromium through Playwright (no browser download).
Without a browser these tests skip with instructions, except under CI=true,
where a missing browser fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kodaira_analysis.reports.config import load_jobs
from tests.conftest import built_job_names

pytestmark = pytest.mark.notebooks

#: Screenshots of every page: into KODAIRA_SCREENSHOTS when set (e.g. build/screenshots), else a temporary folder,
#: so that two runs at once never write the same file.
SCREENSHOTS_ENV = "KODAIRA_SCREENSHOTS"
CJK_FONT = re.compile(r"CJK|JP|Gothic|Mincho|IPA|Hiragino|Meiryo|Yu ", re.I)
#: A4 at 96 CSS px per inch, less the 15 mm margins of report.css.
A4_CONTENT_HEIGHT_PX = (297 - 2 * 15) / 25.4 * 96
A4_CONTENT_WIDTH_PX = (210 - 2 * 15) / 25.4 * 96


class Visit:
    """A page opened offline, with every console error and failed or blocked request recorded."""

    def __init__(self, browser, path: Path, *, media: str = "screen") -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 1400}, service_workers="block")
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        if media != "screen":
            self.page.emulate_media(media=media)
        self.page.goto(path.as_uri(), wait_until="load")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")

    def close(self) -> None:
        self.context.close()


def pages(out: Path) -> list[Path]:
    return [out / "index.html", *[out / f"{name}.html" for name in built_job_names()]]


def test_pages_load_offline_without_errors(browser, built_reports, tmp_path):
    out, code, _ = built_reports
    assert code == 0
    screenshots = Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path
    screenshots.mkdir(parents=True, exist_ok=True)
    for path in pages(out):
        visit = Visit(browser, path)
        try:
            assert visit.blocked == [], f"{path.name} asked the network for {visit.blocked[:3]}"
            assert visit.failed == [], f"{path.name}: failed requests {visit.failed[:3]}"
            assert visit.console == [], f"{path.name}: console errors {visit.console[:3]}"
            images = visit.page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
            for complete, width, alt in images:
                assert complete and width > 0, f"{path.name}: an image does not decode"
                assert alt.strip(), f"{path.name}: an image without alt text"
            visit.page.screenshot(path=str(screenshots / f"{path.stem}.png"), full_page=True)
        finally:
            visit.close()


def test_every_link_resolves(browser, built_reports):
    out, _, _ = built_reports
    for path in pages(out):
        visit = Visit(browser, path)
        try:
            hrefs = visit.page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        finally:
            visit.close()
        for href in hrefs:
            parsed = urlparse(href)
            assert parsed.scheme == "file", f"{path.name} links outside: {href}"
            assert Path(unquote(parsed.path)).is_file(), f"{path.name} links to a missing file: {href}"
        if path.name == "index.html":
            assert len(hrefs) >= len(built_job_names())


def test_committee_reports_show_no_code(browser, built_reports):
    out, _, _ = built_reports
    for job in [j for j in load_jobs() if j.name in built_job_names()]:
        visit = Visit(browser, out / f"{job.name}.html")
        try:
            code_cells = visit.page.evaluate(
                "document.querySelectorAll('.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .jp-CodeMirrorEditor').length"
            )
            visible_text = visit.page.inner_text("body")
        finally:
            visit.close()
        if job.audience == "committee":
            assert code_cells == 0, f"{job.name}: {code_cells} code or prompt elements"
            assert "import kodaira_analysis" not in visible_text
        else:
            assert code_cells > 0


def used_fonts(visit: Visit, selector: str) -> list[tuple[str, int]]:
    """The fonts Chromium really used for an element's text (CSS.getPlatformFontsForNode)."""
    cdp = visit.context.new_cdp_session(visit.page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector}"
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [(f["familyName"], f["glyphCount"]) for f in fonts]


def test_japanese_headings_render_in_a_japanese_font(browser, built_reports):
    out, _, _ = built_reports
    for job in [j for j in load_jobs() if j.lang == "ja" and j.name in built_job_names()]:
        visit = Visit(browser, out / f"{job.name}.html")
        try:
            fonts = used_fonts(visit, "h1")
        finally:
            visit.close()
        assert fonts, f"{job.name}: no font reported"
        family, _ = max(fonts, key=lambda f: f[1])
        assert CJK_FONT.search(family), f"{job.name}: the heading was drawn in {fonts}, not a Japanese font"
    visit = Visit(browser, out / "index.html")
    try:
        family, _ = max(used_fonts(visit, "h1"), key=lambda f: f[1])
    finally:
        visit.close()
    assert CJK_FONT.search(family)


def test_printing_to_a4_keeps_every_figure_whole(browser, built_reports, tmp_path):
    out, _, _ = built_reports
    for job in [j for j in load_jobs() if j.name in built_job_names()]:
        visit = Visit(browser, out / f"{job.name}.html", media="print")
        try:
            visit.page.set_viewport_size({"width": int(A4_CONTENT_WIDTH_PX), "height": int(A4_CONTENT_HEIGHT_PX)})
            boxes = visit.page.evaluate(
                """Array.from(document.querySelectorAll('figure.kodaira-figure')).map(f => {
                    const r = f.getBoundingClientRect();
                    return [r.width, r.height, getComputedStyle(f).breakInside];
                })"""
            )
            pdf_path = tmp_path / f"{job.name}.pdf"
            visit.page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            visit.close()
        assert boxes, f"{job.name}: no figure"
        for width, height, break_inside in boxes:
            assert break_inside == "avoid", f"{job.name}: a figure may be split across pages"
            assert height <= A4_CONTENT_HEIGHT_PX, f"{job.name}: a figure ({height:.0f}px) is taller than an A4 page"
            assert width <= A4_CONTENT_WIDTH_PX + 1, f"{job.name}: a figure ({width:.0f}px) is wider than A4"
        pdf = pdf_path.read_bytes()
        assert pdf.startswith(b"%PDF")
        pages_in_pdf = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert 1 <= pages_in_pdf <= 20, f"{job.name}: {pages_in_pdf} pages"
        media_boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert media_boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in media_boxes), (
            f"{job.name}: pages are not A4: {media_boxes[:2]}"
        )
