"""SSDSE-A's tables, described once (see :mod:`kodaira_analysis.schema`)."""

from __future__ import annotations

from kodaira_analysis.schema import PER_ROW, Column, Table
from kodaira_analysis.schema import label_column as _label

#: The kinds of year of ssdse/indicators.csv (tests/test_tables.py checks the file against this list).
YEAR_KINDS = (
    "census (1 October)",
    "fiscal year (settlement)",
    "survey of 1 April",
    "survey of 1 May",
    "survey of 1 October",
    "survey of 31 December",
    "calendar year",
    "establishment census (survey date of the year)",
    "census of agriculture and forestry (1 February)",
    "year as published",
)
#: The units of ssdse/indicators.csv.
UNITS = (
    "persons",
    "households",
    "cases",
    "hectares",
    "establishments",
    "farm households",
    "percent",
    "million_yen",
    "schools",
    "facilities",
)


def _category(name: str, label_ja: str, label_en: str, description: str = "", **kw) -> Column:
    """A text column that load() returns as a pandas category (few distinct values in a million rows)."""
    return Column(name, "category", label_ja, label_en, description=description, **kw)


#: Tables from public statistics beyond the plan (built from data/external, not data/raw).
SSDSE_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            name="ssdse",
            title_ja="教育用標準データセット（SSDSE-A）市区町村データ",
            title_en="SSDSE-A municipal data (National Statistics Center)",
            description=(
                "Every indicator of every municipality in the SSDSE-A editions present, one row per "
                "municipality, indicator and year; where editions overlap the newest wins (disagreements "
                "in table ssdse_conflicts). Money converted from thousand yen to million yen; the year "
                "is the data year printed for the column, its kind in year_kind and its unit in unit "
                "(one row per indicator in ssdse/indicators.csv)."
            ),
            raw_file=None,
            source_section="SSDSE-A 2018-2026 (data/external/ssdse-a)",
            primary_key=("municipality_code", "indicator_code", "year"),
            columns=(
                _label("municipality_code", "地域コード", "Municipality code", description="five digits, e.g. 13211"),
                _category("prefecture", "都道府県", "Prefecture", description="as the newest edition names it"),
                _category("municipality", "市区町村", "Municipality", description="as the newest edition names it"),
                _category("indicator_code", "指標コード", "Indicator code", description="e.g. D2203"),
                _category("indicator", "指標", "Indicator", description="Japanese name as published, NFKC-normalised"),
                _category(
                    "indicator_en",
                    "指標（英語）",
                    "Indicator (English)",
                    description="the project's translation of the Japanese name (see indicator_en_source)",
                ),
                _category(
                    "indicator_en_source",
                    "英語名の出典",
                    "Source of the English name",
                    allowed=("project translation",),
                    description="SSDSE-A publishes Japanese names only: every English name is the project's",
                ),
                Column(
                    "year",
                    "Int64",
                    "年",
                    "Year",
                    description="the data year printed for the column",
                    year_kind=PER_ROW,
                ),
                _category(
                    "year_kind",
                    "年の種類",
                    "Kind of year",
                    allowed=YEAR_KINDS,
                    description=(
                        "what the year means: a census on 1 October, a fiscal year's settlement (April to March), "
                        "a survey on a date of the year, a calendar year, or an establishment census (the economic "
                        "census or the census of commerce, on its survey date of that year); SSDSE-A prints the "
                        "year only, so this is "
                        "the project's reading of the statistic behind each indicator ('year as published' where "
                        "the project has not established it); ssdse/indicators.csv"
                    ),
                ),
                Column("value", "float64", "値", "Value", description="in the row's unit"),
                _category(
                    "unit",
                    "単位",
                    "Unit",
                    allowed=UNITS,
                    description="money converted from the published thousand yen to million yen; percent as published",
                ),
                Column("edition", "int64", "版", "Edition", description="the SSDSE-A edition the value comes from"),
            ),
        ),
        Table(
            name="ssdse_conflicts",
            title_ja="SSDSE-A 版による値の食い違い",
            title_en="SSDSE-A values that differ between editions",
            description="Every edition's value of each municipality, indicator and year whose editions disagree.",
            raw_file=None,
            source_section="SSDSE-A 2018-2026 (data/external/ssdse-a)",
            primary_key=("municipality_code", "indicator_code", "year", "edition"),
            columns=(
                _label("municipality_code", "地域コード", "Municipality code", description="five digits, e.g. 13211"),
                _label("indicator_code", "指標コード", "Indicator code", description="e.g. D2203, as in table ssdse"),
                Column(
                    "year",
                    "Int64",
                    "年",
                    "Year",
                    description="the data year printed for the column; its kind is the indicator's year_kind in ssdse",
                    year_kind="per indicator: its year_kind in table ssdse",
                ),
                _label("municipality", "市区町村", "Municipality", description="as this row's edition names it"),
                _label(
                    "indicator", "指標", "Indicator", description="Japanese name as this edition publishes it, NFKC"
                ),
                Column(
                    "edition",
                    "int64",
                    "版",
                    "Edition",
                    description="the SSDSE-A edition (its year, e.g. 2024) this row's value comes from",
                ),
                Column(
                    "value",
                    "float64",
                    "値",
                    "Value",
                    description="as published, in the file's unit (unit_in_file of ssdse/indicators.csv), before conversion",
                ),
            ),
        ),
    )
}
