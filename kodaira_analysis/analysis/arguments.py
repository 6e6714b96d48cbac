"""The arguments of the public functions, checked before use: each says what it expected.

A municipality code, a year, a table name, a choice or a frame given to a public function
(``load``, ``assess_targets``, the peer and period functions) is checked here, the same way
everywhere, and normalised as the raw files are: text through NFKC (a full-width '１３２１１'
is '13211'), a code given as a number read as five digits (13211, or 1100 as '01100').
Anything else is refused with :class:`~kodaira_analysis.errors.ArgumentError` before any
work starts: digits of other scripts (Arabic-Indic '١٣٢١١', which NFKC leaves alone) are not
converted, because no source this project reads writes codes that way.

>>> municipality_code("１３２１１", "peer_measures"), municipality_code(1100, "peer_measures")
('13211', '01100')
>>> year(2020, "peer_measures", low=2015, high=2024)
2020
>>> year("2020", "peer_measures", low=2015, high=2024)
Traceback (most recent call last):
...
kodaira_analysis.errors.ArgumentError: peer_measures(): year='2020' is not allowed; expected a whole number (not text) from 2015 to 2024
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from kodaira_analysis.errors import ArgumentError

_CODE = re.compile(r"[0-9]{5}")


def municipality_code(value: Any, function: str, name: str = "municipality_code") -> str:
    """The five-digit code as text; ArgumentError for anything that is not one."""
    expected = "a five-digit municipality code such as '13211' (text, digits 0-9 or full-width) or 13211 (a number)"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if 1000 <= int(value) <= 99999:
            return f"{int(value):05d}"
        raise ArgumentError(function, name, value, expected)
    if not isinstance(value, str):
        raise ArgumentError(function, name, value, expected)
    folded = unicodedata.normalize("NFKC", value).strip()
    if _CODE.fullmatch(folded):
        return folded
    if len(folded) == 5 and all(c.isdecimal() for c in folded):
        raise ArgumentError(
            function, name, value, expected + "; digits of other scripts are not converted (write them as 0-9)"
        )
    raise ArgumentError(function, name, value, expected)


def year(value: Any, function: str, *, low: int, high: int, name: str = "year") -> int:
    """A whole-number year from ``low`` to ``high``; text, a float, NaN, None or a bool is refused."""
    expected = f"a whole number (not text) from {low} to {high}"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and low <= int(value) <= high:
        return int(value)
    raise ArgumentError(function, name, value, expected)


def choice(value: Any, function: str, name: str, allowed: Iterable[str]) -> str:
    """One of ``allowed`` (text); ArgumentError naming them otherwise."""
    allowed = tuple(allowed)
    if isinstance(value, str) and value in allowed:
        return value
    raise ArgumentError(function, name, value, "one of " + ", ".join(repr(a) for a in allowed))


def table_name(value: Any, function: str) -> str:
    """A table name as text (which tables exist is the caller's check, with its own error)."""
    if isinstance(value, str):
        return value
    hint = ": load each table by itself" if isinstance(value, list | tuple | set) else ""
    raise ArgumentError(function, "name", value, f"one table name as text, such as 'fiscal_effects'{hint}")


def frame(value: Any, function: str, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """A DataFrame holding ``columns``; ArgumentError naming the missing ones otherwise."""
    columns = list(columns)
    expected = "a DataFrame with the columns " + ", ".join(columns)
    if not isinstance(value, pd.DataFrame):
        raise ArgumentError(function, name, value if isinstance(value, str | int | float) else type(value), expected)
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ArgumentError(function, name, f"a DataFrame without {', '.join(missing)}", expected)
    return value


def optional_flag(value: Any, function: str, name: str) -> bool | None:
    """True, False or None."""
    if value is None or isinstance(value, bool):
        return value
    raise ArgumentError(function, name, value, "True, False or None")
