"""Every report as the committee sees it: headless Chromium, file://, all network blocked.

Drives Debian's /usr/bin/chromium through Playwright (no browser download).
Without a browser these tests skip with instructions, except under CI=true,
where a missing browser fails.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kodaira_analysis.present.style import printed_size_px
from kodaira_analysis.reports.config import load_jobs
from tests.conftest import built_job_names

pytestmark = pytest.mark.notebooks

#: Screenshots of every page: into KODAIRA_SCREENSHOTS when set (e.g. build/screenshots), else a temporary folder,
#: so that two runs at once never write the same file.
SCREENSHOTS_ENV = "KODAIRA_SCREENSHOTS"


def screenshots_dir(tmp_path: Path) -> Path:
    """Where this test's screenshots go (see SCREENSHOTS_ENV)."""
    folder = Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


CJK_FONT = re.compile(r"CJK|JP|Gothic|Mincho|IPA|Hiragino|Meiryo|Yu ", re.I)
#: A4 at 96 CSS px per inch, less the 15 mm margins of report.css.
A4_CONTENT_HEIGHT_PX = (297 - 2 * 15) / 25.4 * 96
A4_CONTENT_WIDTH_PX = (210 - 2 * 15) / 25.4 * 96

#: From the top of an A4 page to the top of its bottom margin (17 mm, the page number), in CSS px.
A4_ABOVE_FOOTER_PX = (297 - 17) / 25.4 * 96

#: Each figure, and each small table (printed whole: report.css), as printed (print media at A4's text width): its caption, the heading right before it (which
#: break-after: avoid keeps with it, '' if none) and the height from that heading's top margin (else the
#: figure's) to the foot of the figure's caption, which must fit one page for both rules to hold.
FIGURE_BLOCKS_JS = """() => {
    const blocks = 'figure.kodaira-figure, .kodaira-table-block.kodaira-table-small';
    const flow = Array.from(document.querySelectorAll('h1, h2, h3, h4, p, li, dt, dd, tr, summary, ' + blocks));
    const px = v => parseFloat(v) || 0;
    return Array.from(document.querySelectorAll(blocks)).map(f => {
        const before = flow[flow.indexOf(f) - 1];
        const heading = before && /^H[1-4]$/.test(before.tagName) ? before : null;
        const start = heading || f;
        const top = start.getBoundingClientRect().top - px(getComputedStyle(start).marginTop);
        const caption = f.querySelector('figcaption, .kodaira-caption');
        const whole = f.querySelector(':scope > .kodaira-table-scroll') || f;  // a table's rows; its notes may run on
        return {caption: caption ? caption.innerText : '', heading: heading ? heading.innerText : '',
                height: whole.getBoundingClientRect().bottom - top};
    });
}"""


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
    screenshots = screenshots_dir(tmp_path)
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
            printed = visit.page.evaluate(
                """Array.from(document.querySelectorAll('figure.kodaira-figure img:not(.kodaira-narrow)')).map(i => {
                    const r = i.getBoundingClientRect();
                    return [i.naturalWidth, i.naturalHeight, r.width, r.height];
                })"""
            )
            # The images printed: a chart's phone variant (present/narrow_chart.py) is never shown in print.
            images = visit.page.evaluate(
                "Array.from(document.images).filter(i => i.getClientRects().length > 0).length"
            )
            blocks = visit.page.evaluate(FIGURE_BLOCKS_JS)
            pdf_path = tmp_path / f"{job.name}.pdf"
            visit.page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            visit.close()
        assert len(boxes) == images, f"{job.name}: {images} images but {len(boxes)} figures"
        for width, height, break_inside in boxes:
            assert break_inside == "avoid", f"{job.name}: a figure may be split across pages"
            assert height <= A4_CONTENT_HEIGHT_PX, f"{job.name}: a figure ({height:.0f}px) is taller than an A4 page"
            assert width <= A4_CONTENT_WIDTH_PX + 1, f"{job.name}: a figure ({width:.0f}px) is wider than A4"
        for natural_w, natural_h, width, height in printed:
            # printed_font_pt (the 8-pt label tests of test_plots and test_peers) reckons with this size.
            expected_w, expected_h = printed_size_px(natural_w, natural_h)
            assert abs(width - expected_w) <= 1 and abs(height - expected_h) <= 1, (
                f"{job.name}: a {natural_w}x{natural_h} px figure prints at {width:.0f}x{height:.0f} px, "
                f"not the {expected_w:.0f}x{expected_h:.0f} px of style.printed_size_px"
            )
        for block in blocks:
            # Taller, Chromium splits the figure from its caption, or leaves the heading at the foot of a page.
            assert block["height"] <= A4_CONTENT_HEIGHT_PX, (
                f"{job.name}: the heading {block['heading']!r} and the figure {block['caption'][:30]!r} after it "
                f"({block['height']:.0f}px) do not fit one A4 page ({A4_CONTENT_HEIGHT_PX:.0f}px)"
            )
        pdf = pdf_path.read_bytes()
        assert pdf.startswith(b"%PDF")
        pages_in_pdf = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert 1 <= pages_in_pdf <= 30, f"{job.name}: {pages_in_pdf} pages"  # 01-ja-research, the longest: 22
        media_boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert media_boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in media_boxes), (
            f"{job.name}: pages are not A4: {media_boxes[:2]}"
        )


PHONE_WIDTH = 400
PAGE_NUMBER = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$", re.M)


def at_phone_width(browser, path: Path, script: str):
    """What ``script`` returns on the page opened offline at PHONE_WIDTH."""
    visit = Visit(browser, path)
    try:
        visit.page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        return visit.page.evaluate(script)
    finally:
        visit.close()


def _poppler_or_skip() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        message = "no pdftotext/pdftoppm: install them with `apt-get install poppler-utils` to check the printed pages"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: a missing tool fails, never skips)")
        pytest.skip(message)


def test_every_page_reads_at_phone_width_without_horizontal_scroll(browser, built_reports, tmp_path):
    out, _, _ = built_reports
    for path in pages(out):
        visit = Visit(browser, path)
        try:
            visit.page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
            closed = visit.page.evaluate("document.documentElement.scrollWidth")
            # The provenance, opened, wraps its hashes too.
            visit.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            opened = visit.page.evaluate("document.documentElement.scrollWidth")
            if path.name != "index.html":
                visit.page.screenshot(path=str(screenshots_dir(tmp_path) / f"{path.stem}-{PHONE_WIDTH}px.png"))
        finally:
            visit.close()
        assert closed <= PHONE_WIDTH, f"{path.name} scrolls sideways at {PHONE_WIDTH} px ({closed} px wide)"
        assert opened <= PHONE_WIDTH, f"{path.name}: the opened provenance is {opened} px wide"


#: The width of an A4 page's text in CSS pixels: 210 mm less the 15 mm margins (report.css @page), at 96 px/inch.
A4_TEXT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)


def test_every_page_fits_the_width_of_a_printed_page(browser, built_reports):
    """Wider content makes Chromium shrink the whole PDF to fit: 00-summary-ja printed at 5.7 pt, in 5 pages to 11."""
    out, _, _ = built_reports
    for path in pages(out):
        visit = Visit(browser, path)
        try:
            visit.page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
            visit.page.emulate_media(media="print")
            wide = visit.page.evaluate(
                """() => [...document.querySelectorAll('table, figure, pre')]
                      .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                      .map(e => (e.querySelector('caption, figcaption') || e).textContent.trim().slice(0, 60))"""
            )
        finally:
            visit.close()
        assert not wide, f"{path.name}: wider than a printed page: {wide}"


def test_provenance_is_folded_and_lists_only_the_files_used(browser, built_reports):
    out, _, _ = built_reports
    visit = Visit(browser, out / "04-reform-progress-ja.html")  # a report that reads neither fiscal tables nor SSDSE-A
    try:
        folded = visit.page.evaluate(
            "Array.from(document.querySelectorAll('details.kodaira-provenance')).map(d => [d.open, d.querySelector('summary').innerText])"
        )
        visible = visit.page.inner_text("body")
        block = visit.page.evaluate("document.querySelector('details.kodaira-provenance').textContent")
    finally:
        visit.close()
    assert folded == [[False, "作成の記録"]]
    assert "SHA-256" not in visible and "program_progress.csv" in block, "folded: in the page, not on screen"
    assert "fiscal_effects.csv" not in block and "SSDSE-A" not in block, "only the files this report read"


def print_to_pdf(browser, path: Path, pdf_path: Path) -> tuple[list[str], list[dict]]:
    """Print a page to an A4 PDF as Chromium prints it; return the texts of its headings and its figures'
    layout at A4's text width (FIGURE_BLOCKS_JS)."""
    visit = Visit(browser, path, media="print")
    try:
        headings = visit.page.evaluate(
            "Array.from(document.querySelectorAll('h1, h2, h3, .kodaira-caption, summary, .kodaira-glossary dt')).map(h => h.innerText)"
        )
        visit.page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
        visit.page.set_viewport_size({"width": int(A4_CONTENT_WIDTH_PX), "height": int(A4_CONTENT_HEIGHT_PX)})
        figures = visit.page.evaluate(FIGURE_BLOCKS_JS)
    finally:
        visit.close()
    return [h for h in headings if h.strip()], figures


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory):
    """Each page printed once for the checks of the printed pages: path -> (headings, figures, PDF path)."""
    folder = tmp_path_factory.mktemp("printed")
    done: dict[Path, tuple[list[str], list[dict], Path]] = {}

    def get(path: Path) -> tuple[list[str], list[dict], Path]:
        if path not in done:
            pdf_path = folder / f"{path.stem}.pdf"
            headings, figures = print_to_pdf(browser, path, pdf_path)
            done[path] = (headings, figures, pdf_path)
        return done[path]

    return get


def pdf_page_texts(pdf_path: Path, html_path: Path | None = None) -> list[str]:
    """The text of each page of a PDF, line by line from top to bottom as printed (pdftotext -layout).

    The layout mode keeps lines in page order; the default reading order can move a run of Japanese
    inside a line of code to the end of the page. Given the page's HTML, the running header it prints
    (the report's title atop every page after the first) is checked and left out of those pages' text.
    """
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True, check=True
    )
    texts = text.stdout.split("\f")[:-1]
    header = running_header(html_path) if html_path is not None else None
    if header is None:
        return texts
    squeezed = re.sub(r"\s+", "", header)
    for number in range(1, len(texts)):
        first, _, rest = texts[number].lstrip().partition("\n")
        assert re.sub(r"\s+", "", first).startswith(squeezed), f"{pdf_path.name} page {number + 1}: no running header"
        texts[number] = re.sub(r"\s+", "", first)[len(squeezed) :] + "\n" + rest
    return texts


def running_header(html_path: Path) -> str | None:
    """The title a report's print stylesheet puts atop its pages (None for a page without one)."""
    found = re.search(r'@top-left \{ content: "((?:[^"\\]|\\.)*)"', html_path.read_text(encoding="utf-8"))
    return re.sub(r"\\(.)", r"\1", found[1]) if found else None


def ink_depth(pdf_path: Path, tmp_path: Path) -> list[float]:
    """How far down each page its content reaches, as a share of the page above the footer (0 to 1)."""
    import subprocess

    stem = tmp_path / pdf_path.stem
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf_path), str(stem)], check=True)
    depths = []
    for image in sorted(tmp_path.glob(f"{pdf_path.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        _magic, size, _, pixels = image.read_bytes().split(b"\n", 3)
        width, height = map(int, size.split())
        footer = int(height * (1 - 17 / 297))  # the bottom margin holds the page number
        rows = [y for y in range(footer) if min(pixels[y * width : (y + 1) * width]) < 200]
        depths.append(max(rows) / footer if rows else 0.0)
    return depths


def test_printed_pages_are_numbered_and_never_end_with_a_heading(printed, built_reports):
    _poppler_or_skip()
    out, _, _ = built_reports
    for path in pages(out):
        printed_headings, _, pdf_path = printed(path)
        headings = [re.sub(r"\s+", "", h) for h in printed_headings]
        texts = pdf_page_texts(pdf_path, path)
        for number, text in enumerate(texts, start=1):
            footer = PAGE_NUMBER.findall(text)
            assert (str(number), str(len(texts))) in footer, f"{path.name} page {number}: no '{number} / {len(texts)}'"
            lines = [re.sub(r"\s+", "", line) for line in PAGE_NUMBER.sub("", text).splitlines()]
            lines = [line for line in lines if line]
            # The page's last one to three lines, joined: a heading printed alone at the foot (wrapped or not).
            tails = {"".join(lines[-n:]) for n in (1, 2, 3)}
            alone = [h for h in headings if h in tails]
            assert not alone, f"{path.name} page {number} ends with the heading {alone[0]!r}"
            # A heading's year range is never broken after its hyphen ('FY2005-' / 'FY2021', 01-en's long run).
            for line in text.splitlines():
                broken = re.sub(r"\s+", "", line)
                if re.search(r"FY\d{4}-$", broken) and any(broken in h for h in headings):
                    raise AssertionError(f"{path.name} page {number}: a heading's range broken at {line.strip()!r}")
        if path.name != "index.html":
            # The provenance as a short colophon after the text, on the last page; no checksum printed (issue 28).
            starts = [i for i, t in enumerate(texts) if re.search(r"^\s*(作成の記録|Provenance)\s*$", t, re.M)]
            assert starts == [len(texts) - 1], f"{path.name}: the colophon is on pages {starts} of {len(texts)}"
            assert all("SHA-256" not in t for t in texts), f"{path.name}: the PDF prints checksums"


#: How much of the space left at the foot of a page a figure's own margins and the last line's leading may
#: take (CSS px): a figure shorter than the space left by more than this would have fitted.
FOOT_SLACK_PX = 40


def test_printed_pages_are_not_left_half_empty(printed, built_reports, tmp_path):
    """Every page of a committee report before its last content page is at least half full.

    A figure is never split, so one taller than the space left at the foot of a page leaves the page part
    empty, and only such a figure may: the next page must open with it, and it must be taller than the space
    left. In a committee report that happens once: 01-fiscal-trends-ja, before MIC's five-indicator figure
    (five panels over FY2005-FY2021, more than half a page drawn), page 11 46% full (2026-12-06).

    A research report (code kept; the runner prints no PDF of it) may still leave a page part empty before a
    figure too tall for the space left. The one case: 01-fiscal-trends-ja-research page 3 is 42% full, its
    code cell followed by Figure 2, the targets grid (3 rows of 2 panels, 8.2 in drawn: 860 px with its
    caption), and 614 px left. To fit, the grid would be drawn about 5.5 in tall, the two-line year ticks
    under each panel then taking half of it, in the committee's reports too, which do not need it.
    """
    _poppler_or_skip()
    out, _, _ = built_reports
    for job in [j for j in load_jobs() if j.name in built_job_names()]:
        _, figures, pdf_path = printed(out / f"{job.name}.html")
        texts = pdf_page_texts(pdf_path, out / f"{job.name}.html")
        depths = ink_depth(pdf_path, tmp_path)
        content_pages = len(texts)  # the colophon follows the text on the last page
        for number in range(1, content_pages):
            if depths[number - 1] >= 0.5:
                continue
            next_page = re.sub(r"\s+", "", texts[number])
            # A figure's image has no text: the next page's text opens with its heading, else its caption.
            keys = [(f, re.sub(r"\s+", "", f["heading"] or f["caption"])[:20]) for f in figures]
            opening = [f for f, key in keys if key and next_page.startswith(key)]
            assert opening, (
                f"{job.name} page {number} is {depths[number - 1]:.0%} full and the next page opens with "
                f"{next_page[:40]!r}, not a figure that could not fit"
            )
            space_left = (1 - depths[number - 1]) * A4_ABOVE_FOOTER_PX
            height = opening[0]["height"]
            assert height > space_left - FOOT_SLACK_PX, (
                f"{job.name} page {number} is {depths[number - 1]:.0%} full, yet the figure that opens the next "
                f"page ({opening[0]['caption'][:30]!r}, {height:.0f}px) would fit in the {space_left:.0f}px left"
            )


def test_index_tables_read_as_cards_at_phone_width(browser, built_reports):
    """At phone width every cell of the index's tables (a target's status, whose verdict) is on screen, under
    its column's name: a committee member's first screen, which scrolled sideways and hid them (2026-11-27)."""
    out, _, _ = built_reports
    cells = at_phone_width(
        browser,
        out / "index.html",
        "Array.from(document.querySelectorAll('table.kodaira-cards td')).map(td => {"
        " const box = td.getBoundingClientRect();"
        " return [td.dataset.label || '', box.left, box.right, getComputedStyle(td, '::before').content]; })",
    )
    labels = {label for label, *_ in cells}
    assert {"評価 Verdict", "判断の主体 Whose verdict", "日本語", "English"} <= labels, labels
    for label, left, right, before in cells:
        assert 0 <= left and right <= PHONE_WIDTH, f"{label!r} cell at {left:.0f}-{right:.0f} px"
        assert label in before, f"{label!r} is not shown above its cell ({before})"


def test_index_tables_stay_in_the_page_column_on_a_desktop(browser, built_reports):
    """At 1280 px each table of the index lies inside the column of the page's text (the targets table was
    108 px wider, its two-language cells unbreakable under keep-all; fifth read-through, 2026-12-06)."""
    out, _, _ = built_reports
    visit = Visit(browser, out / "index.html")
    try:
        visit.page.set_viewport_size({"width": 1280, "height": 900})
        column, tables = visit.page.evaluate(
            "[(() => { const b = (document.querySelector('main') || document.body).getBoundingClientRect();"
            " const s = getComputedStyle(document.querySelector('main') || document.body);"
            " return [b.left + parseFloat(s.paddingLeft), b.right - parseFloat(s.paddingRight)]; })(),"
            " Array.from(document.querySelectorAll('table')).map(t => {"
            " const r = t.getBoundingClientRect(); return [t.caption ? t.caption.innerText : '', r.left, r.right]; })]"
        )
    finally:
        visit.close()
    assert len(tables) >= 2, tables
    for caption, left, right in tables:
        assert column[0] - 1 <= left and right <= column[1] + 1, (
            f"index table {caption[:40]!r} at {left:.0f}-{right:.0f} px, the column at {column[0]:.0f}-{column[1]:.0f} px"
        )


def test_glossary_terms_are_whole_at_phone_width(browser, built_reports):
    """A Japanese term stays on one line (経常収支比率 broke inside the word, in the lab template's 20% column
    at 400 px). English terms may wrap between words."""
    out, _, _ = built_reports
    seen: list[str] = []
    for name in (n for n in built_job_names() if n.endswith("-ja")):
        terms = at_phone_width(
            browser,
            out / f"{name}.html",
            "Array.from(document.querySelectorAll('.kodaira-glossary dt')).map(dt => {"
            " const range = document.createRange(); range.selectNodeContents(dt);"
            " const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));"
            " return [dt.innerText, tops.size]; })",
        )
        seen += [term for term, _ in terms]
        broken = [term for term, lines in terms if lines > 1]
        assert not broken, f"{name}: glossary terms on more than one line at {PHONE_WIDTH} px: {broken}"
    assert "経常収支比率" in seen, seen
