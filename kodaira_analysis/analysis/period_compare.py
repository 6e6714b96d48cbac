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


def yearly_moves(series: pd.DataFrame, measure: str, start: int = BASE_YEAR, end: int | None = None) -> dict:
    """How a measure moved year by year from ``start`` to ``end`` (default: its latest year): every year counts.

    Returns the years covered, the rises, falls and unchanged years from one year to the next, and the years of the
    highest and lowest value.

    >>> frame = pd.DataFrame({"measure": ["m"] * 4, "year": [2016, 2017, 2018, 2019], "value": [1.0, 3.0, 2.0, 4.0]})
    >>> yearly_moves(frame, "m")
    {'first_year': 2016, 'last_year': 2019, 'rises': 2, 'falls': 1, 'unchanged': 0, 'high_year': 2019, 'low_year': 2016, 'high_years': (2019,), 'low_years': (2016,), 'missing_years': ()}

    ``high_years`` and ``low_years`` hold every year at the highest (lowest) value, where several share it.
    A move is counted only between two consecutive years that both have a value: a year without one leaves the
    moves into and out of it unknown, never one move across the gap (``missing_years`` lists such years).

    >>> gap = pd.DataFrame({"measure": ["m"] * 3, "year": [2016, 2017, 2019], "value": [1.0, 3.0, 2.0]})
    >>> {k: v for k, v in yearly_moves(gap, "m").items() if k in ("rises", "falls", "missing_years")}
    {'rises': 1, 'falls': 0, 'missing_years': (2018,)}
    """
    values = series[series["measure"] == measure].set_index("year")["value"].sort_index().dropna()
    values = values.loc[start:] if end is None else values.loc[start:end]
    every_year = values.reindex(range(int(values.index.min()), int(values.index.max()) + 1))
    steps = every_year.diff().dropna()  # a step into or out of a year without a value is unknown: left out
    return {
        "first_year": int(values.index.min()),
        "last_year": int(values.index.max()),
        "rises": int((steps > 0).sum()),
        "falls": int((steps < 0).sum()),
        "unchanged": int((steps == 0).sum()),
        "high_year": int(values.idxmax()),
        "low_year": int(values.idxmin()),
        "high_years": tuple(int(y) for y in values.index[values == values.max()]),
        "low_years": tuple(int(y) for y in values.index[values == values.min()]),
        "missing_years": tuple(int(y) for y in every_year.index[every_year.isna()]),
    }


def fixed_denominator(series: pd.DataFrame, measure: str, population: float) -> pd.DataFrame:
    """A per-resident measure of :data:`PER_RESIDENT` recomputed with one population for every year.

    The published basis divides by the census at or before each year, so FY2020 changes denominator (2015 ->
    2020 census); with one population held fixed the change is the money's own. Thousand yen per resident.

    >>> frame = pd.DataFrame({"measure": ["local_taxes"] * 2, "year": [2019, 2020], "value": [300.0, 330.0]})
    >>> fixed_denominator(frame, "local_taxes_per_resident", 1000.0)["value"].tolist()
    [300.0, 330.0]
    """
    money = series[series["measure"] == PER_RESIDENT[measure][0]]
    return money.assign(measure=measure, value=money["value"] * 1000 / population)[["measure", "year", "value"]]


def against_year(series: pd.DataFrame, measure: str, base: int, years: list[int]) -> dict[int, float]:
    """Each year's value against one base year, in percent (nan where either is missing).

    >>> frame = pd.DataFrame({"measure": ["m"] * 3, "year": [2019, 2020, 2021], "value": [100.0, 137.0, 117.0]})
    >>> against_year(frame, "m", 2019, [2020, 2021])
    {2020: 37.0, 2021: 17.0}
    """
    values = series[series["measure"] == measure].set_index("year")["value"]
    base_value = float(values.get(base, float("nan")))
    return {year: round((float(values.get(year, float("nan"))) / base_value - 1) * 100, 10) for year in years}


def tama_medians(table: pd.DataFrame, fiscal: pd.DataFrame) -> dict[tuple[str, int], float]:
    """The median of the 26 Tama cities for each per-resident measure and fiscal year: (measure, year) -> value.

    The measures are those of :data:`PER_RESIDENT` (thousand yen per resident) and the years those in which
    ``fiscal`` (:func:`kodaira_analysis.analysis.period.fiscal_series`) holds any of them. A year in which no
    Tama city has the figure is left out, never given a median of nothing.
    """
    measures = tuple(PER_RESIDENT)
    years = sorted(set(fiscal[fiscal["measure"].isin(measures)]["year"].astype(int)))
    out = {}
    table = group_rows(table)  # narrowed once for every measure and year
    for measure in measures:
        for year in years:
            values = tama_values(measure, int(year), table)
            if len(values):
                out[(measure, int(year))] = float(values["value"].median())
    return out


def staff_per_1000(table: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Kodaira's general-administration staff per 1,000 residents each survey year (as of 1 April), in the Tama group.

    ``staff`` is :func:`kodaira_analysis.analysis.period.staffing_series`; its 'admin_staff' rows give the years.
    Columns: year, staff (persons), per_1000 (persons per 1,000 residents), median, low and high (the 26 Tama
    cities' median, minimum and maximum), rank (1 = fewest staff per 1,000 residents) and of (cities ranked),
    and source.
    """
    rows = []
    table = group_rows(table)  # narrowed once for every year
    for _, r in staff[staff["measure"] == "admin_staff"].sort_values("year").iterrows():
        year = int(r["year"])
        values = tama_values("staff_per_1000", year, table)
        place = tama_ranks(values, higher_first=False)
        rows.append(
            {
                "year": year,
                "staff": r["value"],
                "per_1000": r["per_1000"],
                "median": place["median"],
                "low": float(values["value"].min()),
                "high": float(values["value"].max()),
                "rank": place["rank"],
                "of": place["of"],
                "source": r["source"],
            }
        )
    return pd.DataFrame(rows)
