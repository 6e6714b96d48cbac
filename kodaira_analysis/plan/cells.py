"""Reading the cells of a raw frame: each failure names file, row, column and value."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date
from functools import partial
from typing import NoReturn, TypeVar

import pandas as pd

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.japanese import normalize_text, western_year
from kodaira_analysis.plan.read import AMBIGUOUS_MARKS, ROW, is_blank, vocabulary_index

T = TypeVar("T")

#: The plan prints fiscal years without an era ('23年度'); all of them are Heisei.
TOTAL_LABEL = "合計"

PLAN_ERA = "平成"

#: The years a date or fiscal year of the plan's tables may fall in: the plan was written in
#: FY2016 about the reforms since FY1996 and looks ahead to FY2020; 1989 is 平成元年.
PLAN_YEARS = (1989, 2030)
#: Parsers whose whole-number results are years (checked against the window).
_YEAR_PARSERS = frozenset({"western_year", "parse_fiscal_year_range"})


def _parser_name(parser: Callable) -> str:
    while isinstance(parser, partial):
        parser = parser.func
    return getattr(parser, "__name__", "")


class RawContext:
    """A raw frame with its file name, to read cells with errors that name them."""

    def __init__(self, frame: pd.DataFrame, file: str, years: tuple[int, int] = PLAN_YEARS) -> None:
        self.frame = frame
        self.file = file
        self.years = years

    def rows(self):
        """Yield (spreadsheet row number, row) pairs."""
        for _, row in self.frame.iterrows():
            yield int(row[ROW]), row

    def fail(
        self, row: int | None, column: str | None, value: object, problem: str, expected: str | None = None
    ) -> NoReturn:
        """Raise a RawDataError that names this file."""
        raise RawDataError(self.file, problem, row=row, column=column, value=value, expected=expected)

    def read(self, row: int, column: str, text: str, parser: Callable[[str], T], expected: str) -> T:
        """Parse one non-blank cell, turning a ValueError into a RawDataError."""
        text = str(text).strip()
        if is_blank(text):
            self.fail(row, column, text, "blank cell where a figure is required", expected)
        if normalize_text(text) in AMBIGUOUS_MARKS:
            self.fail(
                row,
                column,
                text,
                "a dash or ellipsis is ambiguous (zero? not available?)",
                "a number, 0 for zero, or a blank cell for a missing figure",
            )
        try:
            value = parser(text)
        except ValueError as exc:
            self.fail(row, column, text, f"cannot be read ({exc})", expected)
        problem = self._implausible(value, _parser_name(parser) in _YEAR_PARSERS)
        if problem:
            self.fail(row, column, text, problem, expected)
        return value

    def _implausible(self, value: object, is_year: bool) -> str | None:
        """Why a parsed value cannot be in this table (not finite, a year outside the window), or None."""
        first, last = self.years
        if isinstance(value, bool):
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return "not a finite number"
        if isinstance(value, date) and not first <= value.year <= last:
            return f"the year {value.year} is outside the years this table covers ({first}-{last})"
        if is_year and isinstance(value, int) and not first <= value <= last:
            return f"the year {value} is outside the years this table covers ({first}-{last})"
        if isinstance(value, tuple):
            return next(filter(None, (self._implausible(v, is_year) for v in value)), None)
        if is_dataclass(value):
            return next(filter(None, (self._implausible(getattr(value, f.name), False) for f in fields(value))), None)
        return None

    def read_optional(self, row: int, column: str, text: str, parser: Callable[[str], T], expected: str) -> T | None:
        """Like :meth:`read`, but a blank cell is missing (None), never 0."""
        if is_blank(str(text)):
            return None
        return self.read(row, column, text, parser, expected)

    def lookup(self, domain: str, row: int, column: str, label: str) -> pd.Series:
        """Return the vocabulary entry of a printed label, or fail naming the label."""
        entries = vocabulary_index().get(domain, {})
        found = entries.get(normalize_text(str(label)))
        if found is None:
            labels = ", ".join(entry["label_ja"] for entry in entries.values())
            self.fail(row, column, label, f"unknown {domain.replace('_', ' ')}", "one of " + labels)
        return found.copy()

    def fiscal_year_columns(self) -> dict[str, int]:
        """Map each '23年度'-style header of the frame to its fiscal year."""
        years = {}
        for column in self.frame.columns:
            try:
                years[column] = western_year(column, default_era=PLAN_ERA)
            except ValueError:
                continue
        return years


def is_total_label(label: str) -> bool:
    """Whether a printed label is the total row (合計)."""
    return normalize_text(str(label)) == TOTAL_LABEL


def to_timestamp(day: date | None) -> pd.Timestamp:
    """A date as a Timestamp, NaT when there is none."""
    return pd.Timestamp(day) if day is not None else pd.NaT
