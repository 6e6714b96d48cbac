"""A table cell may break at a sensible place although report.css keeps its words whole (present/figure.breakable).

Without SSDSE-A, 00-summary-ja's targets table holds the plan's own figures with their as-of notes
('93.9%（2014年度決算、プラン）', '2016年4月1日現在・プラン'), which keep-all held whole: the table printed 691 px wide
on A4's 680 px text width. These checks need no ../shared: they build that table from the plan alone.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import kodaira_analysis as ka
from kodaira_analysis.page.sanitize import clean
from kodaira_analysis.present import era
from kodaira_analysis.present.figure import TableView, breakable, table_html
from kodaira_analysis.topics import summary

#: The report's column at A4's text width in print: 680 px less the lab template's cell and output padding (30 px).
PRINTED_COLUMN_PX = 650
#: A day and its 現在, kept on one line.
DAY = '<span class="kodaira-nobreak">4月1日現在</span>'


@pytest.fixture(scope="module")
def plan_only() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The targets as assessed from the plan alone, as a build without SSDSE-A assesses them."""
    return ka.assess_targets("linear", use_ssdse=False), ka.load("targets")


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "93.9%（2014年度決算、プラン）",
            ["93.9%", "（2014年度決算、", "プラン）"],
        ),  # a percent sign holds the bracket
        ("932人（2016年4月1日現在、プラン）", ["932人", "（2016年", f"{DAY}、", "プラン）"]),
        ("2016年4月1日現在・プラン", ["2016年", f"{DAY}・", "プラン"]),  # a day and its 現在 whole (words9)
        ("市債残高（一般会計）", ["市債残高", "（一般会計）"]),
        ("（平成27）年度", ["（平成27）年度"]),  # never before the first character
        ("達成。プランも記述", ["達成。", "プランも記述"]),
    ],
)
def test_a_keep_all_cell_may_break_after_a_comma_or_middle_dot_and_before_a_bracket(text, pieces):
    assert breakable(text).split("<wbr>") == pieces


def test_a_prose_cell_breaks_only_before_a_bracket_and_english_is_left_alone():
    assert breakable("93.9%（2014年度決算、プラン）", prose=True) == "93.9%<wbr>（2014年度決算、プラン）"
    for text in ("93.9% (in the FY2014 settlement, Plan)", "on 1 April 2016, Plan", "end-FY2014 (SSDSE-A)"):
        assert breakable(text) == html.escape(text)


def test_markup_in_a_cell_stays_text_and_a_hyphenated_name_stays_on_one_line():
    assert breakable("<script>（x）") == "&lt;script&gt;<wbr>（x）"
    assert breakable("公的統計、SSDSE-A") == '公的統計、<wbr><span class="kodaira-nobreak">SSDSE-A</span>'
    assert breakable('"a-b"（x）').startswith("&quot;")  # an entity is never split by a break or a span


def test_a_private_use_character_in_a_cell_is_text_and_holds_nothing_back():
    """The units kept whole stand in for themselves as private-use characters while the breaks go in: a cell's own
    such character is shown as it is, and that cell's units are left to the breaks (never another cell's text)."""
    assert breakable("\ue000第１章２（４）<b>") == "\ue000第１章２<wbr>（４）&lt;b&gt;"
    assert breakable("第１章２（４）、\uf8ff") == "第１章２<wbr>（４）、<wbr>\uf8ff"
    assert breakable("<i>4月1日現在</i>") == '&lt;i&gt;<span class="kodaira-nobreak">4月1日現在</span>&lt;/i&gt;'


def test_the_targets_table_reads_as_before_and_keeps_its_breaks_through_the_sanitiser(plan_only):
    assessment, targets = plan_only
    for lang in ("ja", "en"):
        frame = summary.targets_frame(assessment, targets, lang)
        page = clean(table_html(frame))
        soup = BeautifulSoup(page, "html.parser")
        cells = [[c.get_text() for c in row.find_all("td")] for row in soup.select("tbody tr")]
        assert cells == frame.astype(str).to_numpy().tolist(), "a break is no character"
        assert bool(soup.find("wbr")) == (lang == "ja"), "the Japanese table breaks at <wbr>, the English at spaces"
    assert clean('<p>a<wbr onclick="x()">b</p>') == "<p>a<wbr>b</p>", "wbr allowed, its attributes not"


JOB = {"name": "x", "notebook": "n/00-summary.ipynb", "audience": "committee", "parameters": {"lang": "ja"}}


def _report_page(tmp_path: Path, table: str) -> Path:
    """A page holding ``table`` as a report's (render_html)."""
    import nbformat

    from kodaira_analysis.page.exporter import render_html

    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": table})]
    executed = tmp_path / "x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), executed)
    path = tmp_path / "x.html"
    path.write_text(
        render_html(executed, {**JOB, "title": "T"}, {"git_commit": "abc", "versions": {}, "raw_sha256": {}}),
        encoding="utf-8",
    )
    return path


def _printed_width(browser, tmp_path: Path, table: str) -> float:
    """How wide a table prints: the page rendered as a report's, in print media at A4's text width."""
    path = _report_page(tmp_path, table)
    page = browser.new_page(viewport={"width": 680, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto(path.as_uri(), wait_until="load")
        return page.evaluate("document.querySelector('table.kodaira-table').getBoundingClientRect().width")
    finally:
        page.close()


#: The lines each match of a pattern in a table's cells is set on (a Range over the cells' joined text nodes).
_LINES_OF = r"""
(pattern) => {
  const re = new RegExp(pattern, 'g'), out = [];
  for (const cell of document.querySelectorAll('table.kodaira-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), at = [];
    let node, text = '';
    while ((node = walker.nextNode())) { for (let i = 0; i < node.data.length; i++) at.push([node, i]); text += node.data; }
    for (const m of text.matchAll(re)) {
      const range = document.createRange(), [n0, i0] = at[m.index], [n1, i1] = at[m.index + m[0].length - 1];
      range.setStart(n0, i0); range.setEnd(n1, i1 + 1);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}
"""


def _lines_of_units(browser, tmp_path: Path, table: str, media: str) -> list[tuple[str, int]]:
    """Each day with its 現在 and each chapter reference in the table's cells, with its lines at 400 px wide."""
    path = _report_page(tmp_path, table)
    page = browser.new_page(viewport={"width": 400, "height": 800})
    try:
        page.emulate_media(media=media)
        page.goto(path.as_uri(), wait_until="load")
        return [tuple(x) for x in page.evaluate(_LINES_OF, r"\d{1,2}月\d{1,2}日現在|第[０-９]+章[０-９]+（[０-９]+）")]
    finally:
        page.close()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_narrow_page_keeps_a_day_and_a_chapter_reference_on_one_line(browser, tmp_path, media):
    """words9: at 400 px a cell broke 「4月1日現在」 as 「4月」/「1日現在」 and 「第１章２（４）」 as 「第１章」/「２（４）」.

    Ten columns of such cells at 400 px, printed (where a table of nine columns or more breaks between any two
    characters) and on screen: without the spans some unit breaks, with them none.
    """
    cells = ["年（4月1日現在）", "2016年4月1日現在・プラン", "プランの記述（第１章２（４））", "第２章５（２）の記述"]
    frame = pd.DataFrame({f"列{i}": [cells[i % len(cells)]] * 2 for i in range(10)})
    view = TableView(frame)
    assert view.to_html().count("kodaira-nobreak") == frame.size
    held = _lines_of_units(browser, tmp_path, view.to_html(), media)
    assert len(held) == frame.size and all(lines == 1 for _, lines in held), held
    if media == "print":
        unheld = view.to_html().replace('<span class="kodaira-nobreak">', "").replace("</span>", "")
        split = [unit for unit, lines in _lines_of_units(browser, tmp_path, unheld, media) if lines > 1]
        assert split, "the check would pass without the spans"


def test_the_targets_table_without_ssdse_fits_the_printed_column(browser, plan_only, tmp_path):
    """In the page as rendered: wider than the column when its cells were only escaped, within it now."""
    assessment, targets = plan_only
    era.once("ja")  # as the notebook shows it: a table in Western years only
    try:
        view = era.table(summary.targets_table(assessment, targets, "ja"))
    finally:
        era.stop()
    escaped_only = view.to_html().replace("<wbr>", "")
    escaped_only = escaped_only.replace('<span class="kodaira-nobreak">', "").replace("</span>", "")
    before = _printed_width(browser, tmp_path, escaped_only)
    after = _printed_width(browser, tmp_path, view.to_html())
    assert before > PRINTED_COLUMN_PX, f"the check would pass without the breaks ({before:.0f} px)"
    assert after <= PRINTED_COLUMN_PX, f"{after:.0f} px, for a column of {PRINTED_COLUMN_PX}"
