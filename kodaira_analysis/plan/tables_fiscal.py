"""The plan's fiscal tables, each described once: fiscal effects, indicator results, targets.

Cleaned by :mod:`~kodaira_analysis.plan.clean_fiscal`; :data:`kodaira_analysis.plan.tables.TABLES` lists
every table in build order.
"""

from __future__ import annotations

from kodaira_analysis.schema import Column, Table
from kodaira_analysis.schema import fiscal_year_column as _fy
from kodaira_analysis.schema import label_column as _label

INDICATORS = (
    "staff_quota",
    "current_balance_ratio",
    "fiscal_adjustment_fund",
    "public_facilities_fund",
    "debt_general_account",
    "debt_sewer",
)

#: Descriptions shared with the data dictionary's target_assessment (analysis/dictionary.py).
INDICATOR_ID_DESCRIPTION = (
    "staff_quota: 定員 (the staff quota, persons, as of 1 April after the fiscal year); current_balance_ratio: "
    "経常収支比率 (percent, settlement); fiscal_adjustment_fund, public_facilities_fund: the balances of "
    "財政調整基金 and 公共施設整備基金 (million yen, at the fiscal year's end); debt_general_account, debt_sewer: "
    "the outstanding municipal debt (市債残高) of the general account and of the sewerage account (million yen, "
    "at the fiscal year's end)"
)
UNIT_DESCRIPTION = "persons, percent or million_yen (the plan's 億円 figures times 100)"

COMPARATOR_DESCRIPTION = (
    "how a result is compared with the target: '<=' the target is a ceiling (the result must be at most the "
    "target), '>=' a floor (at least the target)"
)
COMPARATOR_SOURCE_DESCRIPTION = (
    "printed: the plan prints the direction (以下 or 以内: the current balance ratio and both debts); implied: the "
    "plan prints a figure without a direction, and the comparator is our reading (the staff quota a ceiling, "
    "the two fund balances floors)"
)
TARGET_AS_OF_DESCRIPTION = (
    "the date the target describes: 1 April 2016 for the staff quota (a quota as of 1 April after the "
    "target fiscal year), 31 March 2016 (the target fiscal year's end) for the others"
)

FISCAL_TABLES: tuple[Table, ...] = (
    Table(
        name="fiscal_effects",
        title_ja="行財政再構築の財政効果（平成23～27年度）",
        title_en="Fiscal effect of the restructuring, FY2011-FY2015",
        description=(
            "Settled (決算) fiscal effect of the 2nd Reform Programme by category and fiscal "
            "year. FY2015 is blank in the plan (it gives no reason) and is missing here, never 0. "
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
                description=(
                    "revenue: 歳入確保策の実施 (securing revenue); personnel: 人件費等の削減 (cutting personnel costs); "
                    "administrative: 事務費等の削減 (cutting administrative costs); programs: 施策等の見直し "
                    "(reviewing programmes)"
                ),
            ),
            _label("category", "区分", "Category", description="the plan's name of the category, as printed"),
            _label("category_en", "区分（英語）", "Category (English)", description="our translation"),
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
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS, description=INDICATOR_ID_DESCRIPTION),
            _label("indicator_ja", "指標", "Indicator", description="the plan's name of the indicator"),
            _label("indicator_en", "指標（英語）", "Indicator (English)", description="our translation"),
            _fy(),
            Column("as_of", "datetime64[ns]", "時点", "As of", description="date the figure describes", nullable=True),
            Column(
                "value",
                "float64",
                "実績",
                "Result",
                description="in the row's unit; NaN where the plan prints no figure",
                nullable=True,
            ),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen"), description=UNIT_DESCRIPTION),
            _label(
                "value_printed",
                "実績（原文）",
                "Result as printed",
                nullable=True,
                description="the cell as the plan prints it (911人, 92.7%, 23.6億円); missing where it prints none: "
                "FY2015 for every indicator but the staff quota, whose FY2015 figure (932人, as of 1 April 2016) "
                "is printed",
            ),
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
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS, description=INDICATOR_ID_DESCRIPTION),
            _label("indicator_ja", "指標", "Indicator", description="the plan's name of the indicator"),
            _label("indicator_en", "指標（英語）", "Indicator (English)", description="our translation"),
            _label("comparator", "比較", "Comparator", allowed=("<=", ">="), description=COMPARATOR_DESCRIPTION),
            _label(
                "comparator_source",
                "比較の根拠",
                "Comparator source",
                allowed=("printed", "implied"),
                description=COMPARATOR_SOURCE_DESCRIPTION,
            ),
            Column("target_value", "float64", "目標値", "Target", description="in the row's unit"),
            _fy("target_fiscal_year", "目標年度", "Target fiscal year"),
            Column("target_as_of", "datetime64[ns]", "目標時点", "Target date", description=TARGET_AS_OF_DESCRIPTION),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen"), description=UNIT_DESCRIPTION),
            _label(
                "target_printed",
                "目標値（原文）",
                "Target as printed",
                description="as the plan prints it (910人, 95.0%以下, 300億円以内, 30億円)",
            ),
        ),
    ),
)
