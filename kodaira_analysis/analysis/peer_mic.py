"""MIC's indicators among the peer measures: ``load("mic_indicators")`` as rows beside SSDSE-A's.

A measure whose source is 'mic' (``peer_measures.csv``) takes MIC's figure as printed, never divided. Its
year is the fiscal year the figure describes (:func:`~kodaira_analysis.analysis.mic_long_run.year_described`):
the settlement year, or for the Laspeyres index (as of 1 April) the fiscal year that 1 April opens. Its kind
of year is said in SSDSE-A's words ('fiscal year (settlement)') or, for the index, 'as of 1 April'.

A dash MIC gives no reason for is a missing figure: the municipality has no figure that year and is left
out of the ranking (never 0). The future burden ratio, whose dash means no net burden, is not among the
peer measures (see :mod:`kodaira_analysis.topics.mic_peers`).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.mic_long_run import year_described
from kodaira_analysis.analysis.peer_data import MEASURES, measures_from

#: MIC's kinds of year (``mic/columns.csv``: year_kind) in the words of SSDSE-A's catalogue, where it has them.
YEAR_KINDS = {"fiscal_year_settlement": "fiscal year (settlement)", "as_of_1_april": "as of 1 April"}
#: The columns a row of the peer table needs (SSDSE-A's table has these and more).
COLUMNS = ["municipality_code", "prefecture", "municipality", "indicator_code", "indicator", "indicator_en",
           "year", "year_kind", "value", "unit"]  # fmt: skip


def mic_rows(indicators: pd.DataFrame, codes: set[str] | None = None) -> pd.DataFrame:
    """The MIC measures' figures as rows of the peer table (columns :data:`COLUMNS`), for ``codes`` (default all).

    Raises ValueError if a municipality has two figures of one indicator for one year (never one picked).
    """
    wanted = [MEASURES[m].numerator for m in measures_from("mic")]
    frame = indicators[indicators["indicator_code"].isin(wanted)]
    if codes is not None:
        frame = frame[frame["municipality_code"].isin(codes)]
    frame = frame.assign(year=year_described(frame).astype("Int64")).dropna(subset=["value"])
    twice = frame[frame.duplicated(["municipality_code", "indicator_code", "year"], keep=False)]
    if len(twice):
        first = twice.iloc[0]
        raise ValueError(
            f"mic_indicators: {first['municipality_code']} has {len(twice)} figures of {first['indicator_code']}"
            f" for fiscal year {first['year']} (editions {sorted(set(twice['edition']))})"
        )
    kinds = frame["year_kind"].astype(str).map(YEAR_KINDS)
    if kinds.isna().any():
        raise ValueError(f"mic_indicators: year_kind {sorted(set(frame['year_kind']) - set(YEAR_KINDS))} unknown")
    out = frame.assign(year_kind=kinds, value=frame["value"].astype("float64"))
    return out[COLUMNS].reset_index(drop=True)


def with_mic(table: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """SSDSE-A's table with the MIC measures' rows added for the municipalities it holds (unchanged without MIC)."""
    if indicators is None:
        return table
    rows = mic_rows(indicators, set(table["municipality_code"]))
    # SSDSE-A's categorical columns stay categorical (with MIC's values added): a concat of a category and a
    # text column would turn a million rows to text and make every lookup of the peer report slower.
    widened = {}
    for column in rows.columns:
        if isinstance(table[column].dtype, pd.CategoricalDtype):
            categories = table[column].cat.categories.union(pd.Index(rows[column].dropna().unique()))
            widened[column] = table[column].cat.set_categories(categories)
            rows[column] = rows[column].astype(pd.CategoricalDtype(categories))
    return pd.concat([table.assign(**widened), rows], ignore_index=True)
