"""MIC's five indicators across the three restructuring plans: each plan's figures, computed from every year.

:func:`plan_figures` takes the frame of :func:`kodaira_analysis.analysis.mic_long_run.long_run` (one row
per indicator and fiscal year) and returns one row per indicator and plan: the years MIC prints in the
plan's period, Kodaira's first and last figure, its lowest and highest, the plain mean of its figures
(ours), how many years it was above, below or at the Tama median, and its range of places among the Tama
cities. A dash in 将来負担比率 (no net future burden) is counted, never averaged or read as 0.

:func:`span` gives the first and last fiscal year the data holds, so no page repeats them as constants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kodaira_analysis.analysis.mic_long_run import INDICATORS, PAY_CUT_YEARS, PLAN_PERIODS, rank_by_rule, ranked_from


def span(frame: pd.DataFrame, column: str = "fiscal_year") -> tuple[int, int]:
    """The first and last fiscal year in a frame (ValueError for an empty one: no span to speak of)."""
    years = frame[column].dropna()
    if years.empty:
        raise ValueError("no fiscal year in the frame: nothing to span")
    return int(years.min()), int(years.max())


def against_median(rows: pd.DataFrame) -> tuple[int, int, int]:
    """Years above, below and at the group median (a dash is below any figure; a median on dashes is below any)."""
    # A median of two printed figures carries binary noise (0.97 + 0.99) / 2 = 0.9799999...: compare the difference
    # rounded well below MIC's printed precision (two decimals at most), so a median equal to the figure counts as equal.
    diff = (rows["value"].astype(float) - rows["group_median"].astype(float)).round(6)
    own_dash = rows["no_net_burden"].astype(bool)
    median_dash = rows["group_median_no_burden"].astype(bool)
    above = int(((diff > 0) | (median_dash & rows["value"].notna())).sum())
    below = int(((diff < 0) | (own_dash & ~median_dash)).sum())
    at = int(((diff == 0) | (own_dash & median_dash)).sum())
    return above, below, at


def _figure(row: pd.Series) -> float:
    return float(row["value"]) if pd.notna(row["value"]) else np.nan


def plan_figures(lr: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and plan, computed from every year MIC prints in the plan's period.

    Columns: indicator, plan ('1', '2', '3'), first_year and last_year (the plan's period), years (its
    length), printed (years MIC prints a figure or a dash for), left_out (of those, the Laspeyres index's
    pay-cut years FY2012-FY2013, which no other column uses), no_burden (years with the dash), first_value /
    last_value with first_no_burden / last_no_burden (the first and last printed year), low, high, mean (of the
    figures; NaN when a year is a dash, since a dash has no number to average), above, below, at (against the
    Tama median), ranked_from (:func:`~kodaira_analysis.analysis.mic_long_run.ranked_from`), rank_best and
    rank_worst (Kodaira's best and worst places counted from that side).
    """
    rows = []
    for indicator in INDICATORS:
        part = lr[lr["indicator"] == indicator].sort_values("fiscal_year")
        for plan, first, last in PLAN_PERIODS:
            years = part[part["fiscal_year"].between(first, last)]
            years = years[years["value"].notna() | years["no_net_burden"].astype(bool)]
            # the Laspeyres index of FY2012-FY2013 is raised by the national pay cut: counted, not summarised
            cut = years["fiscal_year"].isin(PAY_CUT_YEARS) & (indicator == "laspeyres_index")
            left_out = int(cut.sum())
            years = years[~cut]
            dashes = years["no_net_burden"].astype(bool)
            figures = years.loc[~dashes, "value"].astype(float)
            above, below, at = against_median(years) if len(years) else (0, 0, 0)
            ranks = rank_by_rule(years).dropna() if len(years) else pd.Series(dtype="Int64")
            rows.append(
                {
                    "indicator": indicator,
                    "plan": plan,
                    "first_year": first,
                    "last_year": last,
                    "years": last - first + 1,
                    "printed": len(years) + left_out,
                    "left_out": left_out,
                    "no_burden": int(dashes.sum()),
                    "first_value": _figure(years.iloc[0]) if len(years) else np.nan,
                    "first_no_burden": bool(dashes.iloc[0]) if len(years) else False,
                    "last_value": _figure(years.iloc[-1]) if len(years) else np.nan,
                    "last_no_burden": bool(dashes.iloc[-1]) if len(years) else False,
                    "low": float(figures.min()) if len(figures) else np.nan,
                    "high": float(figures.max()) if len(figures) else np.nan,
                    "mean": float(figures.mean()) if len(figures) and not dashes.any() else np.nan,
                    "above": above,
                    "below": below,
                    "at": at,
                    "ranked_from": ranked_from(indicator),
                    "rank_best": int(ranks.min()) if len(ranks) else pd.NA,
                    "rank_worst": int(ranks.max()) if len(ranks) else pd.NA,
                }
            )
    frame = pd.DataFrame(rows)
    for column in ("rank_best", "rank_worst"):
        frame[column] = frame[column].astype("Int64")
    return frame
