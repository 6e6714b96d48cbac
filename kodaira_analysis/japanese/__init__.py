"""Helpers for Japanese government tables: eras, dates, amounts, quantities, text.

This subpackage imports nothing else from the project, so it can be copied into
any analysis. Every parser raises :class:`ValueError` naming its input when it
cannot read it; none of them guesses.

>>> western_year("平成23年度")
2011
>>> parse_amount("約8億8千4百万円")
884.0
>>> parse_quantity("95.0%以下")
Quantity(value=95.0, unit='percent', comparator='<=')
"""

from kodaira_analysis.japanese.dates import (
    ERA_START_YEAR,
    era_year_label,
    fiscal_year_end,
    parse_as_of,
    parse_date,
    parse_fiscal_year_range,
    parse_year_month,
    western_year,
)
from kodaira_analysis.japanese.numbers import (
    UNITS,
    Quantity,
    format_oku_yen,
    parse_amount,
    parse_count,
    parse_quantity,
)
from kodaira_analysis.japanese.text import MISMAPPED_CHARACTERS, normalize_text, printed_text

__all__ = [
    "ERA_START_YEAR",
    "MISMAPPED_CHARACTERS",
    "UNITS",
    "Quantity",
    "era_year_label",
    "fiscal_year_end",
    "format_oku_yen",
    "normalize_text",
    "parse_amount",
    "parse_as_of",
    "parse_count",
    "parse_date",
    "parse_fiscal_year_range",
    "parse_quantity",
    "parse_year_month",
    "printed_text",
    "western_year",
]
