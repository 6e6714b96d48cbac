"""SSDSE-A's tables, described once (see :mod:`kodaira_analysis.schema`)."""

from __future__ import annotations

from kodaira_analysis.schema import Column, Table
from kodaira_analysis.schema import label_column as _label

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
                "is the data year printed for the column (census year, fiscal year or survey year: see "
                "ssdse_indicators.csv)."
            ),
            raw_file=None,
            source_section="SSDSE-A 2018-2026 (data/external/ssdse-a)",
            primary_key=("municipality_code", "indicator_code", "year"),
            columns=(
                _label("municipality_code", "地域コード", "Municipality code", description="five digits, e.g. 13211"),
                _label("prefecture", "都道府県", "Prefecture"),
                _label("municipality", "市区町村", "Municipality"),
                _label("indicator_code", "指標コード", "Indicator code", description="e.g. D2203"),
                _label("indicator", "指標", "Indicator", description="Japanese name, NFKC-normalised"),
                _label(
                    "indicator_en",
                    "指標（英語）",
                    "Indicator (English)",
                    nullable=True,
                    description="for the indicators the project uses",
                ),
                Column("year", "Int64", "年", "Year", description="the data year printed for the column"),
                Column("value", "float64", "値", "Value", description="in the row's unit"),
                _label("unit", "単位", "Unit"),
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
                _label("municipality_code", "地域コード", "Municipality code"),
                _label("indicator_code", "指標コード", "Indicator code"),
                Column("year", "Int64", "年", "Year"),
                _label("municipality", "市区町村", "Municipality"),
                _label("indicator", "指標", "Indicator"),
                Column("edition", "int64", "版", "Edition"),
                Column("value", "float64", "値", "Value", description="as published (before unit conversion)"),
            ),
        ),
    )
}
