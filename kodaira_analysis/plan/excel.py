"""The processed tables as written: Parquet, and a CSV that Excel on Japanese Windows opens safely.

The CSV is UTF-8 with a BOM, has the table's Japanese and English headers, and writes a text cell that Excel
would read as a formula with a leading apostrophe (OWASP: CSV injection); the Parquet file keeps every value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kodaira_analysis.plan.tables import TABLES

#: Characters that make Excel (or LibreOffice) read a text cell as a formula (OWASP: CSV injection), in both
#: widths: Excel with a Japanese input method reads a full-width ＝＋－＠ at the start of a cell as the ASCII one.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that Excel would read as a formula with an apostrophe; leave anything else."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the Excel CSV shows it: dates as text, formula-like text cells neutralised.

    Numeric columns are left alone (-1.5 stays a number); only text cells change.
    """
    excel = frame.copy()
    for column in excel.columns:
        series = excel[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            excel[column] = series.dt.strftime("%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            if isinstance(series.dtype, pd.CategoricalDtype):
                series = series.astype(object)
            excel[column] = series.map(neutralise_formula, na_action="ignore")
    return excel


def write_table(frame: pd.DataFrame, name: str, folder: Path) -> None:
    """Write one table into ``folder`` as ``<name>.parquet`` and the Excel CSV ``<name>.csv``."""
    frame.to_parquet(folder / f"{name}.parquet", index=False)
    excel = excel_frame(frame)
    excel.columns = TABLES[name].csv_headers()
    # UTF-8 with BOM so that Excel on Japanese Windows shows the Japanese correctly.
    excel.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
