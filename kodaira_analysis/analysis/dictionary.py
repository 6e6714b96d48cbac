"""The data dictionary: every table the project loads or computes, one row per column."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.dataset import TABLES
from kodaira_analysis.plan.tables_fiscal import INDICATORS
from kodaira_analysis.schema import FISCAL_YEAR_DESCRIPTION, Column, Table, dictionary_rows
from kodaira_analysis.schema import label_column as _label


def _fy_int(name: str, label_ja: str, label_en: str) -> Column:
    """A fiscal-year column that is never missing (int64), as assess_targets() returns it."""
    return Column(name, "int64", label_ja, label_en, unit="fiscal_year", description=FISCAL_YEAR_DESCRIPTION)


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
            "projected to be), off_track (not met, not projected to be), not_met (settled and missed) or not_judged "
            "(no figure for the target year in our sources, no verdict in the plan, and the year's settlement "
            "published: the projection is shown with its range, never as a verdict). "
            "Results: the plan's, followed by SSDSE-A's later settled figures when its files are present; "
            "judged_value, judged_fiscal_year and judged_source name the figure the status rests on."
        ),
        raw_file=None,
        source_section="第１章２（４）数値目標と達成状況 (computed)",
        returned_by="assess_targets()",
        primary_key=("indicator",),
        columns=(
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS),
            _label("indicator_ja", "指標", "Indicator", description="as the plan names it"),
            _label("indicator_en", "指標（英語）", "Indicator (English)", description="the project's translation"),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen")),
            _label("comparator", "比較", "Comparator", allowed=("<=", ">=")),
            _label(
                "comparator_source",
                "比較の根拠",
                "Comparator source",
                allowed=("printed", "implied"),
                description="printed: the plan prints 以下 or 以内; implied: the plan prints no direction (our reading)",
            ),
            _label("target_printed", "目標値（原文）", "Target as printed", description="as the plan prints it"),
            Column("target_value", "float64", "目標値", "Target", description="in the row's unit"),
            _fy_int("target_fiscal_year", "目標年度", "Target fiscal year"),
            Column("target_as_of", "datetime64[ns]", "目標時点", "Target date"),
            Column("latest_value", "float64", "直近の実績", "Latest result", description="in the row's unit"),
            _fy_int("latest_fiscal_year", "直近の実績の年度", "Fiscal year of the latest result"),
            Column("latest_as_of", "datetime64[ns]", "直近の実績の時点", "Date of the latest result", nullable=True),
            Column(
                "gap_to_target",
                "float64",
                "目標との差",
                "Gap to the target",
                description="latest result less the target, in the row's unit",
            ),
            Column(
                "target_year_value",
                "float64",
                "目標年度の実績",
                "Result for the target year",
                nullable=True,
                description="missing where no figure for the target year exists yet",
            ),
            _label(
                "latest_source",
                "直近の実績の出典",
                "Source of the latest result",
                description="plan or SSDSE-A <edition>",
            ),
            Column("judged_value", "float64", "評価の根拠の実績", "Result the status rests on"),
            _fy_int("judged_fiscal_year", "評価の根拠の年度", "Fiscal year of the result the status rests on"),
            _label(
                "judged_source", "評価の根拠の出典", "Source of that result", description="plan or SSDSE-A <edition>"
            ),
            Column("judged_as_of", "datetime64[ns]", "評価の根拠の時点", "Date of that result", nullable=True),
            Column("met", "bool", "達成", "Met"),
            Column("settled", "bool", "確定", "Settled", description="a result exists for the target year or later"),
            _label("projection_method", "推計方法", "Projection method", allowed=("linear", "last_change")),
            Column("projected_value", "float64", "目標年度の推計", "Projected value at the target year"),
            Column("on_track", "bool", "推計上の達成", "Met on the projection"),
            _label("status", "評価", "Status", allowed=("met", "on_track", "off_track", "not_met", "not_judged")),
            _label(
                "verdict_by",
                "判断の主体",
                "Whose verdict",
                allowed=("plan", "later_data", "projection"),
                description="the plan's own statement, a settled figure from later official data, or our projection",
            ),
            _label(
                "plan_verdict",
                "プラン自身の判定",
                "The plan's own verdict",
                nullable=True,
                allowed=("met", "not_met"),
                description="what the plan itself says of the target (Chapter 1, 2(4)); missing where it says nothing "
                "(the sewer-account debt). Kept even where a later figure is the one judged (status, verdict_by)",
            ),
            Column(
                "projection_low",
                "float64",
                "推計の下限",
                "Lowest projection",
                description="the lowest of the sensitivity fits (a line through every result, the last three, the last change)",
            ),
            Column("projection_high", "float64", "推計の上限", "Highest projection", description="the highest of them"),
            Column("projection_fits", "int64", "推計の数", "Number of fits", description="0 when settled"),
            Column(
                "target_year_published",
                "bool",
                "目標年度の決算の公表",
                "Target year's settlement published",
                description="two fiscal years or more have passed since the target year: its actual figure exists",
            ),
        ),
    )
}


def describe_tables() -> pd.DataFrame:
    """Return the data dictionary: one row per table and column, with the dtype ``load()`` gives each column.

    Every table ``load()`` accepts (``kodaira_analysis.TABLES``) is described, and the table the library
    computes (``target_assessment``); the column ``returned_by`` says which call returns each table.

    >>> d = describe_tables()
    >>> d.loc[d.column == "amount_million_yen", "unit"].item()
    'million_yen'
    """
    return pd.DataFrame(dictionary_rows((*TABLES.values(), *DERIVED_TABLES.values())))
