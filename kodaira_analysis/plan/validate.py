"""Schemas built from the table descriptions, primary keys, and the plan's structure.

* :func:`check_primary_key` names the raw rows that share a key;
* :func:`conform` and :func:`check_schema` enforce dtypes, allowed values,
  nullability and bounds from the table descriptions (pandera);
* :func:`check_plan_structure` checks the hierarchy of the plan's structure.

The sums of the parts against every total the plan prints are checked in
:mod:`~kodaira_analysis.plan.totals` (its tables) and
:mod:`~kodaira_analysis.plan.narrative` (its prose).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.errors import RawDataError, SchemaError
from kodaira_analysis.plan.read import ROW
from kodaira_analysis.schema import Table


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
