"""The data dictionary: every table the project loads or computes, one row per column."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.dataset import TABLES
from kodaira_analysis.analysis.derived_tables import DERIVED_TABLES
from kodaira_analysis.schema import dictionary_rows

__all__ = ["DERIVED_TABLES", "describe_tables"]


def describe_tables() -> pd.DataFrame:
    """Return the data dictionary: one row per table and column, with the dtype ``load()`` gives each column.

    Every table ``load()`` accepts (``kodaira_analysis.TABLES``) is described, and the table the library
    computes (``target_assessment``); the column ``returned_by`` says which call returns each table.

    >>> d = describe_tables()
    >>> d.loc[d.column == "amount_million_yen", "unit"].item()
    'million_yen'
    """
    return pd.DataFrame(dictionary_rows((*TABLES.values(), *DERIVED_TABLES.values())))
