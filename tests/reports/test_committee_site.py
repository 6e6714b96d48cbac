"""Issue 28 items 3 and 4: links that travel with a copy; phones and print that show everything.

Four reports are built once (the summary and 01, in both languages; 04 and 05 with the charts the
committee found too small when SSDSE-A is here), then copied, as a member would, into another folder.
Every link is followed there in Chromium and in the PDFs; at 400 px every table cell and every chart's
smallest text is measured; the PDFs are checked for tags, an outline, fonts and the colophon.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kodaira_analysis import paths
from kodaira_analysis.page.links import LINKS_CSS
from kodaira_analysis.page.narrow import MIN_TEXT_PX, ChartText, chart_text
from kodaira_analysis.present.narrow_chart import NARROW_DPI
from tests.conftest import build_reports
from tests.reports.pdfs import pdf_links

pytestmark = pytest.mark.notebooks

PAIR = ["01-fiscal-trends-ja", "01-fiscal-trends-en"]
SUMMARY = ["00-summary-ja", "00-summary-en"]
#: 05's charts need SSDSE-A in data/external (`make external-data`); the build skips the job without it.
CHARTS = ["04-reform-progress-ja", *(["05-tama-peers-ja"] if (paths.EXTERNAL_DIR / "ssdse-a").is_dir() else [])]
PHONE = 400


@pytest.fixture(scope="module")
def site(tmp_path_factory, build_kernel) -> Path:
    out = tmp_path_factory.mktemp("site") / "reports"
    code, printed = build_reports(out, "--only", *PAIR, *SUMMARY, *CHARTS)
    assert code == 0, printed.err[-2000:]
    for name in PAIR + SUMMARY + CHARTS:
        assert (out / f"{name}.pdf").is_file(), f"no PDF of {name}: {printed.err[-1000:]}"
    return out


def _poppler_or_skip() -> None:
    if not (shutil.which("pdfinfo") and shutil.which("pdffonts") and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail("no pdfinfo/pdffonts/pdftotext (poppler-utils)")
        pytest.skip("no pdfinfo/pdffonts/pdftotext: apt-get install poppler-utils")


def _open(browser, path: Path, width: int = 1100):
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return context, page


def _copy(site: Path, names: list[str], folder: Path, *, pdfs: bool = True) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        for suffix in (".html", ".pdf") if pdfs else (".html",):
            shutil.copy2(site / f"{name}{suffix}", folder / f"{name}{suffix}")
    return folder


#: Every link a reader can follow: shown (a link hidden by the page's CSS is no link to a reader, see links.py).
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).filter(a => a.getClientRects().length > 0).map(a => {
    const raw = a.getAttribute('href');
    // As a browser finds a fragment: the id as written, else as decoded (nbconvert's heading ids are percent-encoded).
    const id = raw.startsWith('#') ? raw.slice(1) : null;
    return [raw, a.href, id === null ? null
        : document.getElementById(id) !== null || document.getElementById(decodeURIComponent(id)) !== null];
})"""


def test_every_html_link_of_a_copied_pair_resolves_inside_the_copy(browser, site, tmp_path):
    """Both languages and the index copied elsewhere: every link stays in the page or in the copy."""
    copy = _copy(site, PAIR, tmp_path / "member")
    for kept in ("index.html", LINKS_CSS):  # the folder as the runner wrote it, its stylesheet of links included
        shutil.copy2(site / kept, copy / kept)
    for name, other in (PAIR, PAIR[::-1]):
        context, page = _open(browser, copy / f"{name}.html")
        try:
            links = page.evaluate(LINKS_JS)
        finally:
            context.close()
        assert any(raw.startswith("#figure-") for raw, _, _ in links), f"{name}: no figure link"
        assert {"index.html", f"{other}.html"} <= {raw for raw, _, _ in links}, f"{name}: the folder's links are off"
        for raw, resolved, target_found in links:
            assert not urlsplit(raw).scheme and not raw.startswith("/"), f"{name}: absolute link {raw}"
            if target_found is not None:
                assert target_found, f"{name}: {raw} names no element of the page"
                continue
            path = Path(unquote(urlsplit(resolved).path))
            assert path.parent == copy and path.is_file(), f"{name}: {raw} leads to {path}, not a file of the copy"


def test_a_page_travelling_alone_keeps_its_figures_and_its_links_turn_to_text(browser, site, tmp_path):
    """One HTML page alone: its figures and in-page links work; a link to a page not beside it is plain text."""
    copy = _copy(site, PAIR[:1], tmp_path / "alone", pdfs=False)
    context, page = _open(browser, copy / f"{PAIR[0]}.html", width=PHONE)
    try:
        links = page.evaluate(LINKS_JS)
        texts = page.evaluate(
            "Array.from(document.querySelectorAll('.kodaira-xtext')).filter(t => t.getClientRects().length > 0)"
            ".map(t => t.innerText)"
        )
        figure_links = [raw for raw, _, _ in links if raw.startswith("#figure-")]
        page.click(f'a[href="{figure_links[0]}"]')
        widths = page.evaluate(
            f"() => {{ const i = document.querySelector('{figure_links[0]} img'); return [i.complete, i.naturalWidth,"
            " i.getBoundingClientRect().width]; }"
        )
    finally:
        context.close()
    complete, natural, shown = widths
    assert complete and natural > 0
    assert shown > PHONE, f"the figure opened at full size is {shown:.0f} px wide, not wider than the phone"
    outside = [raw for raw, _, found in links if found is None]
    assert outside == [], f"links that lead out of a page copied alone: {outside}"
    # The language switch is still there, as text naming the file it would open; "← All reports" is not (no index
    # beside the page: the header names none).
    assert not any("index.html" in t for t in texts) and any(f"{PAIR[1]}.html" in t for t in texts), texts


def test_a_folder_holding_only_some_pages_links_only_to_those(browser, site, tmp_path):
    """The stylesheet lists the pages of its folder: a folder without the other language keeps that link as text."""
    from kodaira_analysis.reports.links import folder_pages, stylesheet

    copy = _copy(site, PAIR[:1], tmp_path / "part", pdfs=False)
    shutil.copy2(site / "index.html", copy / "index.html")
    (copy / LINKS_CSS).write_text(stylesheet(folder_pages(copy)), encoding="utf-8")
    context, page = _open(browser, copy / f"{PAIR[0]}.html")
    try:
        links = {raw for raw, _, _ in page.evaluate(LINKS_JS)}
    finally:
        context.close()
    assert "index.html" in links and f"{PAIR[1]}.html" not in links, links


def test_every_pdf_link_is_relative_and_the_language_link_opens_the_other_pdf(site, tmp_path):
    _poppler_or_skip()
    copy = _copy(site, PAIR, tmp_path / "member")
    for name, other in (PAIR, PAIR[::-1]):
        pdf = copy / f"{name}.pdf"
        urls = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "file:" not in urls and str(site) not in urls, urls
        assert "file:" not in pdf.read_bytes().decode("latin-1"), f"{name}.pdf names a file:// URL"
        links = pdf_links(pdf)
        # every link to a PDF opens the other language's (a link set on two lines is two annotations of one target)
        assert {link.target for link in links if link.kind == "pdf"} == {f"{other}.pdf"}, links
        for link in links:
            if link.kind in ("pdf", "uri") and not link.target.startswith(("http:", "https:")):
                target = copy / urlsplit(link.target).path
                assert link.kind != "uri" or target.name == "index.html" or target.is_file(), link
                assert not Path(link.target).is_absolute(), link
        assert (copy / f"{other}.pdf").is_file()
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # A PDF read alone says which file its language link opens (a PDF cannot tell whether it is beside it).
        assert f"{other}.pdf" in text, text[:600]


STACK_JS = """() => Array.from(document.querySelectorAll('table.kodaira-table')).map(t =>
    Array.from(t.querySelectorAll('tbody td, tbody th')).map(c => {
        const box = c.getBoundingClientRect();
        return [c.dataset.label || '', box.left, box.right, box.width, getComputedStyle(c, '::before').content,
                t.classList.contains('kodaira-stack')];
    }))"""


@pytest.mark.parametrize("name", [*SUMMARY, *CHARTS])  # 04: row groups (rowspan); 05: 3-column rankings kept
def test_report_tables_show_every_column_at_400_px(browser, site, name, tmp_path):
    context, page = _open(browser, site / f"{name}.html", width=PHONE)
    try:
        tables = page.evaluate(STACK_JS)
        page.screenshot(path=str(tmp_path / f"{name}-400.png"), full_page=True)
    finally:
        context.close()
    assert tables
    labels = {label for table in tables for label, *_ in table}
    if name in SUMMARY:
        verdict, whose = ("評価", "判断の主体") if name.endswith("ja") else ("Verdict", "Whose verdict")
        assert any(verdict in label for label in labels) and any(whose in label for label in labels), labels
    for table in tables:
        for label, left, right, width, before, stacked in table:
            assert 0 <= left and right <= PHONE, f"{name}: {label!r} at {left:.0f}-{right:.0f} px"
            if stacked:  # a table kept as a table (three short columns) fits as it is
                assert label and width > 0 and label in before, f"{name}: {label!r} not shown above its cell"


#: The image each figure shows (the chart, or its phone's variant): its class, shown width and natural width.
FIGURES_JS = """() => Array.from(document.querySelectorAll('figure.kodaira-figure')).map(f => {
    const shown = Array.from(f.querySelectorAll('img')).filter(i => i.getClientRects().length > 0);
    return [f.id, shown.length, ...(shown.length ? [shown[0].className, shown[0].getBoundingClientRect().width,
            shown[0].naturalWidth] : [])];
})"""


def test_every_chart_label_is_at_least_9_px_at_400_px(browser, site):
    measured = []
    for name in PAIR + CHARTS:
        context, page = _open(browser, site / f"{name}.html", width=PHONE)
        try:
            shown = page.evaluate(FIGURES_JS)
        finally:
            context.close()
        assert shown, name
        for number, (anchor, count, kind, width, natural) in enumerate(shown, start=1):
            assert count == 1, f"{name} {anchor}: {count} images shown"
            svg = (site / "figures" / name / f"figure-{number:02d}.svg").read_text(encoding="utf-8")
            text = chart_text(svg)
            assert text is not None, f"{name} {anchor}: no text in its SVG"
            if kind == "kodaira-narrow":  # drawn again narrower, its labels at the same point sizes
                text = ChartText(natural * 72 / NARROW_DPI, text.smallest)
            measured.append((name, anchor, kind, round(text.text_px(width), 2)))
            assert width <= natural, f"{name} {anchor}: shown {width:.0f} px, wider than its {natural} px image"
    small = [m for m in measured if m[3] < MIN_TEXT_PX - 0.05]
    assert not small, small
    narrow = [m for m in measured if m[2] == "kodaira-narrow"]
    assert narrow, "no chart has a phone's variant"
    print(f"{len(narrow)} of {len(measured)} charts shown as their phone's variant: {measured}")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", PAIR + SUMMARY)
def test_pdfs_are_tagged_with_an_outline_text_fonts_and_a_short_colophon(site, name):
    _poppler_or_skip()
    from pypdf import PdfReader

    pdf = site / f"{name}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M), info
    assert PdfReader(pdf).outline, f"{name}.pdf has no outline"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" not in fonts, fonts
    # Bold text (headings, captions, the colophon's labels) printed in a bold face of its own, embedded as text.
    if (
        shutil.which("fc-list")
        and "BIZ UDPGothic" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    ):
        assert re.search(r"^\S*BIZUDPGothic-Bold\s+CID TrueType", fonts, re.M), fonts
    elif os.environ.get("CI") == "true":
        pytest.fail("no BIZ UDPGothic: apt-get install fonts-morisawa-bizud-gothic (the PDFs' bold face)")
    text = _pdf_text(pdf)
    top = text.split("\f")[0]
    released = (
        ("作成日：", "kodaira-analysis プロジェクト", "連絡先：")
        if name.endswith("ja")
        else ("Created:", "kodaira-analysis project", "Contact:")
    )
    assert all(words in top for words in released), top[:800]
    assert "SHA-256" not in text and "Packages" not in text and "パッケージ" not in text
    pages = text.split("\f")
    colophon = next(i for i, p in enumerate(pages) if ("作成の記録" in p or "Provenance" in p))
    assert colophon == len([p for p in pages if p.strip()]) - 1
    assert len(pages[colophon].strip().splitlines()) > 12, "the colophon stands alone on a page of its own"


def test_the_printer_rewrites_every_kind_of_link(tmp_path):
    """Each kind of link a page may print, through the real printer: none keeps a path of this machine."""
    from kodaira_analysis.reports import pdf

    if pdf.available():
        pytest.skip(pdf.available())
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    page = folder / "a-ja.html"
    page.write_text(
        '<!DOCTYPE html><html lang="ja"><body><h1 id="top">見出し</h1>'
        '<p><a href="a-en.html">English</a> <a href="index.html">一覧</a> <a href="sub/x.png">図</a> '
        '<a href="a-en.html#part">節</a> <a href="#top">上へ</a> <a href="a-ja.html">この頁</a> '
        '<a href="/etc/hosts">外</a> <a href="../outside.html">外2</a> <a href="https://example.org/">web</a></p>'
        "</body></html>",
        encoding="utf-8",
    )
    printer = pdf.Printer(tmp_path)
    assert printer.print([page], timeout=180) == {page: page.with_suffix(".pdf")}
    links = pdf_links(page.with_suffix(".pdf"))
    kinds = sorted((link.kind, link.target) for link in links)
    assert ("pdf", "a-en.pdf") in kinds and ("pdf", "a-en.pdf#part") in kinds, kinds
    assert ("uri", "index.html") in kinds and ("uri", "sub/x.png") in kinds, kinds
    assert ("uri", "https://example.org/") in kinds, kinds
    assert ("internal", "") in kinds, kinds  # #top: Chromium's own link inside the document
    assert kinds.count(("none", "")) == 3, kinds  # the page itself, /etc/hosts, ../outside.html: plain text
    assert "file:" not in page.with_suffix(".pdf").read_bytes().decode("latin-1")


def test_without_pypdf_no_pdf_is_printed_and_the_reason_names_it(monkeypatch):
    """A PDF whose links could not be made relative would name this machine's folders: none is printed."""
    import importlib.util

    from kodaira_analysis.reports import pdf

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pypdf" else real(name, *a))
    if real("playwright") is None:
        pytest.skip("Playwright is not installed")
    assert pdf.available().startswith("pypdf is not installed")
