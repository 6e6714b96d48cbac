"""A heading's fiscal-year range kept whole, and the heading free to wrap between words (a 400 px screen).

nbconvert's renderer, with images embedded, read each inline tag alone and emptied the ``kodaira-nobreak`` span
(``present/markdown.keep_ranges_whole``); the allowlist then stretched it to the heading's end, so 01-en's
"The plan period (FY2017-FY2020) in later official data" could not wrap and ran past a phone's edge.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from kodaira_analysis.page.exporter import KodairaExporter
from kodaira_analysis.page.sanitize import clean
from kodaira_analysis.present.markdown import keep_ranges_whole, markdown
from kodaira_analysis.topics.period_fiscal import HEADING

HEADINGS = [
    HEADING.en,
    "## How the plan period (FY2017-FY2020) went",
    "## The long run: MIC's five main indicators, FY2005-FY2021",
    "### The five main indicators in the plan period and the year each side of it (FY2016-FY2021)",
]
SPAN = re.compile(r'<span class="kodaira-nobreak">([^<]*)</span>')


def rendered(source: str) -> str:
    """``source`` as a page holds it: the exporter's Markdown filter, then the allowlist."""
    return clean(KodairaExporter().markdown2html({}, str(keep_ranges_whole(markdown(source)))))


@pytest.mark.parametrize("source", HEADINGS)
def test_the_span_holds_the_range_and_nothing_else(source: str) -> None:
    html = rendered(source)
    assert SPAN.findall(html) == re.findall(r"FY\d{4}-FY\d{4}", source), html
    assert html.count("<span") == html.count("</span>") == 1
    assert re.sub(r"<[^>]+>", "", html).rstrip("¶") == source.lstrip("# ")  # no word lost or moved


def test_other_inline_tags_survive_and_an_image_is_still_embedded(tmp_path) -> None:
    html = KodairaExporter().markdown2html({}, "a <small>b</small> c <b>d</b>")
    assert "<small>b</small> c <b>d</b>" in html
    image = tmp_path / "x.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    page = KodairaExporter().markdown2html({"resources": {"metadata": {"path": str(tmp_path)}}}, 'a <img src="x.png">')
    assert "data:image/png;base64," in page


def test_a_long_heading_wraps_inside_a_phone_screen(browser, tmp_path) -> None:
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell(str(keep_ranges_whole(markdown(source)))) for source in HEADINGS]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["papermill"] = {"input_path": "01-fiscal-trends.ipynb", "parameters": {"lang": "en"}}
    page = tmp_path / "page.html"
    page.write_text(KodairaExporter().from_notebook_node(nb)[0], encoding="utf-8")
    context = browser.new_context(viewport={"width": 400, "height": 800})
    try:
        view = context.new_page()
        view.goto(page.as_uri())
        boxes = view.evaluate(
            """() => Array.from(document.querySelectorAll('h2, h3')).map(h => {
                const span = h.querySelector('.kodaira-nobreak'), r = h.getBoundingClientRect();
                const s = span.getClientRects();
                return {text: h.innerText, right: Math.max(...Array.from(h.getClientRects()).map(x => x.right),
                        span.getBoundingClientRect().right), width: document.documentElement.clientWidth,
                        spanLines: s.length, lines: Math.round(r.height / parseFloat(getComputedStyle(h).lineHeight))};
            })"""
        )
    finally:
        context.close()
    assert len(boxes) == len(HEADINGS)
    for box in boxes:
        assert box["right"] <= box["width"], box  # nothing runs past the screen's edge
        assert box["spanLines"] == 1, box  # the range on one line
    assert max(box["lines"] for box in boxes) >= 2  # and a long heading did wrap
