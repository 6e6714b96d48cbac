"""The data dictionary that other tools read: datapackage.json and data_dictionary.csv.

Both are derived from the one description of the tables (:mod:`kodaira_analysis.plan.tables`)
and written by the build beside the tables, so they swap in with them.

* ``datapackage.json`` is a Frictionless Data Package: one resource per CSV
  (UTF-8 with BOM), each field with its type, constraints, description and
  unit, each table with its primary key, the plan's section as its source, and
  the data's terms. A Frictionless schema must match the CSV's header row, and
  the CSVs keep their Excel headers (``財政効果額（百万円）[amount_million_yen]``),
  so each field's ``name`` is that header; the machine name is in the custom
  property ``column`` (and between the brackets), the labels in ``title``,
  ``label_ja`` and ``label_en``, the unit in ``unit``.
* ``data_dictionary.csv`` (UTF-8 with BOM, for Excel) has one row per table
  and column, with the columns of ``kodaira_analysis.describe_tables()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from kodaira_analysis.plan.tables import SOURCE, TABLES
from kodaira_analysis.schema import Column, Table, dictionary_rows

DATAPACKAGE = "datapackage.json"
DATA_DICTIONARY = "data_dictionary.csv"

#: Frictionless field type of each dtype the descriptions use (dates are written as YYYY-MM-DD).
FIELD_TYPES = {
    "str": "string",
    "string": "string",
    "float64": "number",
    "Int64": "integer",
    "int64": "integer",
    "bool": "boolean",
    "datetime64[ns]": "date",
}

#: The data's terms: the plan's figures belong to Kodaira City (data/raw/LICENSE.md says more).
LICENSES = [
    {
        "name": "kodaira-city-terms",
        "title": (
            "Figures from Kodaira City's plan (小平市第３次行財政再構築プラン): the city's terms of use govern reuse; "
            "credit Kodaira City and the plan, and say the tables were transcribed and cleaned by kodaira-analysis "
            "(see data/raw/LICENSE.md). The project's code is MIT-licensed; the data is not."
        ),
    }
]


def _field(column: Column, header: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": header,
        "type": FIELD_TYPES[column.dtype],
        "title": column.label_en,
        "column": column.name,
        "label_ja": column.label_ja,
        "label_en": column.label_en,
    }
    if column.description:
        field["description"] = column.description
    if column.unit:
        field["unit"] = column.unit
    if column.dtype.startswith("datetime"):
        field["format"] = "%Y-%m-%d"
    constraints = field_constraints(column)
    if constraints:
        field["constraints"] = constraints
    return field


def field_constraints(column: Column) -> dict[str, Any]:
    """A column's Table Schema constraints: required unless nullable, its allowed values, its minimum."""
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if column.allowed is not None:
        constraints["enum"] = list(column.allowed)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    return constraints


def describe_resource(table: Table) -> dict[str, Any]:
    """One table's CSV as a Frictionless resource."""
    by_name = dict(zip(table.column_names, table.csv_headers(), strict=True))
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": table.title_en,
        "title_ja": table.title_ja,
        "description": table.description + f" Also as {table.name}.parquet, with the machine names as columns.",
        "sources": [
            {
                "title": f"{table.source_title or SOURCE} {table.source_section}",
                **({"path": f"data/raw/{table.raw_file}"} if table.raw_file else {}),
            }
        ],
        "licenses": LICENSES,
        "schema": {
            "fields": [_field(column, by_name[column.name]) for column in table.columns],
            "primaryKey": [by_name[name] for name in table.primary_key],
        },
    }


def describe_package(tables: Iterable[Table] = TABLES.values(), version: str | None = None) -> dict[str, Any]:
    """The Data Package descriptor of the processed tables."""
    package: dict[str, Any] = {
        "name": "kodaira-analysis",
        "title": "Kodaira City's 3rd Administrative and Fiscal Restructuring Plan: the plan's tables, cleaned",
        "description": (
            "Tables of 小平市第３次行財政再構築プラン（平成29年度～32年度）, transcribed as printed and cleaned "
            "and validated by kodaira-analysis. CSV in UTF-8 with BOM (for Excel); each header is "
            "'label（unit）[column]', the machine name between the brackets. Money in million yen; fiscal "
            "years named by the calendar year they start in (2011 = 平成23年度); a blank cell is missing, never 0."
        ),
        "profile": "tabular-data-package",
        "licenses": LICENSES,
        "sources": [{"title": f"{SOURCE}（小平市 Kodaira City）"}],
        "resources": [describe_resource(table) for table in tables],
    }
    if version:
        package["version"] = version
    return package


def write_dictionary_files(folder: Path, tables: Iterable[Table] = TABLES.values()) -> None:
    """Write datapackage.json and data_dictionary.csv into ``folder`` (the build's staging folder)."""
    from importlib import metadata

    tables = list(tables)
    try:
        version = metadata.version("kodaira-analysis")
    except metadata.PackageNotFoundError:
        version = None
    descriptor = describe_package(tables, version)
    (folder / DATAPACKAGE).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pd.DataFrame(dictionary_rows(tables)).to_csv(folder / DATA_DICTIONARY, index=False, encoding="utf-8-sig")
