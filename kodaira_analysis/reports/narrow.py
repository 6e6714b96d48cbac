"""Tables that show every column on a phone: each body cell labelled with its column's name.

At 400 px a summary table of six columns does not fit; scrolled sideways it hides the verdict and whose
verdict it is. report.css therefore shows a labelled table (``kodaira-stack``) on a narrow screen as
stacked rows: a row is a card, each cell under its column's name (``data-label``), the same layout as the
index's tables. Stacked rather than a sticky first column: a reader sees the whole row, the verdict and
its owner included, without scrolling, and reads it top to bottom as a sentence. On a wide screen and in
print the table is the table it was.

A table of three short columns fits a phone and stays a table (05's rankings of 26 cities would be 26 cards).
Only a table whose head is one row of plain column names, and whose body merges cells only down a column
(rowspan), is labelled: a cell's column is then certain. Any other table keeps its scroll box.
"""

from __future__ import annotations

from typing import Any

STACK_CLASS = "kodaira-stack"


def label_table(html: str) -> str:
    """``html`` with each simple ``kodaira-table`` labelled for stacking (see the module's docstring).

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
        if not names or not _too_wide(table, names):
            continue
        labels = _body_labels(table, names)
        if not labels:
            continue
        for cell, name in labels:
            cell["data-label"] = name
        table["class"] = " ".join([*table.get_attribute_list("class"), STACK_CLASS])
        changed = True
    return str(soup) if changed else html


#: A table of fewer columns fits a phone as it is (05's rankings: rank, city, value), unless one holds prose.
STACK_FROM_COLUMNS = 4


def _too_wide(table: Any, names: list[str]) -> bool:
    """Whether a table would not fit a 400 px screen: 4 columns or more, or 3 with one of prose (04's)."""
    prose = any("prose" in cell.get_attribute_list("class") for cell in table.select("thead > tr > th"))
    return len(names) >= STACK_FROM_COLUMNS or (prose and len(names) >= 3)


def _column_names(table: Any) -> list[str] | None:
    head_rows = table.select("thead > tr")
    if len(head_rows) != 1:
        return None
    cells = head_rows[0].find_all(["th", "td"], recursive=False)
    if any(cell.get("colspan") or cell.get("rowspan") for cell in cells):
        return None
    return [" ".join(cell.get_text(" ").split()) for cell in cells]


def _body_labels(table: Any, names: list[str]) -> list[tuple[Any, str]] | None:
    """Each body cell with its column's name, row spans followed; None if a cell's column is uncertain.

    >>> from bs4 import BeautifulSoup
    >>> t = BeautifulSoup('<table><tbody><tr><th rowspan="2">g</th><td>a</td></tr><tr><td>b</td></tr></tbody></table>',
    ...                   "html.parser")
    >>> [(c.get_text(), n) for c, n in _body_labels(t, ["G", "X"])]
    [('g', 'G'), ('a', 'X'), ('b', 'X')]
    >>> _body_labels(t, ["G", "X", "Y"]) is None  # rows short of a column
    True
    """
    above: dict[int, int] = {}  # column -> rows below still covered by a cell above
    labels = []
    for row in table.select("tbody > tr"):
        covered, column = set(above), 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while column in covered:
                column += 1
            rowspan = str(cell.get("rowspan") or "1")
            if column >= len(names) or cell.get("colspan") not in (None, "1") or not rowspan.isdigit():
                return None
            labels.append((cell, names[column]))
            if int(rowspan) > 1:
                above[column] = int(rowspan)
            covered.add(column)
        if covered != set(range(len(names))):
            return None
        above = {c: n - 1 for c, n in above.items() if n > 1}
    return labels or None


def label_tables(nb: Any) -> None:
    """Label the tables of every HTML output of an executed notebook (a NotebookNode, changed in place)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html")
            if html:
                text = "".join(html) if isinstance(html, list) else html
                data["text/html"] = label_table(text)
