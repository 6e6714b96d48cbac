"""The header's "← All reports" shows only where an index.html is beside the page (the folder's kodaira-links.css
lists it), never as text naming an index that is not there (a render's --out folder, a page copied alone)."""

from __future__ import annotations

import nbformat
import pytest

from kodaira_analysis.page.exporter import KodairaExporter
from kodaira_analysis.page.links import LINKS_CSS
from kodaira_analysis.reports.links import folder_pages, stylesheet
from tests.page.test_exporter import executed_notebook

SHOWN_JS = """() => Array.from(document.querySelectorAll('.kodaira-back a, .kodaira-back .kodaira-xtext'))
  .filter(e => e.getClientRects().length > 0).map(e => e.tagName + ':' + e.innerText)"""
OTHER_LANGUAGE_JS = """() => Array.from(document.querySelectorAll('.kodaira-xtext'))
  .filter(e => e.getClientRects().length > 0).map(e => e.innerText)"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    executed = tmp_path_factory.mktemp("nb") / "02-staffing-levels-en.ipynb"
    nbformat.write(executed_notebook("en"), executed)
    html, _ = KodairaExporter().from_filename(str(executed))
    return html


def _shown(browser, folder, name: str) -> tuple[list[str], list[str]]:
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto((folder / name).as_uri())
        return tab.evaluate(SHOWN_JS), tab.evaluate(OTHER_LANGUAGE_JS)
    finally:
        context.close()


@pytest.mark.parametrize("with_css", [False, True], ids=["alone", "render-out-with-its-own-stylesheet"])
def test_without_an_index_the_header_names_none(browser, page, tmp_path, with_css):
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    if with_css:
        (tmp_path / LINKS_CSS).write_text(stylesheet(folder_pages(tmp_path)), encoding="utf-8")
    back, texts = _shown(browser, tmp_path, "report.html")
    assert back == []
    assert any("01-fiscal-trends-ja.html" in t for t in texts), "another page not beside it is still named as text"


def test_beside_an_index_the_header_links_it(browser, page, tmp_path):
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>index</p>", encoding="utf-8")
    (tmp_path / LINKS_CSS).write_text(stylesheet(folder_pages(tmp_path)), encoding="utf-8")
    back, _ = _shown(browser, tmp_path, "report.html")
    assert back == ["A:← All reports"]
