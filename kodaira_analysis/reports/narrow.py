"""What a phone shows of a report: wide tables as stacked cards, charts never with text under 9 CSS px.

A card a row, each cell under its column's name: the verdict and whose it is are read without scrolling.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any

#: A table of fewer columns fits a phone as it is (05's rankings: rank, city, value), unless one holds prose.
STACK_FROM_COLUMNS = 4
#: The least height of chart text on screen, in CSS px.
MIN_TEXT_PX = 9.0
_VIEWBOX = re.compile(r'<svg[^>]*\sviewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"')
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")


def label_tables(nb: Any) -> None:
    """Label the tables of every HTML output of an executed notebook (a NotebookNode, changed in place)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.get("text/html"):
                data["text/html"] = label_table("".join(data["text/html"]))  # a str, or a list of lines


def label_table(html: str) -> str:
    """``html`` with each ``kodaira-table`` wider than a phone labelled for stacking (report.css: ``kodaira-stack``).

    Only a table whose head is one row of plain names and whose body merges cells only down a column (a cell's
    column is then certain); any other keeps its scroll box.

    >>> print(label_table('<table class="kodaira-table"><thead><tr><th>A</th><th>B</th><th>C</th><th>D</th></tr>'
    ...                   '</thead><tbody><tr><th>x</th><td>1</td><td>2</td><td>3</td></tr></tbody></table>'))
    ... # doctest: +NORMALIZE_WHITESPACE
    <table class="kodaira-table kodaira-stack"><thead><tr><th>A</th><th>B</th><th>C</th><th>D</th></tr></thead><tbody><tr><th
    data-label="A">x</th><td data-label="B">1</td><td data-label="C">2</td><td data-label="D">3</td></tr></tbody></table>
    >>> label_table('<table class="kodaira-table"><thead><tr><th>A</th><th>B</th></tr></thead><tbody></tbody></table>')[:40]
    '<table class="kodaira-table"><thead><tr>'

    """
    if "kodaira-table" not in html:
        return html
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for table in soup.select("table.kodaira-table"):
        names = _column_names(table)
        # too wide for 400 px: 4 columns or more, or 3 with one of prose (04's)
        prose = any("prose" in th.get_attribute_list("class") for th in table.select("thead > tr > th"))
        if not names or len(names) < (3 if prose else STACK_FROM_COLUMNS):
            continue
        rows = _cells_by_column(table, len(names))
        if rows is None:
            continue
        for row, slots in rows:
            _label_row(row, slots, names)
        table["class"] = " ".join([*table.get_attribute_list("class"), "kodaira-stack"])
        changed = True
    return str(soup) if changed else html


def _column_names(table: Any) -> list[str] | None:
    head_rows = table.select("thead > tr")
    if len(head_rows) != 1:
        return None
    cells = head_rows[0].find_all(["th", "td"], recursive=False)
    if any(cell.get("colspan") or cell.get("rowspan") for cell in cells):
        return None
    return [" ".join(cell.get_text(" ").split()) for cell in cells]


def _cells_by_column(table: Any, columns: int) -> list[tuple[Any, list[tuple[Any, bool]]]] | None:
    """Each body row and its cell in each column: (its own cell, True) or (a cell merged down into it, False).

    None if a cell's column is uncertain (a column span, a row short or long of the head's columns).
    """
    above: dict[int, tuple[Any, int]] = {}  # column -> the merged cell, rows below it still covers
    rows = []
    for row in table.select("tbody > tr"):
        own, slots = iter(row.find_all(["td", "th"], recursive=False)), []
        for column in range(columns):
            if column in above:
                slots.append((above[column][0], False))
                continue
            cell = next(own, None)
            rowspan = str(cell.get("rowspan") or "1") if cell is not None else ""
            if cell is None or cell.get("colspan") not in (None, "1") or not rowspan.isdigit():
                return None
            slots.append((cell, True))
            above[column] = (cell, int(rowspan))
        if next(own, None) is not None:
            return None
        rows.append((row, slots))
        above = {c: (cell, n - 1) for c, (cell, n) in above.items() if n > 1}
    return rows or None


def _label_row(row: Any, slots: list[tuple[Any, bool]], names: list[str]) -> None:
    """Label a row's cells; in the place of a cell merged down into it, a hidden copy (``kodaira-spanned``).

    A card is one row: without the copy, the second card of an indicator merged over two rows would not name
    it. report.css shows the copies in stacked rows only (a phone); a screen reader skips them.
    """
    twins = []
    for name, (cell, own) in zip(names, slots, strict=True):
        if not own:
            twin = copy.copy(cell)
            del twin["rowspan"]
            twin["class"] = [c for c in twin.get_attribute_list("class") if c] + ["kodaira-spanned"]
            twin["aria-hidden"] = "true"
            twins.append(twin)
            continue
        cell["data-label"] = name
        for twin in twins:
            cell.insert_before(twin)
        twins = []
    for twin in twins:
        row.append(twin)


@dataclass(frozen=True)
class ChartText:
    """A figure's drawing width and its smallest text, both in the SVG's units (matplotlib's points)."""

    width: float
    smallest: float

    def text_px(self, shown_width_px: float) -> float:
        """How high the smallest text is when the figure is shown ``shown_width_px`` CSS px wide."""
        return self.smallest * shown_width_px / self.width


def chart_text(svg: str) -> ChartText | None:
    """The drawing width and smallest text of a matplotlib SVG (svg.fonttype 'none'), or None without text.

    >>> chart_text('<svg width="486pt" viewBox="0 0 486 374.9"><text style="font-size: 11px"/>'
    ...            '<text style="font-size: 8px"/></svg>')
    ChartText(width=486.0, smallest=8.0)
    """
    box = _VIEWBOX.search(svg)
    sizes = [float(s) for s in _FONT_SIZE.findall(svg)]
    if box is None or not sizes or float(box.group(1)) <= 0 or min(sizes) <= 0:
        return None
    return ChartText(float(box.group(1)), min(sizes))


#: The page's padding beside the column on a phone (CSS px): at 400 px the column is 366 (present/narrow_chart.py).
PAGE_PADDING_PX = 34


def phone_css(figures: list[tuple[str, str, bool]]) -> str:
    """CSS that keeps the text of each figure (id, SVG, has a phone's variant) at least :data:`MIN_TEXT_PX` high.

    On a narrow screen a chart without a variant gets the least width at which its smallest text is that high,
    and scrolls in its box; a line says so only on a screen too narrow for that width.

    >>> print(phone_css([("figure-1", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', False),
    ...                  ("figure-2", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', True)]))
    @media screen and (max-width: 40rem) {
      #figure-1 { overflow-x: auto; }
      #figure-1 img { min-width: 547px; }
    }
    @media screen and (max-width: 580px) {
      #figure-1::before { content: var(--kodaira-scroll-cue); }
    }
    """
    rules, cues = [], []
    for anchor, svg, narrow in figures:
        text = None if narrow else chart_text(svg)
        if text is not None:
            least = math.ceil(MIN_TEXT_PX * text.width / text.smallest)  # the width at which it is 9 px high
            rules.append(f"  #{anchor} {{ overflow-x: auto; }}\n  #{anchor} img {{ min-width: {least}px; }}\n")
            cues.append(
                f"@media screen and (max-width: {least + PAGE_PADDING_PX - 1}px) {{\n"
                f"  #{anchor}::before {{ content: var(--kodaira-scroll-cue); }}\n}}"
            )
    if not rules:
        return ""
    return "\n".join(["@media screen and (max-width: 40rem) {\n" + "".join(rules) + "}", *cues])
