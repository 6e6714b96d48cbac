"""One MIC edition, read strictly: its layout checked against ``editions.csv``, every cell read or refused.

The title, the header row (its columns in order), the rows of the municipalities,
the national average row and its label, the footnotes and the empty rows are
where ``editions.csv`` says; each municipality appears once, with a valid code
where the edition prints codes; each figure cell is read by
:func:`~kodaira_analysis.mic.cells.read_cell`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.mic.catalogue import CITY, column_specs
from kodaira_analysis.mic.catalogue import layout as edition_layout
from kodaira_analysis.mic.cells import Cell, blank, check_digit, letter, read_cell
from kodaira_analysis.mic.checksums import read_verified

_SPACE = re.compile(r"\s+")
#: The edition whose footnote says what its dashes in 実質公債費比率 mean (municipalities merged away).
MERGED_AWAY_FOOTNOTE = "市町村合併により消滅した団体"


@dataclass(frozen=True)
class Row:
    """One row of municipality (or the national average): where it is and its cells by header."""

    row: int
    code: str
    prefecture: str
    municipality: str
    cells: dict[str, Cell]


@dataclass
class Edition:
    """One edition as read: its municipality rows, its national-average row and its footnotes."""

    edition: str
    file: str
    rows: list[Row] = field(default_factory=list)
    average: Row | None = None
    footnotes: list[str] = field(default_factory=list)


def _header(raw: list) -> list[str]:
    cells = [_SPACE.sub("", str(c)) if not blank(c) else "" for c in raw]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_rows(path: Path, edition: str, kind: str = CITY) -> list[list]:
    """The first sheet's cells, from the bytes checked against the pinned SHA-256 (kind: city or prefecturemean)."""
    from python_calamine import CalamineWorkbook

    data = read_verified(path, edition, kind)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's errors are not one class; the file is named either way
        raise RawDataError(
            f"{kind}/{path.name}", f"not a readable spreadsheet ({exc})", expected="the file as published"
        ) from None


def read_edition(path: Path, edition: str) -> Edition:
    """Read one edition's city file strictly (see the module's docstring).

    Raises:
        RawDataError: the layout differs from editions.csv, or a cell cannot be read; the message names
            the file, the row (as the spreadsheet numbers it), the column and the value.
    """
    layout = edition_layout(edition)
    name = f"{CITY}/{path.name}"
    rows = read_rows(path, edition)
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    title = str(rows[0][0]).strip() if rows else ""
    if title != layout["title"]:
        raise RawDataError(
            name, "the title differs from editions.csv", row=1, column="A", value=title, expected=repr(layout["title"])
        )
    header = _header(rows[1]) if len(rows) > 1 else []
    expected = layout["columns"].split("|")
    for index in range(max(len(header), len(expected))):
        got = header[index] if index < len(header) else ""
        want = expected[index] if index < len(expected) else ""
        if got != want:
            raise RawDataError(
                name,
                "the header row differs from editions.csv",
                row=2,
                column=letter(index),
                value=got,
                expected=repr(want or "no column"),
            )
    known = column_specs()
    roles = [str(known[h]["role"]) for h in header]
    decimals = {h: int(known[h]["decimals"]) for h in header if known[h]["role"] in ("value", "reference")}
    read = Edition(edition=edition, file=name)
    last, average_row, last_row = (int(layout[k]) for k in ("last_municipality_row", "average_row", "last_row"))
    if len(rows) < last_row:
        raise RawDataError(name, f"the sheet ends at row {len(rows)}", row=len(rows), expected=f"rows up to {last_row}")
    prefix_of: dict[str, str] = {}
    seen: dict[object, int] = {}
    for number in range(3, last + 1):
        row = _municipality(rows[number - 1], number, header, roles, decimals, name, prefix_of)
        for key in ((row.prefecture, row.municipality), row.code):
            if key and key in seen:
                raise RawDataError(
                    name,
                    f"a municipality already in row {seen[key]}",
                    row=number,
                    value=key,
                    expected="each municipality once",
                )
            seen[key] = number
        read.rows.append(row)
    for number in range(last + 1, average_row):
        _require_empty(rows[number - 1], number, name, "between the municipalities and the average")
    read.average = _average(rows[average_row - 1], average_row, header, roles, decimals, name, layout)
    read.footnotes = read_footnotes(rows, average_row + 1, last_row, name)
    return read


def read_footnotes(rows: list[list], first: int, last: int, name: str) -> list[str]:
    """The footnotes in rows ``first``..``last`` (column A only; blank rows skipped); every row after them empty."""
    footnotes = []
    for number in range(first, last + 1):
        cells = rows[number - 1]
        if any(not blank(c) for c in cells[1:]):
            raise RawDataError(
                name,
                "a footnote row with more than its first cell",
                row=number,
                value=[c for c in cells if not blank(c)],
                expected="text in column A only",
            )
        if not blank(cells[0]):
            footnotes.append(str(cells[0]).strip())
    for number in range(last + 1, len(rows) + 1):
        _require_empty(rows[number - 1], number, name, "after the footnotes")
    return footnotes


def _require_empty(cells: list, number: int, name: str, where: str) -> None:
    filled = [c for c in cells if not blank(c)]
    if filled:
        raise RawDataError(name, f"a row {where}", row=number, value=filled, expected="an empty row (editions.csv)")


def _text(value: object, name: str, number: int, column: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RawDataError(name, "not a name", row=number, column=column, value=value, expected="text")
    return value.strip()


def _beyond_header(cells: list, number: int, header: list[str], name: str) -> None:
    """A cell right of the last printed header is not read: refuse it rather than drop it."""
    for index in range(len(header), len(cells)):
        if not blank(cells[index]):
            raise RawDataError(
                name,
                "a cell right of the header row's last column",
                row=number,
                column=letter(index),
                value=cells[index],
                expected="an empty cell",
            )


def _municipality(
    cells: list,
    number: int,
    header: list[str],
    roles: list[str],
    decimals: dict[str, int],
    name: str,
    prefix_of: dict[str, str],
) -> Row:
    _beyond_header(cells, number, header, name)
    code = prefecture = municipality = ""
    values: dict[str, Cell] = {}
    for index, (head, role) in enumerate(zip(header, roles, strict=True)):
        value, column = cells[index], head
        if role == "code":
            code = value if isinstance(value, str) else repr(value)
            if not re.fullmatch(r"\d{6}", code) or check_digit(code[:5]) != code[5]:
                raise RawDataError(
                    name,
                    "not a local-government code",
                    row=number,
                    column=column,
                    value=value,
                    expected="six digits as text, the last one the check digit (e.g. 132110)",
                )
        elif role == "prefecture":
            prefecture = _text(value, name, number, column)
            if not prefecture.endswith(("都", "道", "府", "県")):
                raise RawDataError(
                    name,
                    "not a prefecture",
                    row=number,
                    column=column,
                    value=value,
                    expected="a prefecture's name, e.g. 東京都",
                )
        elif role == "municipality":
            municipality = _text(value, name, number, column)
        else:
            values[head] = read_cell(value, decimals[head], where=(name, number, column))
    if code:
        known = prefix_of.setdefault(code[:2], prefecture)
        if known != prefecture:
            raise RawDataError(
                name,
                "the code's prefecture digits belong to another prefecture",
                row=number,
                column="団体コード",
                value=code,
                expected=f"{known} for {code[:2]}",
            )
    return Row(number, code[:5], prefecture, municipality, values)


def _average(
    cells: list,
    number: int,
    header: list[str],
    roles: list[str],
    decimals: dict[str, int],
    name: str,
    layout: dict,
) -> Row:
    _beyond_header(cells, number, header, name)
    label_width = sum(role in ("code", "prefecture", "municipality") for role in roles)
    label = "|".join(str(c).strip() for c in cells[:label_width] if not blank(c))
    if label != layout["average_label"]:
        raise RawDataError(
            name,
            "not the national average row of editions.csv",
            row=number,
            column="A",
            value=label,
            expected=repr(layout["average_label"]),
        )
    values = {
        head: read_cell(cells[index], decimals[head], where=(name, number, head))
        for index, (head, role) in enumerate(zip(header, roles, strict=True))
        if role in ("value", "reference")
    }
    return Row(number, "", "", label.replace("|", ""), values)
