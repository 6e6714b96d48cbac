"""The data dictionary: every table the project loads or computes, one row per column."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.mic.tables import MIC_TABLES
from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.plan.tables_fiscal import INDICATORS
from kodaira_analysis.schema import Column, Table, dictionary_rows
from kodaira_analysis.schema import fiscal_year_column as _fy
from kodaira_analysis.schema import label_column as _label
from kodaira_analysis.ssdse.tables import SSDSE_TABLES

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
            "projected to be), off_track (not met, not projected to be) or not_met (settled and missed). "
            "Results: the plan's, followed by SSDSE-A's later settled figures when its files are present; "
            "judged_value, judged_fiscal_year and judged_source name the figure the status rests on."
        ),
        raw_file=None,
        source_section="第１章２（４）数値目標と達成状況 (computed)",
        primary_key=("indicator",),
        columns=(
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS),
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
            _fy("target_fiscal_year", "目標年度", "Target fiscal year"),
            Column("latest_value", "float64", "直近の実績", "Latest result", description="in the row's unit"),
            _fy("latest_fiscal_year", "直近の実績の年度", "Fiscal year of the latest result"),
            Column("target_year_value", "float64", "目標年度の実績", "Result for the target year", nullable=True),
            Column("judged_value", "float64", "評価の根拠の実績", "Result the status rests on"),
            _fy("judged_fiscal_year", "評価の根拠の年度", "Fiscal year of the result the status rests on"),
            Column(
                "judged_source",
                "string",
                "評価の根拠の出典",
                "Source of that result",
                description="plan or SSDSE-A <edition>",
            ),
            Column("met", "bool", "達成", "Met"),
            Column("settled", "bool", "確定", "Settled", description="a result exists for the target year or later"),
            _label("projection_method", "推計方法", "Projection method", allowed=("linear", "last_change")),
            Column("projected_value", "float64", "目標年度の推計", "Projected value at the target year"),
            Column("on_track", "bool", "推計上の達成", "Met on the projection"),
            _label("status", "評価", "Status", allowed=("met", "on_track", "off_track", "not_met")),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen")),
            _label(
                "verdict_by",
                "判断の主体",
                "Whose verdict",
                allowed=("plan", "later_data", "projection"),
                description="the plan's own statement, a settled figure from later official data, or our projection",
            ),
        ),
    )
}


def describe_tables() -> pd.DataFrame:
    """Return the data dictionary: one row per table and column.

    >>> d = describe_tables()
    >>> d.loc[d.column == "amount_million_yen", "unit"].item()
    'million_yen'
    """
    return pd.DataFrame(dictionary_rows((*TABLES.values(), *SSDSE_TABLES.values(), *MIC_TABLES.values(), *DERIVED_TABLES.values())))
