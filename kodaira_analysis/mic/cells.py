"""One cell of a MIC edition: a figure as printed, read at the published precision, or refused.

A cell is one of: a number (rounded to the published decimals of its column:
binary noise such as 3.3000000000000003 and cells stored with more digits than
the sheet shows both become the printed figure); the same number stored as
text ('98.6', FY2005's Laspeyres column); a number in parentheses ('(0.80)',
FY2008's special wards); a dash ('-' or '－'), whose meaning depends on the
column and edition (see :mod:`~kodaira_analysis.mic.tidy`); or a blank cell
(missing). Anything else stops the read with file, row, column and value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kodaira_analysis.errors import RawDataError

DASHES = frozenset({"-", "－", "‐", "−", "―"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_PARENTHESISED = re.compile(r"^\((-?\d+(\.\d+)?)\)$")


@dataclass(frozen=True)
class Cell:
    """One indicator cell as read: the number (None for a dash or blank) and how it was printed."""

    value: float | None
    printed: str
    dash: bool = False
    blank: bool = False
    note: str = ""


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column ('A', 'B', ...)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def blank(value: object) -> bool:
    """Whether a cell is empty (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def format_figure(value: float, decimals: int) -> str:
    """A figure as the sheet shows it at the published decimals."""
    return f"{value:.{decimals}f}"


def read_cell(value: object, decimals: int, *, where: tuple[str, int, str]) -> Cell:
    """Read one indicator cell (see the module's docstring); ``where`` is (file, row, column) for the message."""
    if isinstance(value, bool):
        raise RawDataError(where[0], "not a figure", row=where[1], column=where[2], value=value, expected="a number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RawDataError(
                where[0], "not a finite number", row=where[1], column=where[2], value=value, expected="a number"
            )
        rounded = round(float(value), decimals)
        note = ""
        if abs(rounded - value) > 1e-9 * max(1.0, abs(value)):
            note = f"stored as {value!r}; the sheet shows {format_figure(rounded, decimals)}"
        return Cell(rounded, format_figure(rounded, decimals), note=note)
    if blank(value):
        return Cell(None, "", blank=True)
    if isinstance(value, str):
        text = value.strip()
        if text in DASHES:
            return Cell(None, text, dash=True)
        if _NUMBER.match(text):
            return Cell(round(float(text), decimals), text)
        match = _PARENTHESISED.match(text)
        if match:
            return Cell(round(float(match.group(1)), decimals), text, note="printed in parentheses")
    raise RawDataError(
        where[0],
        "not a figure",
        row=where[1],
        column=where[2],
        value=value,
        expected="a number, a number in parentheses, a dash (- or －) or a blank cell",
    )


def check_digit(code5: str) -> str:
    """The check digit of a five-digit local-government code (JIS X 0402).

    >>> check_digit("13211"), check_digit("01482")
    ('0', '6')
    """
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)
