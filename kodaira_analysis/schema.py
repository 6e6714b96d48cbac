"""How a table is described, once: its columns, dtypes, units, labels, key and source.

Every table of the project (the plan's, SSDSE-A's and the computed ones) is
an instance of :class:`Table`; the schema checks, the Excel-friendly CSV
headers and the data dictionary all derive from these descriptions. Units are
named in full: ``million_yen``, ``percent``, ``persons``, ``items``,
``births_per_woman``; a column without a unit says ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a processed table."""

    name: str
    dtype: str
    label_ja: str
    label_en: str
    unit: str | None = None
    description: str = ""
    nullable: bool = False
    allowed: tuple | None = None
    minimum: float | None = None
    #: The kind of year the column holds where :func:`year_kind` cannot tell it from the unit and dtype.
    year_kind: str | None = None


@dataclass(frozen=True)
class Table:
    """One processed table: where it comes from and what each column means."""

    name: str
    title_ja: str
    title_en: str
    description: str
    raw_file: str | None
    source_section: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    raw_columns: tuple[str, ...] = field(default=())
    #: The call that returns the table, when it is not ``load(name)`` (a table the library computes).
    returned_by: str = ""
    #: Who published the table when it is not the plan (the city's progress pages); None: the plan.
    source_title: str | None = None

    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the description of one column."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name} has no column {name!r}")

    def csv_headers(self) -> list[str]:
        """Headers for the Excel CSV: Japanese label, unit and machine name.

        >>> Table("t", "表", "Table", "", None, "", ("a",), (Column("a", "float64", "金額", "Amount", "million_yen"),)).csv_headers()
        ['金額（百万円）[a]']
        """
        headers = []
        for col in self.columns:
            unit = f"（{UNIT_LABELS_JA[col.unit]}）" if col.unit else ""
            headers.append(f"{col.label_ja}{unit}[{col.name}]")
        return headers


#: How each unit is written for a Japanese reader.
UNIT_LABELS_JA = {
    "million_yen": "百万円",
    "percent": "%",
    "persons": "人",
    "items": "項目",
    "births_per_woman": "人",
    "fiscal_year": "年度",
}

FISCAL_YEAR_DESCRIPTION = "fiscal year (April to March) named by the calendar year it starts in: 2011 = 平成23年度"


def fiscal_year_column(
    name: str = "fiscal_year", label_ja: str = "年度", label_en: str = "Fiscal year", **kw
) -> Column:
    """A fiscal-year column (Int64, unit fiscal_year), described as the project names fiscal years."""
    kw.setdefault("description", FISCAL_YEAR_DESCRIPTION)
    return Column(name, "Int64", label_ja, label_en, unit="fiscal_year", **kw)


def label_column(name: str, label_ja: str, label_en: str, description: str = "", **kw) -> Column:
    """A text column."""
    return Column(name, "str", label_ja, label_en, description=description, **kw)


#: The kinds of year a column can hold, as the data dictionary's ``year_kind`` names them.
FISCAL_YEAR = "fiscal year"
DATE = "date"
PER_ROW = "per row: see the table's year_kind"


def year_kind(table: Table, column: Column) -> str | None:
    """The kind of year of one column: fiscal year, a date, or per row (where the table has a ``year_kind``).

    A column that holds no year or date gives None. The year columns of a table whose rows carry their own kind
    of year (``year_kind``: SSDSE-A, MIC, the plan's demographics) are ``per row``.

    >>> t = Table("t", "表", "Table", "", None, "", ("fy",), (fiscal_year_column("fy"), Column("v", "float64", "値", "Value")))
    >>> [year_kind(t, c) for c in t.columns]
    ['fiscal year', None]
    """
    if column.year_kind is not None:
        return column.year_kind
    if column.unit != "fiscal_year" and not column.dtype.startswith("datetime"):
        return None
    if "year_kind" in table.column_names:
        return PER_ROW
    return FISCAL_YEAR if column.unit == "fiscal_year" else DATE


def dictionary_rows(tables: Iterable[Table]) -> list[dict]:
    """The data dictionary's rows: one per table and column (describe_tables(), data_dictionary.csv)."""
    return [
        {
            "table": t.name,
            "column": c.name,
            "dtype": c.dtype,
            "unit": c.unit,
            "year_kind": year_kind(t, c),
            "label_ja": c.label_ja,
            "label_en": c.label_en,
            "nullable": c.nullable,
            "in_primary_key": c.name in t.primary_key,
            "description": c.description,
            "source_section": t.source_section,
            "returned_by": t.returned_by or f"load({t.name!r})",
        }
        for t in tables
        for c in t.columns
    ]
