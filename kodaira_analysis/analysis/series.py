"""Kodaira's series beyond the plan, from SSDSE-A.

* :func:`extended_indicators`: the plan's indicator results (FY2011-FY2015)
  followed by SSDSE-A's for later years, each point keeping its source;
* :func:`census_ageing`, :func:`births`, :func:`admin_staff`: a municipality's
  series from SSDSE-A;

Nothing here runs unless the SSDSE-A files are present (``ssdse.available()``).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import arguments
from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.japanese import fiscal_year_end

#: Plan indicators that SSDSE-A also publishes.
SSDSE_CODES = {"current_balance_ratio": "D2203"}


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
    municipality_code = arguments.municipality_code(municipality_code, "extended_indicators")
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
    """Shares aged 65+ and 75+ at each census in SSDSE-A (as of 1 October), of the population of known age.

    The census population includes people whose age was not stated; the shares divide by those whose
    age is known (under 15, 15 to 64, 65 and over), and ``age_not_stated`` keeps the difference.
    """
    municipality_code = arguments.municipality_code(municipality_code, "census_ageing")
    table = ssdse_table() if table is None else table

    def at(code: str) -> pd.Series:
        return _series(table, municipality_code, code).set_index("year")["value"]

    population, aged65 = at("A1101"), at("A1303")
    known = at("A1301") + at("A1302") + aged65  # missing where any part is: never a partial sum
    out = pd.DataFrame(
        {
            "population": population,
            "known_age": known,
            "age_not_stated": population - known,
            "aged_65_share": aged65 / known * 100,
            "aged_75_share": at("A1419") / known * 100,
        }
    ).dropna()
    return out.rename_axis("census_year").reset_index()


def births(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """Births per year, with the SSDSE-A edition each comes from."""
    municipality_code = arguments.municipality_code(municipality_code, "births")
    table = ssdse_table() if table is None else table
    return _series(table, municipality_code, "A4101").rename(columns={"value": "births"})


def admin_staff(table: pd.DataFrame | None = None, municipality_code: str = "13211") -> pd.DataFrame:
    """General-administration staff by survey year (1 April)."""
    municipality_code = arguments.municipality_code(municipality_code, "admin_staff")
    table = ssdse_table() if table is None else table
    return _series(table, municipality_code, "D1202").rename(columns={"value": "staff"})
