"""Any municipality among its peers, from SSDSE-A.

The per-capita measures of the official financial comparison sheets
(財政比較分析表) and the ageing picture, for a peer group, with each
municipality's rank.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from kodaira_analysis.analysis.series import ssdse_table

PEER_GROUPS_FILE = Path(__file__).with_name("peer_groups.csv")

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
