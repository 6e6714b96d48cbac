"""The tables the library computes rather than loads, described once (the data dictionary lists them)."""

from __future__ import annotations

from kodaira_analysis.plan.tables_fiscal import (
    COMPARATOR_DESCRIPTION,
    COMPARATOR_SOURCE_DESCRIPTION,
    INDICATOR_ID_DESCRIPTION,
    INDICATORS,
    TARGET_AS_OF_DESCRIPTION,
    UNIT_DESCRIPTION,
)
from kodaira_analysis.schema import FISCAL_YEAR_DESCRIPTION, Column, Table
from kodaira_analysis.schema import label_column as _label


def _fy_int(name: str, label_ja: str, label_en: str) -> Column:
    """A fiscal-year column that is never missing (int64), as assess_targets() returns it."""
    return Column(name, "int64", label_ja, label_en, unit="fiscal_year", description=FISCAL_YEAR_DESCRIPTION)


MET_DESCRIPTION = (
    "True when judged_value satisfies comparator against target_value (the target year's own result where one "
    "exists, else the latest result), False when it does not; missing (blank in a CSV, . in Stata, NA in R and "
    "pandas' nullable boolean) where status is not_judged: no one judged whether that target was met, so it is "
    "neither met nor missed (such as the sewer-account debt: the plan gives no verdict, and our sources hold no "
    "FY2015 figure). Missing is never False: a filter on ~met leaves such a target out; status gives the verdict "
    "(not_met: settled and missed)"
)

#: Tables computed by the library rather than loaded (described here so the data dictionary covers them).
DERIVED_TABLES: dict[str, Table] = {
    "target_assessment": Table(
        name="target_assessment",
        title_ja="数値目標の評価",
        title_en="Assessment of the numerical targets (kodaira_analysis.assess_targets())",
        description=(
            "One row per indicator. Method: the latest result is the last fiscal year with a figure; met = the "
            "latest result satisfies the comparator (judged on the target year's own result once one exists; "
            "missing where status is not_judged); "
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
            _label("indicator", "指標ID", "Indicator id", allowed=INDICATORS, description=INDICATOR_ID_DESCRIPTION),
            _label("indicator_ja", "指標", "Indicator", description="as the plan names it"),
            _label("indicator_en", "指標（英語）", "Indicator (English)", description="the project's translation"),
            _label("unit", "単位", "Unit", allowed=("persons", "percent", "million_yen"), description=UNIT_DESCRIPTION),
            _label("comparator", "比較", "Comparator", allowed=("<=", ">="), description=COMPARATOR_DESCRIPTION),
            _label(
                "comparator_source",
                "比較の根拠",
                "Comparator source",
                allowed=("printed", "implied"),
                description=COMPARATOR_SOURCE_DESCRIPTION,
            ),
            _label("target_printed", "目標値（原文）", "Target as printed", description="as the plan prints it"),
            Column("target_value", "float64", "目標値", "Target", description="in the row's unit"),
            _fy_int("target_fiscal_year", "目標年度", "Target fiscal year"),
            Column("target_as_of", "datetime64[ns]", "目標時点", "Target date", description=TARGET_AS_OF_DESCRIPTION),
            Column("latest_value", "float64", "直近の実績", "Latest result", description="in the row's unit"),
            _fy_int("latest_fiscal_year", "直近の実績の年度", "Fiscal year of the latest result"),
            Column(
                "latest_as_of",
                "datetime64[ns]",
                "直近の実績の時点",
                "Date of the latest result",
                nullable=True,
                description="the date the latest result describes, as in indicators.as_of (1 April after the fiscal "
                "year for the staff quota, the fiscal year's end for the others); missing where the results give none",
            ),
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
            Column(
                "judged_value",
                "float64",
                "評価の根拠の実績",
                "Result the status rests on",
                description="in the row's unit: the target year's own result where one exists, else the latest result",
            ),
            _fy_int("judged_fiscal_year", "評価の根拠の年度", "Fiscal year of the result the status rests on"),
            _label(
                "judged_source", "評価の根拠の出典", "Source of that result", description="plan or SSDSE-A <edition>"
            ),
            Column(
                "judged_as_of",
                "datetime64[ns]",
                "評価の根拠の時点",
                "Date of that result",
                nullable=True,
                description="the date judged_value describes (as latest_as_of); missing where the results give none",
            ),
            Column("met", "boolean", "達成", "Met", nullable=True, description=MET_DESCRIPTION),
            Column("settled", "bool", "確定", "Settled", description="a result exists for the target year or later"),
            _label(
                "projection_method",
                "推計方法",
                "Projection method",
                allowed=("linear", "last_change"),
                description=(
                    "the method assess_targets(method=...) was called with, the same on every row: linear, a "
                    "least-squares line through every result extended to the target fiscal year (the default); "
                    "last_change, the last year-on-year change repeated. Ours, not the plan's"
                ),
            ),
            Column(
                "projected_value",
                "float64",
                "目標年度の推計",
                "Projected value at the target year",
                description=(
                    "in the row's unit: our projection to the target fiscal year by projection_method; for a "
                    "settled target, the target year's result instead (the latest result if none for that year)"
                ),
            ),
            Column(
                "on_track",
                "bool",
                "推計上の達成",
                "Met on the projection",
                description=(
                    "True when projected_value satisfies comparator against target_value (our projection, not a "
                    "verdict of the plan's); equal to met for a settled target. Never missing: the projection is "
                    "always made, but where status is not_judged it is shown for reference and is no verdict"
                ),
            ),
            _label(
                "status",
                "評価",
                "Status",
                allowed=("met", "on_track", "off_track", "not_met", "not_judged"),
                description=(
                    "not_judged takes precedence over the others. met: met is True; not_met: settled and missed; on_track: not met yet, projected to be; "
                    "off_track: not met, not projected to be; not_judged: no figure for the target year in our "
                    "sources, no verdict in the plan, and the year's settlement already published, so our "
                    "projection is no verdict (met is then missing; on_track only says where our projection "
                    "falls). Whose judgment: "
                    "verdict_by"
                ),
            ),
            _label(
                "verdict_by",
                "判断の主体",
                "Whose verdict",
                allowed=("plan", "later_data", "projection"),
                description="plan: the plan's own statement; later_data: a settled figure from later official statistics "
                "(SSDSE-A, with the default results); projection: our projection, never the plan's verdict",
            ),
            _label(
                "plan_verdict",
                "プラン自身の判定",
                "The plan's own verdict",
                nullable=True,
                allowed=("met", "not_met"),
                description="what the plan itself says of the target (Chapter 1, 2(4)), met or not_met; missing where it says nothing "
                "(the sewer-account debt). Kept even where a later figure is the one judged (status, verdict_by)",
            ),
            Column(
                "projection_low",
                "float64",
                "推計の下限",
                "Lowest projection",
                description="the lowest of the sensitivity fits (a line through every result, the last three, the "
                "last change); for a settled target no fit is made and it holds projected_value (projection_fits 0)",
            ),
            Column(
                "projection_high",
                "float64",
                "推計の上限",
                "Highest projection",
                description="the highest of them; for a settled target, projected_value (as projection_low)",
            ),
            Column(
                "projection_fits",
                "int64",
                "推計の数",
                "Number of fits",
                description="how many of the three fits were made: 0 when settled (none is made)",
            ),
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
