"""MIC's tables, described once (see :mod:`kodaira_analysis.schema`)."""

from __future__ import annotations

from kodaira_analysis.schema import Column, Table
from kodaira_analysis.schema import fiscal_year_column as _fy
from kodaira_analysis.schema import label_column as _label

SOURCE_SECTION = (
    "総務省「地方公共団体の主要財政指標一覧」全市町村の主要財政指標 平成17年度-令和3年度 (data/external/mic-indices)"
)
_SOURCE_TITLE = "総務省『地方公共団体の主要財政指標一覧』 (MIC)"
INDICATOR_CODES = (
    "fiscal_capability_index",
    "current_balance_ratio",
    "real_debt_service_ratio",
    "future_burden_ratio",
    "debt_restriction_ratio",
    "laspeyres_index",
)
UNITS = ("ratio", "percent", "index_national_100")
DASH_MEANINGS = ("no_net_future_burden", "not_computed_merged_away", "not_computed", "no_reason_given", "blank_cell")
_DASH = (
    "why value is missing, when it is: no_net_future_burden (a dash in 将来負担比率: the resources that can be set "
    "against future burdens exceed them, MIC's 指標のみかた 4.; not a missing figure and not 0); "
    "not_computed_merged_away (a dash in 実質公債費比率 of FY2007: merged away after 1 April 2008, the edition's "
    "footnote); not_computed (MIC computes no municipal average of the Laspeyres index); no_reason_given (a dash "
    "the edition does not explain); blank_cell (an empty cell); empty when value is a figure"
)


_CODES = (
    "the project's code of MIC's indicator: fiscal_capability_index 財政力指数; current_balance_ratio 経常収支比率; "
    "real_debt_service_ratio 実質公債費比率; future_burden_ratio 将来負担比率 (from FY2008); debt_restriction_ratio "
    "起債制限比率 (FY2005-FY2007 only); laspeyres_index ラスパイレス指数 (not in FY2007)"
)


def _shared_columns() -> tuple[Column, ...]:
    return (
        _fy(description="the fiscal year of the edition (settlement year); the Laspeyres index is as of as_of"),
        _label("indicator_code", "指標ID", "Indicator id", allowed=INDICATOR_CODES, description=_CODES),
        _label("indicator", "指標", "Indicator", description="MIC's Japanese name"),
        _label("indicator_en", "指標（英語）", "Indicator (English)", description="our translation"),
        Column(
            "value",
            "float64",
            "値",
            "Value",
            nullable=True,
            description="the figure as MIC printed it, at the published decimals (binary noise such as "
            "3.3000000000000003 rounded away); empty only with a dash_meaning",
        ),
        _label(
            "unit",
            "単位",
            "Unit",
            allowed=UNITS,
            description="ratio (財政力指数), percent, index_national_100 (national civil service = 100)",
        ),
        Column("decimals", "Int64", "公表桁数", "Published decimals", description="2 for 財政力指数, else 1"),
        _label(
            "value_printed",
            "表示値",
            "Value as printed",
            description="the cell as the sheet shows it: text verbatim (a dash as '-' or '－', '(0.80)'), a number "
            "at the published decimals (a negative with '-', where MIC's format shows ▲); '' for a blank cell",
        ),
        _label(
            "dash_meaning", "欠測の理由", "What a dash means", nullable=True, allowed=DASH_MEANINGS, description=_DASH
        ),
        _label(
            "year_kind",
            "年度の種類",
            "Kind of year",
            allowed=("fiscal_year_settlement", "as_of_1_april"),
            description="fiscal_year_settlement: a settlement figure of the fiscal year; as_of_1_april: the Laspeyres "
            "index, as of 1 April (see as_of)",
        ),
        Column(
            "as_of",
            "datetime64[ns]",
            "基準日",
            "As of",
            nullable=True,
            description="Laspeyres index only: the 1 April it is as of (FY2005 and FY2006 editions: the next "
            "April, as their footnotes print; from FY2008: 1 April of the fiscal year)",
        ),
        _label(
            "as_of_basis",
            "基準日の根拠",
            "Basis of as_of",
            nullable=True,
            description="printed by MIC (footnote or 指標のみかた) or ours (our reading, said as such)",
        ),
        Column(
            "reference_value",
            "float64",
            "参考値",
            "Reference value",
            nullable=True,
            description="Laspeyres index of FY2012 and FY2013 only: MIC's ラスパイレス指数参考値, the index had the "
            "national pay cut of 2012-2013 not been made",
        ),
        _label(
            "reference_reason",
            "参考値の説明",
            "Why a reference value",
            nullable=True,
            description="MIC's footnote, as printed",
        ),
        _label(
            "note",
            "注記",
            "Note",
            nullable=True,
            description="printed in parentheses; stored with more digits than shown; the pay-cut caveat",
        ),
    )


def _provenance() -> tuple[Column, ...]:
    return (
        _label("edition", "版", "Edition", description="the file: H17 (FY2005) ... R3 (FY2021)"),
        Column("source_row", "Int64", "行", "Row", description="the row in MIC's sheet (title = row 1)"),
    )


#: Tables from MIC's 主要財政指標 (built from data/external/mic-indices, not data/raw).
MIC_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            name="mic_indicators",
            title_ja="全市町村の主要財政指標（総務省）平成17年度-令和3年度",
            title_en="Main fiscal indicators of every municipality (MIC), FY2005-FY2021",
            description=(
                "One row per municipality, indicator and fiscal year, from MIC's seventeen editions: 財政力指数, "
                "経常収支比率, 実質公債費比率, 将来負担比率 (from FY2008), 起債制限比率 (FY2005-FY2007) and "
                "ラスパイレス指数 (not in FY2007), exactly as printed. Codes are printed from FY2011; earlier rows "
                "are matched by prefecture and name (code_basis), and those that cannot be matched are in "
                "mic_unmatched, not guessed."
            ),
            raw_file=None,
            source_section=SOURCE_SECTION,
            source_title=_SOURCE_TITLE,
            primary_key=("municipality_code", "indicator_code", "fiscal_year"),
            columns=(
                _label(
                    "municipality_code",
                    "団体コード",
                    "Municipality code",
                    description="five digits as text, e.g. 13211 (MIC prints six: these and a check digit)",
                ),
                _label(
                    "code_basis",
                    "コードの根拠",
                    "Basis of the code",
                    allowed=("printed", "matched_by_name", "matched_by_name_variant"),
                    description="printed (FY2011-) or matched_by_name (FY2005-FY2010: same prefecture and name in "
                    "the FY2011 edition or a later one; a merger that kept an old name is not visible to such a "
                    "match), matched_by_name_variant (the same with a variant character of name_variants.csv, "
                    "e.g. 鰺ヶ沢町 = 鰺ケ沢町; note gives the other spelling)",
                ),
                _label("prefecture", "都道府県", "Prefecture", description="as printed in the edition"),
                _label("municipality", "団体名", "Municipality", description="as printed in the edition"),
                *_shared_columns(),
                *_provenance(),
            ),
        ),
        Table(
            name="mic_averages",
            title_ja="全国市町村平均（総務省 主要財政指標）",
            title_en="National municipal averages (MIC's own average row)",
            description=(
                "MIC's 全国市町村平均 row of each edition. MIC's footnotes: 経常収支比率, 実質公債費比率, "
                "将来負担比率 and 起債制限比率 are weighted averages, 財政力指数 a simple one; the averages of "
                "財政力指数 and 経常収支比率 leave out Tokyo's special wards; no municipal average of the "
                "Laspeyres index is computed."
            ),
            raw_file=None,
            source_section=SOURCE_SECTION,
            source_title=_SOURCE_TITLE,
            primary_key=("indicator_code", "fiscal_year"),
            columns=(
                *_shared_columns(),
                _label("label", "行の表示", "Row label", description="as printed, e.g. 全国市町村平均"),
                *_provenance(),
            ),
        ),
        Table(
            name="mic_prefecture_averages",
            title_ja="市町村主要財政指標の都道府県別平均（総務省）",
            title_en="Prefecture averages of the municipal indicators (MIC)",
            description=(
                "MIC's average of each prefecture's municipalities (prefecturemean/), one row per prefecture, "
                "indicator and fiscal year. MIC's footnotes (FY2005-FY2007): 経常収支比率, 実質公債費比率 and "
                "起債制限比率 weighted averages, 財政力指数 a simple one, the averages of 財政力指数 and 経常収支比率 "
                "without Tokyo's special wards; no average of the Laspeyres index is computed (dash_meaning "
                "not_computed). MIC does not say what any other dash in this file means (no_reason_given): in "
                "将来負担比率 every prefecture has one in FY2008 and FY2009, 1 to 11 a year from FY2010. reference_value and "
                "reference_reason are always empty here."
            ),
            raw_file=None,
            source_section=SOURCE_SECTION,
            source_title=_SOURCE_TITLE,
            primary_key=("prefecture", "indicator_code", "fiscal_year"),
            columns=(
                _label("prefecture", "都道府県", "Prefecture", description="as printed"),
                *_shared_columns(),
                *_provenance(),
            ),
        ),
        Table(
            name="mic_unmatched",
            title_ja="団体コードを付けられなかった行（平成17-22年度版）",
            title_en="Rows of the FY2005-FY2010 editions left without a code",
            description=(
                "Municipalities of the editions without codes that have no namesake in the same prefecture in "
                "the FY2011-FY2021 editions (merged away, renamed, or made a city under another name): reported, "
                "not guessed; their figures are not in mic_indicators."
            ),
            raw_file=None,
            source_section=SOURCE_SECTION,
            source_title=_SOURCE_TITLE,
            primary_key=("edition", "source_row"),
            columns=(
                _fy(),
                *_provenance(),
                _label("prefecture", "都道府県", "Prefecture", description="as printed in the edition"),
                _label("municipality", "団体名", "Municipality", description="as printed in the edition"),
                _label(
                    "reason",
                    "理由",
                    "Reason",
                    description=(
                        "why no code was given, in English: either no municipality of that prefecture and name "
                        "(nor of its spelling in name_variants.csv) is in the FY2011-FY2021 editions, or those "
                        "editions give the name several codes (listed in the text)"
                    ),
                ),
            ),
        ),
    )
}
