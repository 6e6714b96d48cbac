"""MIC's prefecture averages of the municipal indicators (prefecturemean/H17.xls ... R3.xlsx), read strictly.

Each edition has a title row, a header row (都道府県名, an unnamed column that reads
（市町村平均）, then the indicators in the city file's order, without the
Laspeyres reference value), the 47 prefectures in rows 3-49, the national
average in row 50 and, in FY2005-FY2007, footnotes. What differs between
editions (title, columns, last row, SHA-256) is data in ``editions.csv``;
each figure cell is read by :func:`~kodaira_analysis.mic.cells.read_cell`.
"""

from __future__ import annotations

from pathlib import Path

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.mic.catalogue import PREFECTURE_MEAN, column_specs
from kodaira_analysis.mic.catalogue import layout as edition_layout
from kodaira_analysis.mic.cells import blank, letter, read_cell
from kodaira_analysis.mic.read import (
    Edition,
    Row,
    _beyond_header,
    _header,
    _text,
    read_footnotes,
    read_rows,
)

FIRST_ROW = 3
PREFECTURES = 47
#: What the unnamed second column says on every prefecture's row, and the label of the national row.
ROW_LABEL = "（市町村平均）"
NATIONAL_LABEL = "全国市町村平均"


def read_prefecture_means(path: Path, edition: str) -> Edition:
    """Read one edition's prefecture averages: 47 rows and the national average.

    Raises:
        RawDataError: the layout differs from editions.csv, a prefecture is missing or twice, or a cell
            cannot be read; the message names the file, row, column and value.
    """
    layout = edition_layout(edition)
    name = f"{PREFECTURE_MEAN}/{path.name}"
    rows = read_rows(path, edition, PREFECTURE_MEAN)
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    last_row = int(layout["prefecturemean_last_row"])
    if len(rows) < max(last_row, FIRST_ROW + PREFECTURES):
        raise RawDataError(name, f"the sheet ends at row {len(rows)}", expected=f"rows up to {last_row}")
    title = str(rows[0][0]).strip()
    if title != layout["prefecturemean_title"]:
        raise RawDataError(
            name,
            "the title differs from editions.csv",
            row=1,
            column="A",
            value=title,
            expected=repr(layout["prefecturemean_title"]),
        )
    header = _header(rows[1])
    expected = layout["prefecturemean_columns"].split("|")
    if header != expected:
        index = next(i for i in range(max(len(header), len(expected))) if header[i : i + 1] != expected[i : i + 1])
        raise RawDataError(
            name,
            "the header row differs from editions.csv",
            row=2,
            column=letter(index),
            value=header[index] if index < len(header) else "",
            expected=repr(expected[index] if index < len(expected) else "no column"),
        )
    known = column_specs()
    decimals = {h: int(known[h]["decimals"]) for h in header if known[h]["role"] == "value"}
    read = Edition(edition=edition, file=name)
    seen: dict[str, int] = {}
    for number in range(FIRST_ROW, FIRST_ROW + PREFECTURES):
        cells = rows[number - 1]
        _beyond_header(cells, number, header, name)
        prefecture = _text(cells[0], name, number, header[0])
        if not prefecture.endswith(("都", "道", "府", "県")) or prefecture in seen:
            raise RawDataError(
                name,
                "not a prefecture, or one already listed",
                row=number,
                column=header[0],
                value=prefecture,
                expected="each of the 47 prefectures once",
            )
        seen[prefecture] = number
        if str(cells[1]).strip() != ROW_LABEL:
            raise RawDataError(
                name, "not a prefecture's average row", row=number, column="B", value=cells[1], expected=repr(ROW_LABEL)
            )
        values = {
            h: read_cell(cells[i], decimals[h], where=(name, number, h)) for i, h in enumerate(header) if h in decimals
        }
        read.rows.append(Row(number, "", prefecture, ROW_LABEL, values))
    number = FIRST_ROW + PREFECTURES
    cells = rows[number - 1]
    _beyond_header(cells, number, header, name)
    if str(cells[0]).strip() != NATIONAL_LABEL or not blank(cells[1]):
        raise RawDataError(
            name, "not the national average row", row=number, column="A", value=cells[0], expected=repr(NATIONAL_LABEL)
        )
    values = {
        h: read_cell(cells[i], decimals[h], where=(name, number, h)) for i, h in enumerate(header) if h in decimals
    }
    read.average = Row(number, "", "", NATIONAL_LABEL, values)
    read.footnotes = read_footnotes(rows, FIRST_ROW + PREFECTURES + 1, last_row, name)
    return read
