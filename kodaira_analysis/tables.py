"""Every processed table described once: columns, dtypes, units, labels, key, source.

The schema check (validate.py), the Excel-friendly CSV headers (build.py)
and the documentation (``TABLES``, ``describe_tables()``) all derive from
these descriptions. Units are named in full: ``million_yen``, ``percent``,
``persons``, ``items``, ``births_per_woman``; a column without a unit says
``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SOURCE = "小平市第３次行財政再構築プラン（平成29年度～32年度）"

STATUSES = ("ahead", "on_schedule", "behind")
INDICATORS = (
    "staff_quota",
    "current_balance_ratio",
    "fiscal_adjustment_fund",
    "public_facilities_fund",
    "debt_general_account",
    "debt_sewer",
)


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

        >>> TABLES["fiscal_effects"].csv_headers()[-1]
        '財政効果額（百万円）[amount_million_yen]'
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

_FY = "fiscal year (April to March) named by the calendar year it starts in: 2011 = 平成23年度"


def _fy(name: str = "fiscal_year", label_ja: str = "年度", label_en: str = "Fiscal year", **kw) -> Column:
    kw.setdefault("description", _FY)
    return Column(name, "Int64", label_ja, label_en, unit="fiscal_year", **kw)


def _label(name: str, label_ja: str, label_en: str, description: str = "", **kw) -> Column:
    return Column(name, "str", label_ja, label_en, description=description, **kw)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            name="fiscal_effects",
            title_ja="行財政再構築の財政効果（平成23～27年度）",
            title_en="Fiscal effect of the restructuring, FY2011-FY2015",
            description=(
                "Settled (決算) fiscal effect of the 2nd reform programme by category and fiscal "
                "year. FY2015 is blank in the plan (not yet settled) and is missing here, never 0. "
                "Row and column totals are checked against the published ones, not stored."
            ),
            raw_file="fiscal_effects.csv",
            raw_columns=("区分", "23年度", "24年度", "25年度", "26年度", "27年度", "合計", "単位"),
            source_section="第１章２（３）財政効果",
            primary_key=("category_id", "fiscal_year"),
            columns=(
                _fy(),
                _label(
                    "category_id",
                    "区分ID",
                    "Category id",
                    allowed=("revenue", "personnel", "administrative", "programs"),
                ),
                _label("category", "区分", "Category"),
                _label("category_en", "区分（英語）", "Category (English)"),
                Column(
                    "amount_million_yen",
                    "float64",
                    "財政効果額",
                    "Fiscal effect",
                    unit="million_yen",
                    description="settled amount; NaN where the plan prints no figure",
                    nullable=True,
                ),
            ),
        ),
        Table(
            name="indicators",
            title_ja="数値目標の実績",
            title_en="Results of the numerical targets, FY2011-FY2015",
            description=(
                "Each of the six target indicators by the fiscal-year column the plan prints it "
                "under. as_of is the date the figure describes: the printed date for the staff "
                "quota (April 1 after the fiscal year), the fiscal year's end for settlements."
            ),
            raw_file="numerical_targets.csv",
            raw_columns=("指標", "行", "目標値", "23年度", "24年度", "25年度", "26年度", "27年度"),
            source_section="第１章２（４）数値目標と達成状況",
            primary_key=("indicator", "fiscal_year"),
            columns=(
                _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS),
                _label("indicator_ja", "指標", "Indicator"),
                _label("indicator_en", "指標（英語）", "Indicator (English)"),
                _fy(),
                Column(
                    "as_of", "datetime64[ns]", "時点", "As of", description="date the figure describes", nullable=True
                ),
                Column(
                    "value",
                    "float64",
                    "実績",
                    "Result",
                    description="in the row's unit; NaN where the plan prints no figure",
                    nullable=True,
                ),
                _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen")),
                _label("value_printed", "実績（原文）", "Result as printed", nullable=True),
            ),
        ),
        Table(
            name="targets",
            title_ja="数値目標",
            title_en="Numerical targets",
            description=(
                "The target of each indicator. comparator is printed (以下, 以内) or implied "
                "(a fund balance target is a floor, a staff quota a ceiling): comparator_source says which."
            ),
            raw_file="numerical_targets.csv",
            raw_columns=("指標", "行", "目標値", "23年度", "24年度", "25年度", "26年度", "27年度"),
            source_section="第１章２（４）数値目標と達成状況",
            primary_key=("indicator",),
            columns=(
                _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS),
                _label("indicator_ja", "指標", "Indicator"),
                _label("indicator_en", "指標（英語）", "Indicator (English)"),
                _label("comparator", "比較", "Comparator", allowed=("<=", ">=")),
                _label("comparator_source", "比較の根拠", "Comparator source", allowed=("printed", "implied")),
                Column("target_value", "float64", "目標値", "Target", description="in the row's unit"),
                _fy("target_fiscal_year", "目標年度", "Target fiscal year"),
                Column("target_as_of", "datetime64[ns]", "目標時点", "Target date"),
                _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen")),
                _label("target_printed", "目標値（原文）", "Target as printed"),
            ),
        ),
        Table(
            name="program_progress",
            title_ja="第２次改革推進プログラムの進捗状況（平成28年３月末現在）",
            title_en="Progress of the 2nd reform programme at the end of March 2016",
            description="Items of the 2nd reform programme (62 in all) by policy and status.",
            raw_file="program_progress.csv",
            raw_columns=("方針", "予定より前倒し", "予定どおり", "予定より遅れ", "計", "時点"),
            source_section="第１章２（２）第２次改革推進プログラムの進捗状況",
            primary_key=("policy_no", "status"),
            columns=(
                Column("policy_no", "Int64", "方針番号", "Policy no.", allowed=(1, 2, 3, 4, 5)),
                _label("policy", "方針", "Policy"),
                _label("policy_en", "方針（英語）", "Policy (English)"),
                _label("status", "進捗", "Status", allowed=STATUSES),
                _label("status_ja", "進捗（日本語）", "Status (Japanese)"),
                _label("status_en", "進捗（英語）", "Status (English)"),
                Column("items", "Int64", "項目数", "Items", unit="items", minimum=0),
                Column("as_of", "datetime64[ns]", "時点", "As of"),
            ),
        ),
        Table(
            name="reform_history",
            title_ja="行財政改革の取組の経過（平成8年度～）",
            title_en="Reform programmes since FY1996",
            description=(
                "Each reform programme with its period, its number of items and, where the plan "
                "says so, the one-year follow-up of unfinished items. Items the plan does not "
                "state are missing (the 3rd programme's count is not in the extracted text)."
            ),
            raw_file="reform_history.csv",
            raw_columns=(
                "計画",
                "計画期間",
                "項目数",
                "フォローアップ年度",
                "フォローアップ項目数",
                "フォローアップ対象項目数",
            ),
            source_section="第１章２（１）これまでの行財政改革の取組",
            primary_key=("program_id",),
            columns=(
                Column("program_order", "Int64", "順", "Order", minimum=1),
                _label("program_id", "計画ID", "Programme id"),
                _label("program", "計画", "Programme"),
                _label("program_en", "計画（英語）", "Programme (English)"),
                _fy("start_fiscal_year", "開始年度", "First fiscal year"),
                _fy("end_fiscal_year", "終了年度", "Last fiscal year"),
                Column("items", "Int64", "項目数", "Items", unit="items", nullable=True, minimum=0),
                _fy("followup_fiscal_year", "フォローアップ年度", "Follow-up fiscal year", nullable=True),
                Column(
                    "followup_items",
                    "Int64",
                    "フォローアップ項目数",
                    "Items followed up",
                    unit="items",
                    nullable=True,
                    minimum=0,
                ),
                Column(
                    "followup_base_items",
                    "Int64",
                    "フォローアップ対象項目数",
                    "Items reviewed for follow-up",
                    unit="items",
                    nullable=True,
                    minimum=0,
                    description="the 'out of N' the plan prints for the follow-up (52項目中26項目)",
                ),
            ),
        ),
        Table(
            name="demographics",
            title_ja="人口の高齢化と出生率",
            title_en="Ageing and fertility",
            description=(
                "The share of residents aged 65+ (Kodaira, January 1) and the total fertility "
                "rate (Kodaira and Japan). The plan says the 2015 share 'exceeds 22%': it is a "
                "lower bound (bound='lower'), never an exact point. The plan prints the fertility "
                "rates with a % sign; a total fertility rate is births per woman."
            ),
            raw_file="demographics.csv",
            raw_columns=("指標", "地域", "時点", "値"),
            source_section="第１章３（２）行政再構築の推進",
            primary_key=("indicator", "area", "period"),
            columns=(
                _label("indicator", "指標ID", "Indicator id", allowed=("aged_65_plus_share", "total_fertility_rate")),
                _label("indicator_ja", "指標", "Indicator"),
                _label("indicator_en", "指標（英語）", "Indicator (English)"),
                _label("area", "地域ID", "Area id", allowed=("kodaira", "japan")),
                _label("area_ja", "地域", "Area"),
                _label("area_en", "地域（英語）", "Area (English)"),
                _label("period", "時点（原文）", "Period as printed"),
                Column(
                    "as_of",
                    "datetime64[ns]",
                    "時点",
                    "As of",
                    nullable=True,
                    description="the date a stock figure describes; missing for a fiscal-year figure",
                ),
                _fy(nullable=True, description=_FY + "; missing for a dated figure"),
                Column("value", "float64", "値", "Value", description="in the row's unit"),
                _label(
                    "bound",
                    "値の種類",
                    "Bound",
                    allowed=("exact", "lower"),
                    description="'lower': the true value exceeds value",
                ),
                _label("unit", "単位", "Unit", allowed=("percent", "births_per_woman")),
                _label("value_printed", "値（原文）", "Value as printed"),
            ),
        ),
        Table(
            name="plan_structure",
            title_ja="第３次行財政再構築プランの体系",
            title_en="Structure of the 3rd restructuring plan",
            description=(
                "Viewpoints, directions, the five policies and their implementation measures, "
                "as a hierarchy: a policy's parent is its direction, a measure's parent its policy. "
                "Viewpoints underlie all three directions and have no parent."
            ),
            raw_file="plan_structure.csv",
            raw_columns=("階層", "番号", "名称", "上位番号", "出典"),
            source_section="第１章４～６、第２章",
            primary_key=("node_id",),
            columns=(
                _label("node_id", "ID", "Node id"),
                _label("level", "階層", "Level", allowed=("viewpoint", "direction", "policy", "measure")),
                _label("number", "番号", "Number"),
                _label("name", "名称", "Name"),
                _label("name_en", "名称（英語）", "Name (English)"),
                _label("parent_id", "上位ID", "Parent id", nullable=True),
                _label("section", "出典", "Section of the plan"),
            ),
        ),
    )
}


#: Tables from public statistics beyond the plan (built from data/external, not data/raw).
EXTERNAL_TABLES: dict[str, Table] = {
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


#: Tables computed by the library rather than loaded (described here so the data dictionary covers them).
DERIVED_TABLES: dict[str, Table] = {
    "target_assessment": Table(
        name="target_assessment",
        title_ja="数値目標の評価",
        title_en="Assessment of the numerical targets (kodaira_analysis.assess_targets())",
        description=(
            "One row per indicator. Method: the latest result is the last fiscal year with a figure; met = the "
            "latest result satisfies the comparator (judged on the target year's own result once one exists); "
            "the projection extends the results to the target's fiscal year ('linear': least-squares line "
            "through every result; 'last_change': the last yearly change repeated); settled = a result exists "
            "for the target year or later, and then on_track = met; status is met, on_track (not met yet, "
            "projected to be), off_track (not met, not projected to be) or not_met (settled and missed)."
        ),
        raw_file=None,
        source_section="第１章２（４）数値目標と達成状況 (computed)",
        primary_key=("indicator",),
        columns=(
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS),
            _label("comparator", "比較", "Comparator", allowed=("<=", ">=")),
            Column("target_value", "float64", "目標値", "Target", description="in the row's unit"),
            _fy("target_fiscal_year", "目標年度", "Target fiscal year"),
            Column("latest_value", "float64", "直近の実績", "Latest result", description="in the row's unit"),
            _fy("latest_fiscal_year", "直近の実績の年度", "Fiscal year of the latest result"),
            Column("target_year_value", "float64", "目標年度の実績", "Result for the target year", nullable=True),
            Column("met", "bool", "達成", "Met"),
            Column("settled", "bool", "確定", "Settled", description="a result exists for the target year or later"),
            _label("projection_method", "推計方法", "Projection method", allowed=("linear", "last_change")),
            Column("projected_value", "float64", "目標年度の推計", "Projected value at the target year"),
            Column("on_track", "bool", "達成見込み", "On track"),
            _label("status", "評価", "Status", allowed=("met", "on_track", "off_track", "not_met")),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen")),
        ),
    )
}


def describe_tables() -> pd.DataFrame:
    """Return the data dictionary: one row per table and column.

    >>> d = describe_tables()
    >>> d.loc[d.column == "amount_million_yen", "unit"].item()
    'million_yen'
    """
    rows = [
        {
            "table": t.name,
            "column": c.name,
            "dtype": c.dtype,
            "unit": c.unit,
            "label_ja": c.label_ja,
            "label_en": c.label_en,
            "nullable": c.nullable,
            "in_primary_key": c.name in t.primary_key,
            "description": c.description,
            "source_section": t.source_section,
        }
        for t in (*TABLES.values(), *EXTERNAL_TABLES.values(), *DERIVED_TABLES.values())
        for c in t.columns
    ]
    return pd.DataFrame(rows)
