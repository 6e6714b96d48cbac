"""The plan period (FY2017-FY2020), before and after: Kodaira's series from SSDSE-A and the plan.

Every frame is long: one row per measure and year, with ``value``, ``unit``,
``year_kind`` (what the year means: a fiscal year's settlement, a census on
1 October, a 1 April survey, or the year as SSDSE-A publishes it) and
``source`` ('plan' or 'SSDSE-A <edition>'). A figure SSDSE-A does not hold
is absent, never 0.

* :func:`fiscal_series`: the current balance ratio (the plan's FY2011-FY2014,
  then SSDSE-A), the real debt-service ratio, revenue, expenditure, local
  taxes and welfare expenditure (民生費), its share of expenditure, and the
  money per resident;
* :func:`population_change`: births, deaths, moves in and out each year;
* :func:`elderly_households`: households and one-person households of a
  person aged 65 or over at the 2015 and 2020 censuses;
* :func:`staffing_series`: the plan's staff quota and SSDSE-A's
  general-administration staff, as two measures that are never joined.

A measure among the 26 Tama cities, and how it moved over the plan period, are
in :mod:`~kodaira_analysis.analysis.period_compare`.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.analysis.series import ssdse_table

#: The 3rd plan's period (平成29年度～32年度), first and last fiscal year.
PLAN_PERIOD = (2017, 2020)
#: The year before the plan period: the base of its changes.
BASE_YEAR = PLAN_PERIOD[0] - 1

#: Measures taken straight from SSDSE-A: id -> (code, unit, year kind, Japanese, English).
FISCAL_CODES = {
    "current_balance_ratio": ("D2203", "percent", "fiscal", "経常収支比率", "Current balance ratio"),
    "real_debt_service_ratio": ("D2211", "percent", "fiscal", "実質公債費比率", "Real debt-service ratio"),
    "revenue": ("D3201", "million_yen", "fiscal", "歳入決算総額", "Total settled revenue"),
    "expenditure": ("D3203", "million_yen", "fiscal", "歳出決算総額", "Total settled expenditure"),
    "local_taxes": ("D320101", "million_yen", "fiscal", "地方税", "Local taxes"),
    "welfare": ("D320303", "million_yen", "fiscal", "民生費", "Welfare expenditure (民生費)"),
}
#: Measures divided by the census population: id -> (numerator measure, Japanese, English).
PER_RESIDENT = {
    "revenue_per_resident": ("revenue", "住民1人当たり歳入決算総額", "Settled revenue per resident"),
    "expenditure_per_resident": ("expenditure", "住民1人当たり歳出決算総額", "Settled expenditure per resident"),
    "local_taxes_per_resident": ("local_taxes", "住民1人当たり地方税", "Local taxes per resident"),
    "welfare_per_resident": ("welfare", "住民1人当たり民生費", "Welfare expenditure per resident"),
}
POPULATION_CODES = {
    "births": ("A4101", "出生数", "Births"),
    "deaths": ("A4200", "死亡数", "Deaths"),
    "moves_in": ("A5101", "転入者数", "Moves in"),
    "moves_out": ("A5102", "転出者数", "Moves out"),
}
YEAR_KINDS = {
    "fiscal": "fiscal year (settlement)",
    "census": "census (1 October)",
    "calendar": "calendar year",  # births, deaths and moves (SSDSE-A's catalogue)
    "survey": "year as published",  # SSDSE-A gives the staff count's year, no survey date (its README and header)
    "quota": "quota as of 1 April of the year",
}


def _one_city(table: pd.DataFrame | None, municipality_code: str) -> pd.DataFrame:
    """The rows of one municipality (of the SSDSE-A table when none is given): narrowed once, read many times."""
    table = ssdse_table() if table is None else table
    return table[table["municipality_code"] == municipality_code]


def _codes(table: pd.DataFrame, municipality_code: str, code: str) -> pd.DataFrame:
    rows = table[(table["municipality_code"] == municipality_code) & (table["indicator_code"] == code)]
    return rows[["year", "value", "edition"]].sort_values("year").reset_index(drop=True)


def census_population(table: pd.DataFrame, municipality_code: str, year: int) -> tuple[int | None, float]:
    """The census at or before ``year``: (census year, population); (None, nan) when there is none, never 0."""
    rows = _codes(table, municipality_code, "A1101")
    rows = rows[rows["year"] <= year]
    if rows.empty:
        return None, float("nan")
    last = rows.iloc[-1]
    return int(last["year"]), float(last["value"])


def _row(measure, ja, en, year, value, unit, kind, source, **extra) -> dict:
    return {
        "measure": measure,
        "measure_ja": ja,
        "measure_en": en,
        "year": int(year),
        "value": float(value),
        "unit": unit,
        "year_kind": YEAR_KINDS[kind],
        "source": source,
        **extra,
    }


def fiscal_series(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Kodaira's fiscal health by fiscal year (see the module docstring).

    Per-resident money is in thousand yen, divided by the census population
    at or before the fiscal year (2015 census for FY2015-FY2019, 2020 census
    from FY2020; column ``denominator``). For Kodaira the plan's current
    balance ratios FY2011-FY2014 come first, with source 'plan'.
    """
    municipality_code = arguments.municipality_code(municipality_code, "fiscal_series")
    table = _one_city(table, municipality_code)
    rows = []
    if municipality_code == "13211":
        plan = load("indicators").query("indicator == 'current_balance_ratio'").dropna(subset=["value"])
        for _, r in plan.iterrows():
            rows.append(
                _row(
                    "current_balance_ratio",
                    "経常収支比率",
                    "Current balance ratio",
                    r["fiscal_year"],
                    r["value"],
                    "percent",
                    "fiscal",
                    "plan",
                )
            )
    settled = {}
    for measure, (code, unit, kind, ja, en) in FISCAL_CODES.items():
        for _, r in _codes(table, municipality_code, code).iterrows():
            settled[(measure, int(r["year"]))] = float(r["value"])
            rows.append(_row(measure, ja, en, r["year"], r["value"], unit, kind, f"SSDSE-A {int(r['edition'])}"))
    editions = {int(r["year"]): int(r["edition"]) for _, r in _codes(table, municipality_code, "D3203").iterrows()}
    for (measure, year), value in sorted(settled.items()):
        if measure == "welfare" and ("expenditure", year) in settled:
            rows.append(
                _row(
                    "welfare_share",
                    "歳出に占める民生費の割合",
                    "Welfare share of expenditure",
                    year,
                    value / settled[("expenditure", year)] * 100,
                    "percent",
                    "fiscal",
                    f"SSDSE-A {editions.get(year, '')}".strip(),
                )
            )
    for measure, (base, ja, en) in PER_RESIDENT.items():
        for (name, year), value in sorted(settled.items()):
            if name != base:
                continue
            census_year, population = census_population(table, municipality_code, year)
            rows.append(
                _row(
                    measure,
                    ja,
                    en,
                    year,
                    value * 1000 / population,
                    "thousand_yen",
                    "fiscal",
                    f"SSDSE-A {editions.get(year, '')}".strip(),
                    denominator=None if census_year is None else f"census {census_year}",  # none: value nan
                )
            )
    out = pd.DataFrame(rows)
    if "denominator" not in out:
        out["denominator"] = None
    return out.sort_values(["measure", "year"]).reset_index(drop=True)


def population_change(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Births, deaths, moves in and out by year as SSDSE-A publishes it, one row per year.

    ``natural_change`` = births - deaths and ``social_change`` = moves in -
    moves out; blank where either side is missing. SSDSE-A renames moves
    '(日本人移動者)' (Japanese movers) from its 2020 edition, which carries
    2018 on; 2016-2017 come from editions without the qualifier
    (``moves_basis``).
    """
    municipality_code = arguments.municipality_code(municipality_code, "population_change")
    table = _one_city(table, municipality_code)
    frames = []
    for measure, (code, _ja, _en) in POPULATION_CODES.items():
        rows = _codes(table, municipality_code, code).set_index("year")
        frames.append(rows["value"].rename(measure))
        if measure == "moves_in":
            frames.append(rows["edition"].rename("moves_edition"))
    out = pd.concat(frames, axis=1).sort_index()
    out["natural_change"] = out["births"] - out["deaths"]
    out["social_change"] = out["moves_in"] - out["moves_out"]
    out["moves_basis"] = out["moves_edition"].map(
        lambda e: None if pd.isna(e) else ("Japanese movers" if e >= 2020 else "not stated")
    )
    return out.drop(columns="moves_edition").rename_axis("year").reset_index()


def elderly_households(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Households and one-person households of a person aged 65+, at each census (1 October)."""
    municipality_code = arguments.municipality_code(municipality_code, "elderly_households")
    table = _one_city(table, municipality_code)
    households = _codes(table, municipality_code, "A7101").set_index("year")["value"]
    alone = _codes(table, municipality_code, "A8301").set_index("year")["value"]
    aged65 = _codes(table, municipality_code, "A1303").set_index("year")["value"]
    out = pd.DataFrame({"households": households, "aged_65_alone": alone, "aged_65": aged65}).dropna()
    out["alone_share_of_households"] = out["aged_65_alone"] / out["households"] * 100
    out["alone_per_100_aged_65"] = out["aged_65_alone"] / out["aged_65"] * 100
    return out.rename_axis("census_year").reset_index()


def staffing_series(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """The plan's staff quota (定員) and SSDSE-A's general-administration staff: two measures, never joined.

    The quota's ``year`` is the calendar year of the 1 April it is counted on
    (2012 for the quota the plan prints under FY2011, as of 1 April 2012);
    D1202's is its survey year (1 April). ``per_1000`` divides D1202 by the census at or before its year.
    """
    municipality_code = arguments.municipality_code(municipality_code, "staffing_series")
    table = _one_city(table, municipality_code)
    rows = []
    if municipality_code == "13211":
        quota = load("indicators").query("indicator == 'staff_quota'").dropna(subset=["value"])
        for _, r in quota.iterrows():
            rows.append(
                _row(
                    "staff_quota",
                    "定員（プラン）",
                    "Staff quota (plan)",
                    pd.Timestamp(r["as_of"]).year,
                    r["value"],
                    "persons",
                    "quota",
                    "plan",
                    per_1000=float("nan"),
                )
            )
    for _, r in _codes(table, municipality_code, "D1202").iterrows():
        _census, population = census_population(table, municipality_code, int(r["year"]))
        rows.append(
            _row(
                "admin_staff",
                "一般行政部門職員数（SSDSE-A）",
                "General-administration staff (SSDSE-A)",
                r["year"],
                r["value"],
                "persons",
                "survey",
                f"SSDSE-A {int(r['edition'])}",
                per_1000=r["value"] / population * 1000,
            )
        )
    return pd.DataFrame(rows).sort_values(["measure", "year"]).reset_index(drop=True)
