"""Kodaira's series beyond the plan, and any municipality among its peers, from SSDSE-A.

* :func:`extended_indicators`: the plan's indicator results (FY2011-FY2015)
  followed by SSDSE-A's for later years, each point keeping its source;
* :func:`census_ageing`, :func:`births`, :func:`admin_staff`: a municipality's
  series from SSDSE-A;
* :func:`peer_measures`: the per-capita measures of the official financial
  comparison sheets (財政比較分析表) and the ageing picture, for a peer group,
  with each municipality's rank.

Nothing here runs unless the SSDSE-A files are present (``ssdse.available()``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from . import paths
from .dataset import load
from .japanese import fiscal_year_end

#: Plan indicators that SSDSE-A also publishes.
SSDSE_CODES = {"current_balance_ratio": "D2203"}
PEER_GROUPS_FILE = paths.PACKAGE_DIR / "peer_groups.csv"

#: The measures of the peer comparison: id -> (how it is computed, unit, Japanese, English).
MEASURES = {
    "staff_per_1000": (
        "D1202 / A1101 x 1,000",
        "persons",
        "人口千人当たり一般行政部門職員数",
        "General-administration staff per 1,000 residents",
    ),
    "revenue_per_resident": (
        "D3201 / A1101",
        "thousand_yen",
        "住民1人当たり歳入決算総額",
        "Settled revenue per resident",
    ),
    "current_balance_ratio": ("D2203", "percent", "経常収支比率", "Current balance ratio"),
    "real_debt_service_ratio": ("D2211", "percent", "実質公債費比率", "Real debt-service ratio"),
    "aged_65_share": ("A1303 / A1101", "percent", "65歳以上人口の割合", "Share aged 65 and over"),
    "aged_75_share": ("A1419 / A1101", "percent", "75歳以上人口の割合", "Share aged 75 and over"),
    "births_per_1000": ("A4101 / A1101 x 1,000", "persons", "人口千人当たり出生数", "Births per 1,000 residents"),
}
#: Which measures are 'better' when lower (for reading ranks; no value judgement is printed).
LOWER_IS_LEANER = {"staff_per_1000", "current_balance_ratio", "real_debt_service_ratio"}


def ssdse_table() -> pd.DataFrame:
    """The tidy SSDSE-A table (see ``load('ssdse')``)."""
    return load("ssdse")


def _series(table: pd.DataFrame, municipality_code: str, code: str) -> pd.DataFrame:
    rows = table[(table["municipality_code"] == municipality_code) & (table["indicator_code"] == code)]
    return rows[["year", "value", "edition"]].sort_values("year").reset_index(drop=True)


def extended_indicators(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """The plan's indicator results with SSDSE-A's later fiscal years appended.

    The plan's own figures are kept wherever it prints one; SSDSE-A fills the
    years after the plan's last figure. Column ``source`` says which
    ('plan' or 'SSDSE-A <edition>').
    """
    table = ssdse_table() if table is None else table
    plan = load("indicators").assign(source="plan")
    added = []
    for indicator, code in SSDSE_CODES.items():
        own = plan[(plan["indicator"] == indicator) & plan["value"].notna()]
        last = int(own["fiscal_year"].max())
        template = own.iloc[-1]
        later = _series(table, municipality_code, code)
        later = later[later["year"] > last]
        for _, row in later.iterrows():
            year = int(row["year"])
            added.append(
                {
                    **template.to_dict(),
                    "fiscal_year": year,
                    "as_of": pd.Timestamp(fiscal_year_end(year)),
                    "value": float(row["value"]),
                    "value_printed": None,
                    "source": f"SSDSE-A {int(row['edition'])}",
                }
            )
        plan = plan[
            ~((plan["indicator"] == indicator) & plan["value"].isna() & plan["fiscal_year"].isin(later["year"]))
        ]
    out = pd.concat([plan, pd.DataFrame(added)], ignore_index=True) if added else plan
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    return out.sort_values(["indicator", "fiscal_year"]).reset_index(drop=True)


def census_ageing(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Shares aged 65+ and 75+ at each census in SSDSE-A (as of 1 October)."""
    table = ssdse_table() if table is None else table
    population = _series(table, municipality_code, "A1101").set_index("year")["value"]
    aged65 = _series(table, municipality_code, "A1303").set_index("year")["value"]
    aged75 = _series(table, municipality_code, "A1419").set_index("year")["value"]
    out = pd.DataFrame(
        {
            "population": population,
            "aged_65_share": aged65 / population * 100,
            "aged_75_share": aged75 / population * 100,
        }
    ).dropna()
    return out.rename_axis("census_year").reset_index()


def births(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Births per year, with the SSDSE-A edition each comes from."""
    table = ssdse_table() if table is None else table
    return _series(table, municipality_code, "A4101").rename(columns={"value": "births"})


def admin_staff(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """General-administration staff by survey year (1 April)."""
    table = ssdse_table() if table is None else table
    return _series(table, municipality_code, "D1202").rename(columns={"value": "staff"})


@cache
def peer_groups() -> pd.DataFrame:
    """The named peer groups (group, municipality_code, municipality)."""
    return pd.read_csv(PEER_GROUPS_FILE, dtype=str)


def peer_codes(group: str, municipality_code: str, table: pd.DataFrame) -> list[str]:
    """The municipality codes of a peer group: a named group, or 'prefecture_cities' (cities of the same prefecture)."""
    if group == "prefecture_cities":
        names = table.drop_duplicates("municipality_code").set_index("municipality_code")
        prefecture = names.at[municipality_code, "prefecture"]
        cities = names[(names["prefecture"] == prefecture) & names["municipality"].astype(str).str.endswith("市")]
        return sorted(cities.index)
    groups = peer_groups()
    if group not in set(groups["group"]):
        raise ValueError(f"peer group {group!r}: use one of {sorted(set(groups['group']))} or 'prefecture_cities'")
    return sorted(groups.loc[groups["group"] == group, "municipality_code"])


def _latest_at_or_before(table: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    rows = table[(table["indicator_code"] == code) & (table["year"] <= year)]
    return rows.sort_values("year").drop_duplicates("municipality_code", keep="last").set_index("municipality_code")


def peer_measures(
    group: str = "tama26", municipality_code: str = "13211", year: int = 2022, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every measure of MEASURES for each municipality of a peer group, with its rank.

    For each measure the latest figure at or before ``year`` is used, and the
    population is the census at or before that figure's year; column
    ``year`` says which year each value describes. Rank 1 is the highest value.
    """
    table = ssdse_table() if table is None else table
    codes = peer_codes(group, municipality_code, table)
    if municipality_code not in codes:
        codes = sorted([*codes, municipality_code])
    table = table[table["municipality_code"].isin(codes)]
    names = table.drop_duplicates("municipality_code").set_index("municipality_code")["municipality"].astype(str)
    names_en = peer_groups().drop_duplicates("municipality_code").set_index("municipality_code")["municipality_en"]
    census = table[table["indicator_code"] == "A1101"]

    def population_for(years: pd.Series) -> pd.Series:
        out = {}
        for code, when in years.items():
            rows = census[(census["municipality_code"] == code) & (census["year"] <= when)]
            out[code] = rows.sort_values("year")["value"].iloc[-1] if len(rows) else float("nan")
        return pd.Series(out)

    rows = []
    for measure, (formula, unit, label_ja, label_en) in MEASURES.items():
        code = formula.split()[0]
        latest = _latest_at_or_before(table, code, year)
        values = latest["value"]
        if "/" in formula:  # every ratio here is per resident, at the census at or before the figure's year
            values = values / population_for(latest["year"]) * (1000 if "1,000" in formula else 1)
            values = values * {"percent": 100, "thousand_yen": 1000}.get(unit, 1)  # million yen -> thousand yen
        for code_, value in values.items():
            rows.append(
                {
                    "municipality_code": code_,
                    "municipality": names.get(code_, code_),
                    "municipality_en": names_en.get(code_, code_),
                    "measure": measure,
                    "measure_ja": label_ja,
                    "measure_en": label_en,
                    "year": int(latest.at[code_, "year"]),
                    "value": float(value),
                    "unit": unit,
                    "formula": formula,
                }
            )
    out = pd.DataFrame(rows)
    out["rank"] = out.groupby("measure")["value"].rank(ascending=False, method="min").astype("Int64")
    out["of"] = out.groupby("measure")["value"].transform("count").astype("Int64")
    out["group_median"] = out.groupby("measure")["value"].transform("median")
    out["is_subject"] = out["municipality_code"] == municipality_code
    return out.sort_values(["measure", "rank"]).reset_index(drop=True)


def select_measures(measures: pd.DataFrame, selected: list[str]) -> pd.DataFrame:
    """Keep the selected measures, in the order given (then by rank).

    >>> frame = pd.DataFrame({"measure": ["b", "a", "c"], "rank": [1, 1, 1]})
    >>> select_measures(frame, ["c", "a"])["measure"].tolist()
    ['c', 'a']
    """
    order = {measure: i for i, measure in enumerate(selected)}
    kept = measures[measures["measure"].isin(order)]
    return kept.assign(_order=kept["measure"].map(order)).sort_values(["_order", "rank"]).drop(columns="_order")
