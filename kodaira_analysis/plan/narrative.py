"""Figures the plan states in its prose against the processed tables (``data/raw/narrative_checks.csv``)."""

from __future__ import annotations

import math

import pandas as pd

from kodaira_analysis.errors import RawDataError, TotalMismatchError
from kodaira_analysis.japanese import normalize_text, parse_count, parse_quantity, western_year
from kodaira_analysis.plan.cells import PLAN_ERA
from kodaira_analysis.plan.filters import EXPECTED as FILTER_FORM
from kodaira_analysis.plan.filters import FilterSyntaxError, apply_filter, parse_filter
from kodaira_analysis.plan.read import ROW
from kodaira_analysis.plan.totals import equal_within_tolerance


def _parse_printed_figure(text: str) -> float:
    compact = normalize_text(text).replace(" ", "")
    if compact.endswith("年度"):  # a fiscal year as printed (平成32年度): compared as its Western year
        return float(western_year(compact, default_era=PLAN_ERA))
    if compact.endswith(("項目", "件")) or compact.isdecimal():
        return float(parse_count(compact))
    return parse_quantity(compact).value


def check_narrative(tables: dict[str, pd.DataFrame], checks: pd.DataFrame, file: str) -> list[dict]:
    """Compare figures the plan states in prose with the processed tables.

    Each row of ``checks`` names a table, a filter (the declared form of :mod:`kodaira_analysis.plan.filters`), a column,
    an aggregate ('sum' or 'item') and the figure as printed. Returns one
    record per check; raises :class:`TotalMismatchError` on the first mismatch.
    """
    results = []
    for _, check in checks.iterrows():
        row = int(check[ROW])
        name = str(check["表"]).strip()
        if name not in tables:
            raise RawDataError(file, "unknown table", row=row, column="表", value=name, expected=", ".join(tables))
        frame = tables[name]
        query = str(check["条件"]).strip()
        try:
            selected = apply_filter(frame, parse_filter(query, list(frame.columns))) if query else frame
        except FilterSyntaxError as exc:
            raise RawDataError(
                file,
                f"the filter is not in the declared form ({exc})",
                row=row,
                column="条件",
                value=query,
                expected=FILTER_FORM,
            ) from None
        except (TypeError, ValueError) as exc:
            raise RawDataError(file, f"the filter cannot run ({exc})", row=row, column="条件", value=query) from None
        target = str(check["列"]).strip()
        if target not in frame.columns:
            raise RawDataError(
                file, "unknown column", row=row, column="列", value=target, expected=", ".join(frame.columns)
            )
        values = selected[target]
        aggregate = str(check["集計"]).strip()
        if aggregate == "item":
            if len(values) != 1:
                raise RawDataError(
                    file,
                    f"the filter selects {len(values)} rows",
                    row=row,
                    column="条件",
                    value=query,
                    expected="exactly one row for aggregate 'item'",
                )
            found = float(values.iloc[0])
        elif aggregate == "sum":
            found = float(values.sum())
        else:
            raise RawDataError(
                file, "unknown aggregate", row=row, column="集計", value=aggregate, expected="sum or item"
            )
        printed = str(check["本文の数値"])
        try:
            expected = _parse_printed_figure(printed)
        except ValueError as exc:
            raise RawDataError(
                file, f"cannot read the figure ({exc})", row=row, column="本文の数値", value=printed
            ) from None
        what = normalize_text(str(check["確認項目"]))
        if math.isnan(found) or not equal_within_tolerance(expected, found):
            raise TotalMismatchError(name, what, expected, found, f"{file} row {row}, plan {check['出典']}")
        results.append(
            {
                "check": what,
                "table": name,
                "printed": printed,
                "expected": expected,
                "found": found,
                "section": str(check["出典"]),
            }
        )
    return results
