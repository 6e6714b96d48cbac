"""MIC's five indicators over the years: one municipality against the Tama cities and MIC's national average.

:func:`long_run` takes ``load("mic_indicators")`` (one row per municipality, indicator and fiscal year) and,
where given, MIC's own national average rows, and returns one row per indicator and fiscal year: the
municipality's figure as printed, the median and range of the Tama cities, its rank among them, and the
national average. A dash in 将来負担比率 means no net future burden (the resources exceed it): it is
never read as 0, but it is ranked below every figure (no burden is less than any burden), so medians,
minima and ranks stay true, and a median that falls on such a city is said as such, not as a number.

:data:`READINGS` holds each indicator's definition (our wording of MIC's notes), the threshold the law
sets where it sets one (早期健全化基準), and its favourable direction with whose reading that is.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.peer_data import peer_groups
from kodaira_analysis.errors import ArgumentError

READINGS_FILE = Path(__file__).with_name("mic_readings.csv")
#: The five indicators, in the order the reports show them.
INDICATORS = (
    "fiscal_capability_index",
    "current_balance_ratio",
    "real_debt_service_ratio",
    "future_burden_ratio",
    "laspeyres_index",
)
#: The three restructuring plans' periods (fiscal years), as the plan and reform_history give them.
PLAN_PERIODS = (("1", 2007, 2010), ("2", 2011, 2015), ("3", 2017, 2020))
#: Fiscal years whose Laspeyres index the temporary national pay cut (April 2012 - March 2014) raised: MIC prints a
#: reference value without the cut beside them (FY2012 and FY2013 editions).
PAY_CUT_YEARS = (2012, 2013)
#: What a dash means where it is a figure's absence of burden, not a missing figure (mic/tidy.py).
NO_NET_BURDEN = "no_net_future_burden"
KODAIRA = "13211"


@cache
def readings() -> pd.DataFrame:
    """Definitions, thresholds and favourable directions by indicator (``mic_readings.csv``)."""
    frame = pd.read_csv(READINGS_FILE, dtype={"indicator": str}).set_index("indicator")
    if list(frame.index) != list(INDICATORS) or set(frame["favourable"]) - {"lower", "higher", "none"}:
        raise ValueError(f"{READINGS_FILE.name}: one row per indicator in order, favourable one of lower, higher, none")
    return frame


def tama_codes() -> list[str]:
    """The 26 Tama cities' municipality codes (``peer_groups.csv``)."""
    groups = peer_groups()
    return groups.loc[groups["group"] == "tama26", "municipality_code"].tolist()


def _ordinal(frame: pd.DataFrame) -> pd.Series:
    """Each figure as a number to order by: no net future burden is -inf (below any burden), missing NaN."""
    values = frame["value"].astype("float64")
    return values.mask(frame["dash_meaning"].eq(NO_NET_BURDEN).fillna(False) & values.isna(), -np.inf)


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``indicator`` holding the indicator's id (MIC's tables name it ``indicator_code``)."""
    frame = frame.copy()
    if "indicator_code" in frame.columns:
        frame["indicator"] = frame["indicator_code"]
    return frame


def year_described(frame: pd.DataFrame) -> pd.Series:
    """The fiscal year each figure describes: the settlement year, or for a figure as of 1 April, the year it opens.

    MIC's editions for FY2005 and FY2006 print the Laspeyres index as of the NEXT 1 April (平成18年・19年4月1日現在,
    their footnotes), the editions from FY2008 as of 1 April of their own year: placing the index by its edition
    would put the figure of 1 April 2006 under FY2005 and leave the one of 1 April 2007 outside the 1st plan.
    """
    years = frame["fiscal_year"].astype("int64")
    if "as_of" not in frame.columns or "year_kind" not in frame.columns:
        return years
    dated = frame["year_kind"].eq("as_of_1_april").fillna(False) & frame["as_of"].notna()
    return years.where(~dated, pd.to_datetime(frame["as_of"]).dt.year.astype("Int64")).astype("int64")


def _median(values: pd.Series) -> float:
    ordered = np.sort(values.dropna().to_numpy())
    if len(ordered) == 0:
        return np.nan
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else float((ordered[middle - 1] + ordered[middle]) / 2)


def _reference(own: pd.DataFrame) -> float:
    """The municipality's reference value (ラスパイレス指数 参考値, FY2012-FY2013), NaN where none is printed."""
    if "reference_value" not in own or own.empty:
        return np.nan
    return float(own["reference_value"].iloc[0]) if pd.notna(own["reference_value"].iloc[0]) else np.nan


def _reference_median(part: pd.DataFrame) -> float:
    """The group's median reference value, NaN where the edition prints none."""
    if "reference_value" not in part:
        return np.nan
    return _median(part["reference_value"].astype("float64"))


def long_run(
    indicators: pd.DataFrame,
    averages: pd.DataFrame | None = None,
    municipality_code: str = KODAIRA,
    codes: list[str] | None = None,
) -> pd.DataFrame:
    """One row per indicator and fiscal year: the municipality, the group's median and range, rank, national average.

    Args:
        indicators: ``load("mic_indicators")`` or its rows for the group (columns municipality_code, fiscal_year,
            indicator_code (or indicator: the id), value, dash_meaning, and value_printed).
        averages: MIC's national municipal average (columns fiscal_year, indicator_code, value), or None.
        municipality_code: the municipality shown (Kodaira by default): any municipality MIC's files hold.
        codes: the comparison group, which must hold the municipality (default: the 26 Tama cities). For one
            outside Tama, the cities of its prefecture: ``peers.peer_codes("prefecture_cities", code)``.

    Returns:
        Columns indicator, fiscal_year, value, value_printed, no_net_burden (the municipality's dash),
        group_n (cities with a figure or a no-burden dash), group_no_burden (cities with the dash),
        group_median, group_median_no_burden (the median falls on such cities), group_min, group_max
        (-inf never appears: NaN with group_min_no_burden), rank_low (1 = lowest figure; no burden counts
        as lowest; tied cities share the better rank), rank_high (1 = highest), tied (the cities with the
        municipality's figure, itself included: 1 when no other city has it), as_of (the date a figure
        describes, where MIC prints one: ラスパイレス指数, 1 April; its row is the fiscal year that day opens,
        :func:`year_described`), reference_value and group_reference_median (ラスパイレス指数 参考値 in
        FY2012-FY2013: the index without the national pay cut; NaN elsewhere), national_average.
    """
    municipality_code = arguments.municipality_code(municipality_code, "long_run")
    codes = codes or tama_codes()
    if municipality_code not in codes:
        expected = "a group that holds municipality_code"
        if codes == tama_codes():
            expected += (
                f" (codes defaults to the 26 Tama cities; for {municipality_code}, the cities of its prefecture are"
                f" codes=ka.peers.peer_codes('prefecture_cities', '{municipality_code}'))"
            )
        raise ArgumentError("long_run", "codes", codes, expected)
    if not indicators["municipality_code"].eq(municipality_code).any():
        raise ArgumentError("long_run", "municipality_code", municipality_code, "a municipality that MIC's tables hold")
    group = _keyed(indicators[indicators["municipality_code"].isin(codes)])
    group["fiscal_year"] = year_described(group)
    group["ordinal"] = _ordinal(group)
    rows = []
    for (indicator, year), part in group.groupby(["indicator", "fiscal_year"], sort=True):
        known = part.dropna(subset=["ordinal"])
        own = part[part["municipality_code"] == municipality_code]
        own_value = own["ordinal"].iloc[0] if len(own) else np.nan
        median = _median(known["ordinal"])
        rank = (known["ordinal"] < own_value).sum() + 1 if pd.notna(own_value) else pd.NA
        rank_high = (known["ordinal"] > own_value).sum() + 1 if pd.notna(own_value) else pd.NA
        finite = known["ordinal"][np.isfinite(known["ordinal"])]
        rows.append(
            {
                "indicator": indicator,
                "fiscal_year": int(year),
                "value": float(own_value) if pd.notna(own_value) and np.isfinite(own_value) else np.nan,
                "value_printed": own["value_printed"].iloc[0] if len(own) and "value_printed" in own else None,
                "no_net_burden": bool(len(own)) and own_value == -np.inf,
                "group_n": len(known),
                "group_no_burden": int((known["ordinal"] == -np.inf).sum()),
                "group_median": median if np.isfinite(median) else np.nan,
                "group_median_no_burden": median == -np.inf,
                "group_min": float(finite.min()) if len(finite) and len(finite) == len(known) else np.nan,
                "group_min_no_burden": bool((known["ordinal"] == -np.inf).any()),
                "group_max": float(finite.max()) if len(finite) else np.nan,
                "rank_low": rank,
                "rank_high": rank_high,
                "tied": int((known["ordinal"] == own_value).sum()) if pd.notna(own_value) else 0,
                "as_of": own["as_of"].iloc[0] if len(own) and "as_of" in own else None,
                "reference_value": _reference(own),
                "group_reference_median": _reference_median(part),
            }
        )
    frame = pd.DataFrame(rows)
    frame["rank_low"] = frame["rank_low"].astype("Int64")
    frame["rank_high"] = frame["rank_high"].astype("Int64")
    frame["national_average"] = np.nan
    if averages is not None and len(averages):
        national = _keyed(averages).assign(fiscal_year=year_described)
        national = national.set_index(["indicator", "fiscal_year"])["value"]
        keys = list(zip(frame["indicator"], frame["fiscal_year"], strict=True))
        frame["national_average"] = [float(national.get(k, np.nan)) for k in keys]
    order = {name: i for i, name in enumerate(INDICATORS)}
    frame = frame[frame["indicator"].isin(order)]
    return frame.sort_values(["indicator", "fiscal_year"], key=lambda s: s.map(order) if s.name == "indicator" else s)


def group_breaks(frame: pd.DataFrame, times_typical: float = 4.0, share: float = 0.4) -> pd.DataFrame:
    """Years in which the group's median itself jumped, moving every city at once.

    A jump is a one-year change over ``times_typical`` times the indicator's typical (median absolute) one-year
    change and over ``share`` of the previous level. Such a jump moves every city at once, so the municipality's own change that year is not its own doing alone;
    MIC's tables do not say why (a change in how the figure is computed is one possible reason, not checked here).
    Columns indicator, fiscal_year, previous_year, value, previous_value, group_median, previous_median.
    """
    rows = []
    for indicator, part in frame.sort_values("fiscal_year").groupby("indicator", sort=False):
        medians = part["group_median"].astype("float64")
        change = medians.diff()
        typical = change.abs().median()
        jumps = (change.abs() > times_typical * typical) & ((change / medians.shift()).abs() > share)
        for position in np.flatnonzero(jumps.to_numpy()):
            now, before = part.iloc[position], part.iloc[position - 1]
            rows.append({"indicator": indicator, "fiscal_year": int(now["fiscal_year"]),
                         "previous_year": int(before["fiscal_year"]), "value": now["value"],
                         "previous_value": before["value"], "group_median": now["group_median"],
                         "previous_median": before["group_median"]})  # fmt: skip
    columns = [
        "indicator",
        "fiscal_year",
        "previous_year",
        "value",
        "previous_value",
        "group_median",
        "previous_median",
    ]
    return pd.DataFrame(rows, columns=columns)


def favourable_rank(frame: pd.DataFrame) -> pd.Series:
    """Rank with 1 = most favourable in MIC's (or our) reading, where a direction is read; NA where none is."""
    direction = frame["indicator"].map(readings()["favourable"])
    return (
        frame["rank_low"].where(direction == "lower", frame["rank_high"].where(direction == "higher")).astype("Int64")
    )


def ranked_from(indicator: str) -> str:
    """The side a place is counted from, the same rule on every page.

    The favourable side where MIC (or we) read a direction ('highest' for the fiscal capability index, 'lowest' for the ratios), the lowest where none is read
    (the Laspeyres index), as report 05 ranks its measures (analysis.peer_ranks).

    >>> ranked_from("fiscal_capability_index"), ranked_from("current_balance_ratio"), ranked_from("laspeyres_index")
    ('highest', 'lowest', 'lowest')
    """
    return "highest" if readings().at[indicator, "favourable"] == "higher" else "lowest"


def rank_by_rule(frame: pd.DataFrame) -> pd.Series:
    """Each row's place counted from the side :func:`ranked_from` gives: rank_high or rank_low."""
    highest = frame["indicator"].map(ranked_from) == "highest"
    return frame["rank_high"].where(highest, frame["rank_low"]).astype("Int64")


def plan_of(fiscal_year: int) -> str | None:
    """Which restructuring plan's period a fiscal year falls in ('1', '2', '3'), or None (FY2016, the gaps)."""
    for plan, first, last in PLAN_PERIODS:
        if first <= fiscal_year <= last:
            return plan
    return None


def load_mic() -> tuple[pd.DataFrame, pd.DataFrame | None] | None:
    """``load("mic_indicators")`` and ``load("mic_averages")`` (MIC's national average rows), or None without MIC's files."""
    from kodaira_analysis.analysis.dataset import load
    from kodaira_analysis.mic.catalogue import MissingMicDataError

    try:
        indicators, averages = load("mic_indicators"), load("mic_averages")
    except MissingMicDataError:
        return None
    return indicators, averages


def laspeyres(
    indicators: pd.DataFrame, municipality_code: str = KODAIRA, codes: list[str] | None = None
) -> pd.DataFrame:
    """The Laspeyres index by edition: the municipality's figure and reference value, the group's median of each.

    Columns fiscal_year (the fiscal year the figure's 1 April opens: :func:`year_described`), edition_year (the
    fiscal year of MIC's edition that prints it), as_of (that 1 April), value, reference_value (FY2012 and
    FY2013: the index without the national pay cut), reference_reason, group_reference_median.
    """
    codes = codes or tama_codes()
    frame = _keyed(indicators)
    frame = frame[(frame["indicator"] == "laspeyres_index") & frame["municipality_code"].isin(codes)].copy()
    frame["edition_year"] = frame["fiscal_year"].astype("int64")
    frame["fiscal_year"] = year_described(frame)
    own = frame[frame["municipality_code"] == municipality_code].set_index("fiscal_year")
    medians = frame.groupby("fiscal_year")["reference_value"].median()
    out = own[["edition_year", "as_of", "value", "reference_value", "reference_reason"]].copy()
    out["group_reference_median"] = medians.reindex(out.index)
    return out.reset_index().sort_values("fiscal_year", ignore_index=True)
