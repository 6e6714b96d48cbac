"""Schemas built from ``tables.py``, primary keys, and the plan's published totals.

Three kinds of check, each failing with a message that says what it saw:

* :func:`check_primary_key` names the raw rows that share a key;
* :func:`conform` and :func:`check_schema` enforce dtypes, allowed values,
  nullability and bounds from the table descriptions (pandera);
* :func:`check_table_totals` and :func:`check_narrative` compare the sums of
  the parts with every total the plan prints, in its tables and its prose
  (``data/raw/narrative_checks.csv``).
"""

from __future__ import annotations

import math

import pandas as pd

from kodaira_analysis.errors import RawDataError, SchemaError, TotalMismatchError
from kodaira_analysis.japanese import normalize_text, parse_amount, parse_count, parse_quantity
from kodaira_analysis.plan.filters import EXPECTED as FILTER_FORM
from kodaira_analysis.plan.filters import FilterSyntaxError, apply_filter, parse_filter
from kodaira_analysis.plan.read import ROW, cell, is_blank
from kodaira_analysis.plan.tables import Table

#: Totals are compared to this tolerance (the plan prints whole million yen or 0.1 units).
TOLERANCE = 1e-6


def check_primary_key(frame: pd.DataFrame, table: Table, file: str) -> None:
    """Fail naming the raw rows when two rows of a tidy table share a primary key."""
    duplicated = frame[frame.duplicated(list(table.primary_key), keep=False)]
    if duplicated.empty:
        return
    key = list(table.primary_key)
    first = duplicated.iloc[0]
    same = duplicated[(duplicated[key] == first[key]).all(axis=1)]
    rows = sorted(set(same[ROW].astype(int)))
    raise RawDataError(
        file,
        f"duplicate key { ({k: (v.item() if hasattr(v, 'item') else v) for k, v in first[key].items()}) } "
        f"of table {table.name} (rows {rows})",
        row=rows[-1],
        column=key[0] if len(key) == 1 else None,
        expected=f"one row per {', '.join(key)}",
    )


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Return the table's columns in order, each cast to its declared dtype."""
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise SchemaError(f"table {table.name}: the cleaner produced no column(s) {missing}")
    out = frame[table.column_names].copy()
    for column in table.columns:
        try:
            out[column.name] = out[column.name].astype(column.dtype)
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"table {table.name}, column {column.name}: cannot be {column.dtype} ({exc})") from None
    return out


def build_schema(table: Table):
    """Return the pandera schema of a table, derived from its description."""
    import pandera.pandas as pa  # imported here: only a build pays for it

    columns = {}
    for column in table.columns:
        checks = []
        if column.allowed is not None:
            checks.append(pa.Check.isin(list(column.allowed)))
        if column.minimum is not None:
            checks.append(pa.Check.ge(column.minimum))
        columns[column.name] = pa.Column(column.dtype, checks=checks, nullable=column.nullable)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=list(table.primary_key), name=table.name)


def check_schema(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Validate a conformed table against its schema; fail listing every failure."""
    import pandera.errors

    try:
        return build_schema(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "failure_case", "index"]].head(10)
        raise SchemaError(f"table {table.name} breaks its schema:\n{cases.to_string(index=False)}") from None


def _equal(a: float, b: float) -> bool:
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
    if not _equal(expected, found):
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
}


def check_table_totals(name: str, raw: pd.DataFrame, tidy: pd.DataFrame, file: str) -> None:
    """Run the published-total checks of one table, if it has any."""
    if name in TOTAL_CHECKS:
        TOTAL_CHECKS[name](raw, tidy, file)


def _parse_printed_figure(text: str) -> float:
    compact = normalize_text(text)
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
        if math.isnan(found) or not _equal(expected, found):
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


def check_plan_structure(frame: pd.DataFrame) -> None:
    """Every parent exists and is one level up; every policy has measures."""
    ids = set(frame["node_id"])
    for _, node in frame.iterrows():
        parent = node["parent_id"]
        if pd.notna(parent) and parent not in ids:
            raise SchemaError(f"plan_structure: {node['node_id']} names parent {parent!r}, which does not exist")
    policies = frame.loc[frame["level"] == "policy", "node_id"]
    for policy in policies:
        if not (frame["parent_id"] == policy).any():
            raise SchemaError(f"plan_structure: policy {policy} has no implementation measure")
