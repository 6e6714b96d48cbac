"""The declared filter form of narrative_checks.csv (column 条件): data, never code.

A filter is one or more clauses joined by ``&``; each clause compares a
column of the table with a literal::

    status == 'on_schedule'
    policy_no == 3 & status == 'behind'
    fiscal_year >= 2012 & indicator in ('staff_quota', 'current_balance_ratio')

Operators: ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` and ``in`` (a
parenthesised list). Literals: whole or decimal numbers and quoted text
('...' or "..."). Column names must be columns of the table. Nothing else
is accepted (no ``@`` names, calls, attributes, arithmetic or backticks), so
a cell can never run code; pandas' ``query``/``eval`` is not used.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

import pandas as pd

_OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_NUMBER = r"-?\d+(?:\.\d+)?"
_TEXT = r"'[^'\\]*'|\"[^\"\\]*\""
_LITERAL = rf"(?:{_NUMBER}|{_TEXT})"
_CLAUSE = re.compile(
    rf"(?P<column>{_NAME})\s*(?:(?P<op>==|!=|<=|>=|<|>)\s*(?P<value>{_LITERAL})"
    rf"|\s+in\s*\((?P<values>\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*\s*,?\s*)\))"
)
_LITERALS = re.compile(_LITERAL)
_SEPARATOR = re.compile(r"\s*&\s*")
_SPACE = re.compile(r"\s*")
MAX_LENGTH = 500
#: A literal of a clause: quoted text, a whole or a decimal number.
Scalar = str | int | float

EXPECTED = (
    "clauses `column == value` joined by &, with ==, !=, <, <=, >, >= or `in (value, ...)`, "
    "a column of the table and a number or quoted text"
)


class FilterSyntaxError(ValueError):
    """A filter that is not in the declared form (the message says what is wrong)."""


@dataclass(frozen=True)
class Clause:
    """One comparison: column, operator ('in' for a list), literal(s)."""

    column: str
    op: str
    value: Scalar | tuple[Scalar, ...]


def _literal(text: str) -> Scalar:
    if text[0] in "'\"":
        return text[1:-1]
    return float(text) if "." in text else int(text)


def parse_filter(text: str, columns: list[str] | tuple[str, ...]) -> list[Clause]:
    """Parse a filter into clauses, accepting only the declared form and known columns.

    Raises:
        FilterSyntaxError: anything else, saying which clause is wrong.
    """
    if len(text) > MAX_LENGTH:
        raise FilterSyntaxError(f"the filter is longer than {MAX_LENGTH} characters")
    clauses = []
    position = _skip_space(text, 0)
    while True:
        match = _CLAUSE.match(text, position)
        if match is None:
            raise FilterSyntaxError(f"{text[position : position + 60]!r} is not a clause of the declared form")
        column = match["column"]
        if column not in columns:
            raise FilterSyntaxError(f"{column!r} is not a column of the table (columns: {', '.join(columns)})")
        if match["op"]:
            clauses.append(Clause(column, match["op"], _literal(match["value"])))
        else:
            values = tuple(_literal(v) for v in _LITERALS.findall(match["values"]))
            clauses.append(Clause(column, "in", values))
        separator = _SEPARATOR.match(text, match.end())
        if separator is None:
            rest = text[match.end() :]
            if rest.strip():
                raise FilterSyntaxError(f"{rest[:60]!r} follows a clause; join clauses with &")
            return clauses
        position = separator.end()


def _skip_space(text: str, position: int) -> int:
    """The position of the first non-space character at or after ``position``."""
    space = _SPACE.match(text, position)
    return space.end() if space else position


def apply_filter(frame: pd.DataFrame, clauses: list[Clause]) -> pd.DataFrame:
    """The rows of ``frame`` that satisfy every clause."""
    mask = pd.Series(True, index=frame.index)
    for clause in clauses:
        column = frame[clause.column]
        if clause.op == "in":
            if not isinstance(clause.value, tuple):
                raise TypeError(f"the values of an 'in' clause must be a tuple, not {clause.value!r}")
            selected = column.isin(list(clause.value))
        else:
            selected = _OPERATORS[clause.op](column, clause.value)
        mask &= selected.fillna(False).astype(bool)
    return frame[mask]
