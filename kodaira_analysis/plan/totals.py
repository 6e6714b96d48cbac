"""The plan's published totals against the sums of their parts: the fiscal effects and the programme's progress.

Every check fails naming the table, the total, the figure printed and the sum found, and the raw file, row
and column it was printed in.
"""

from __future__ import annotations

import math

import pandas as pd

from kodaira_analysis.errors import RawDataError, TotalMismatchError
from kodaira_analysis.japanese import normalize_text, parse_amount, parse_count
from kodaira_analysis.plan.clean_pages import check_progress_reports_totals
from kodaira_analysis.plan.read import ROW, cell, is_blank

#: Totals are compared to this tolerance (the plan prints whole million yen or 0.1 units).
TOLERANCE = 1e-6


def equal_within_tolerance(a: float, b: float) -> bool:
    """Whether a printed figure and a computed one agree (to :data:`TOLERANCE`)."""
    return math.isclose(a, b, rel_tol=0, abs_tol=TOLERANCE)


def _compare_total(
    table: str, what: str, published: str, parts: pd.Series, file: str, row: int, column: str, parse
) -> None:
    """Compare one printed total with the sum of its parts (a blank total needs blank parts)."""
    source = f"{file} row {row} column {column!r}"
    if is_blank(published):
        if parts.notna().any():
            raise TotalMismatchError(table, what, math.nan, float(parts.sum()), source + " is blank")
        return
    try:
        expected = parse(published)
    except ValueError as exc:
        raise RawDataError(file, f"cannot read the total ({exc})", row=row, column=column, value=published) from None
    if parts.isna().all():
        raise TotalMismatchError(table, what, expected, math.nan, source)
    found = float(parts.sum())
    if not equal_within_tolerance(expected, found):
        raise TotalMismatchError(table, what, expected, found, source)


def check_fiscal_effects_totals(raw: pd.DataFrame, tidy: pd.DataFrame, file: str) -> None:
    """Row totals (合計 column) and column totals (合計 row) of the fiscal effects table."""
    totals_row = raw[raw["区分"].map(normalize_text) == "合計"]
    if len(totals_row) != 1:
        raise RawDataError(file, "expected exactly one 合計 row", column="区分", value=len(totals_row))
    from kodaira_analysis.plan.cells import RawContext

    years = RawContext(raw, file).fiscal_year_columns()
    total_index = totals_row.index[0]
    for _, parts_row in raw.drop(index=total_index).iterrows():
        row = int(parts_row[ROW])
        unit = str(parts_row["単位"]).strip()
        parts = tidy.loc[tidy[ROW] == row, "amount_million_yen"]
        _compare_total(
            "fiscal_effects",
            f"{normalize_text(parts_row['区分'])} 合計",
            cell(raw, parts_row.name, "合計"),
            parts,
            file,
            row,
            "合計",
            lambda t, u=unit: parse_amount(t + u),
        )
    unit = cell(raw, total_index, "単位")
    row = int(raw.at[total_index, ROW])
    for column, fiscal_year in years.items():
        parts = tidy.loc[tidy["fiscal_year"] == fiscal_year, "amount_million_yen"]
        _compare_total(
            "fiscal_effects",
            f"合計 {column}",
            cell(raw, total_index, column),
            parts,
            file,
            row,
            column,
            lambda t, u=unit: parse_amount(t + u),
        )
    _compare_total(
        "fiscal_effects",
        "合計 合計",
        cell(raw, total_index, "合計"),
        tidy["amount_million_yen"],
        file,
        row,
        "合計",
        lambda t, u=unit: parse_amount(t + u),
    )


def check_program_progress_totals(raw: pd.DataFrame, tidy: pd.DataFrame, file: str) -> None:
    """Per-policy totals (計) and per-status totals (合計 row) of the progress table."""
    from kodaira_analysis.plan.clean_programmes import STATUS_COLUMNS

    totals_row = raw[raw["方針"].map(normalize_text) == "合計"]
    if len(totals_row) != 1:
        raise RawDataError(file, "expected exactly one 合計 row", column="方針", value=len(totals_row))
    total_index = totals_row.index[0]
    for _, parts_row in raw.drop(index=total_index).iterrows():
        row = int(parts_row[ROW])
        _compare_total(
            "program_progress",
            f"{normalize_text(parts_row['方針'])} 計",
            cell(raw, parts_row.name, "計"),
            tidy.loc[tidy[ROW] == row, "items"],
            file,
            row,
            "計",
            parse_count,
        )
    row = int(raw.at[total_index, ROW])
    for column, status in zip(STATUS_COLUMNS, ("ahead", "on_schedule", "behind"), strict=True):
        _compare_total(
            "program_progress",
            f"合計 {column}",
            cell(raw, total_index, column),
            tidy.loc[tidy["status"] == status, "items"],
            file,
            row,
            column,
            parse_count,
        )
    _compare_total(
        "program_progress", "合計 計", cell(raw, total_index, "計"), tidy["items"], file, row, "計", parse_count
    )


#: The table-level total checks; tables not listed publish no totals.
TOTAL_CHECKS = {
    "fiscal_effects": check_fiscal_effects_totals,
    "program_progress": check_program_progress_totals,
    "progress_reports": check_progress_reports_totals,
}


def check_table_totals(name: str, raw: pd.DataFrame, tidy: pd.DataFrame, file: str) -> None:
    """Run the published-total checks of one table, if it has any."""
    if name in TOTAL_CHECKS:
        TOTAL_CHECKS[name](raw, tidy, file)
