"""The plan period compared: a measure across the 26 Tama cities, and its change from before the period to its end.

The measures are those of :mod:`kodaira_analysis.analysis.period` (SSDSE-A's settlements, per resident by
the census at or before the year, and general-administration staff per 1,000 residents).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.peer_data import peer_codes
from kodaira_analysis.analysis.period import BASE_YEAR, FISCAL_CODES, PER_RESIDENT, PLAN_PERIOD
from kodaira_analysis.analysis.series import ssdse_table


def tama_values(measure: str, year: int, table: pd.DataFrame | None = None, group: str = "tama26") -> pd.DataFrame:
    """A measure of :data:`FISCAL_CODES` or :data:`PER_RESIDENT` (or 'staff_per_1000') for every city of a group.

    Returns municipality_code and value, for one year; a city without the figure is left out.
    """
    allowed = (*FISCAL_CODES, *PER_RESIDENT, "staff_per_1000", "welfare_share")
    measure = arguments.choice(measure, "tama_values", "measure", allowed)
    table = group_rows(ssdse_table() if table is None else table, group)
    years = table["year"]
    year = arguments.year(year, "tama_values", low=int(years.min()), high=int(years.max())) if len(years) else year
    if measure == "welfare_share":
        welfare = tama_values("welfare", year, table, group).set_index("municipality_code")["value"]
        expenditure = tama_values("expenditure", year, table, group).set_index("municipality_code")["value"]
        share = (welfare / expenditure * 100).dropna()
        return share.rename("value").rename_axis("municipality_code").reset_index()
    if measure == "staff_per_1000":
        code, per_resident, factor = "D1202", True, 1.0
    elif measure in PER_RESIDENT:
        code, per_resident, factor = FISCAL_CODES[PER_RESIDENT[measure][0]][0], True, 1000.0
    else:
        code, per_resident, factor = FISCAL_CODES[measure][0], False, 1.0
    rows = table[(table["indicator_code"] == code) & (table["year"] == year)].set_index("municipality_code")["value"]
    if per_resident:  # each city's latest census at or before the year; no census gives no value (nan)
        censuses = table[(table["indicator_code"] == "A1101") & (table["year"] <= year)].sort_values("year")
        population = censuses.drop_duplicates("municipality_code", keep="last").set_index("municipality_code")
        rows = rows * factor / population["value"].reindex(rows.index)
        rows = rows * 1000 if measure == "staff_per_1000" else rows
    out = [{"municipality_code": city, "value": float(value)} for city, value in rows.items()]
    return pd.DataFrame(out, columns=["municipality_code", "value"])


def group_rows(table: pd.DataFrame, group: str = "tama26") -> pd.DataFrame:
    """The rows of a group's cities (a frame already narrowed to that group is returned as it is).

    Narrow once before asking :func:`tama_values` for many measures or years: each call on the whole
    SSDSE-A table would filter its 1.5 million rows again.
    """
    codes = peer_codes(group, "13211", table)
    if set(table["municipality_code"].unique()) <= set(codes):
        return table
    return table[table["municipality_code"].isin(codes)]


def tama_ranks(values: pd.DataFrame, municipality_code: str = "13211", *, higher_first: bool = True) -> dict:
    """Where one city stands in a frame of values: rank (1 = highest, or lowest), of how many, the median.

    ``tied`` counts the other cities with the same value (sharing the rank).

    >>> tama_ranks(pd.DataFrame({"municipality_code": ["13201", "13202", "13211"], "value": [3.0, 1.0, 2.0]}), "13211")
    {'value': 2.0, 'rank': 2, 'of': 3, 'median': 2.0, 'tied': 0}
    """
    municipality_code = arguments.municipality_code(municipality_code, "tama_ranks")
    ranks = values["value"].rank(ascending=not higher_first, method="min")
    subject = values["municipality_code"] == municipality_code
    value = float(values.loc[subject, "value"].iloc[0])
    return {
        "value": value,
        "rank": int(ranks[subject].iloc[0]),
        "of": int(values["value"].notna().sum()),
        "median": float(values["value"].median()),
        "tied": int((values["value"] == value).sum()) - 1,
    }


def period_change(series: pd.DataFrame, measure: str, start: int = BASE_YEAR, end: int = PLAN_PERIOD[1]) -> dict:
    """A measure's value in ``start`` and ``end``, and the change (absolute and percent); nan where missing.

    >>> frame = pd.DataFrame({"measure": ["m", "m"], "year": [2016, 2020], "value": [100.0, 110.0]})
    >>> period_change(frame, "m")
    {'start': 100.0, 'end': 110.0, 'change': 10.0, 'percent': 10.0, 'start_year': 2016, 'end_year': 2020}
    """
    values = series[series["measure"] == measure].set_index("year")["value"]
    first = float(values.get(start, float("nan")))
    last = float(values.get(end, float("nan")))
    return {
        "start": first,
        "end": last,
        "change": last - first,
        "percent": (last - first) / first * 100 if first else float("nan"),
        "start_year": start,
        "end_year": end,
    }
