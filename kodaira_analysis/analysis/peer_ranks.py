"""A measure's values and ranks in a peer group, one year at a time (SSDSE-A, and MIC's rows added by peer_mic).

Each measure has the direction that is favourable (``peer_directions.csv``:
lower, higher or none) and each municipality's rank in that sense: rank 1 is
the most favourable value; where no direction is favourable, rank 1 is the
lowest value, as the MIC pages and report 02 count. Equal values share a rank (a tie). A municipality outside the
group is placed against it without a rank (``in_group`` False), never added
to it.

Per-resident measures divide by the census population at or before the
figure's year (the 2020 census for 2020-2024 figures, the 2015 census for
2015-2019): column ``census_year`` says which.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.peer_data import MEASURES, check_municipality, directions, names_en, names_of, peer_codes


def _values(table: pd.DataFrame, measure: str, year: int) -> pd.DataFrame:
    """One measure in one year for every municipality of ``table``: value and the census year of its denominator."""
    spec = MEASURES[measure]
    rows = table[(table["indicator_code"] == spec.numerator) & (table["year"] == year)]
    out = rows.set_index("municipality_code")[["value"]].astype(float)
    if spec.denominator is None:
        return out.assign(value=out["value"] * spec.factor, census_year=pd.array([pd.NA] * len(out), dtype="Int64"))
    census = census_rows(table, spec.denominator)
    census = census[census["year"] <= year]
    census = census.sort_values("year").drop_duplicates("municipality_code", keep="last").set_index("municipality_code")
    out["value"] = out["value"] / census["value"].reindex(out.index) * spec.factor
    out["census_year"] = census["year"].reindex(out.index).astype("Int64")
    return out.dropna(subset=["value"])


def measure_years(measure: str, table: pd.DataFrame) -> list[int]:
    """The years the table holds the measure's figure for (with a census at or before it, where divided)."""
    spec = MEASURES[measure]
    years = sorted(int(y) for y in table.loc[table["indicator_code"] == spec.numerator, "year"].unique())
    if spec.denominator is None:
        return years
    first_census = census_rows(table, spec.denominator)["year"].min()
    return [y for y in years if y >= first_census]


def census_rows(table: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """A census denominator for each municipality and census year: one indicator, or the sum of several.

    Columns municipality_code, year, value. Where any part is missing the sum is left out (missing,
    never a partial sum).
    """
    parts = table.loc[table["indicator_code"].isin(codes), ["municipality_code", "year", "indicator_code", "value"]]
    if len(codes) == 1:
        return parts[["municipality_code", "year", "value"]].dropna(subset=["value"])
    grouped = parts.groupby(["municipality_code", "year"], observed=True)
    complete = grouped["indicator_code"].nunique() == len(codes)  # every part there, none counted twice
    sums = grouped["value"].sum(min_count=len(codes))
    return sums[complete].dropna().rename("value").reset_index()


def _ranked(values: pd.DataFrame, measure: str, group_codes: list[str]) -> pd.DataFrame:
    """Rank the group's values in the favourable sense; ties share the best rank; outsiders get none."""
    favourable = directions().at[measure, "favourable"]
    out = values.copy()
    out["in_group"] = out.index.isin(group_codes)
    group = out.loc[out["in_group"], "value"]
    out["rank"] = group.rank(ascending=favourable != "higher", method="min").astype("Int64").reindex(out.index)
    out["of"] = int(group.count())
    out["group_median"] = float(group.median())
    counts = out.loc[out["in_group"], "rank"].value_counts()
    out["tied"] = out["rank"].map(counts).fillna(0).astype(int) > 1
    out["favourable"] = favourable
    return out


def rank_frame(table: pd.DataFrame, measure: str, year: int, codes: list[str]) -> pd.DataFrame:
    """One measure in one year, ranked in the group ``codes``, with the measure's names and unit."""
    spec = MEASURES[measure]
    ranked = _ranked(_values(table, measure, year), measure, codes).rename_axis("municipality_code").reset_index()
    return ranked.assign(measure=measure, measure_ja=spec.label_ja, measure_en=spec.label_en, year=year, unit=spec.unit)


def group_table(group: str, municipality_code: str, table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The rows of the group and the subject (which must be in SSDSE-A), and the group's codes."""
    check_municipality(municipality_code, table)
    codes = peer_codes(group, municipality_code, table)
    return table[table["municipality_code"].isin([*codes, municipality_code])], codes


#: tied_with holds the other codes sharing a rank as one text ("13202;13205"; "" when none): a list column
#: cannot be written to CSV or Stata.
TIE_SEPARATOR = ";"


def tied_codes(tied_with: str) -> list[str]:
    """The codes of a ``tied_with`` cell.

    >>> tied_codes("13202;13205"), tied_codes("")
    (['13202', '13205'], [])
    """
    return [code for code in tied_with.split(TIE_SEPARATOR) if code]


def add_names_and_ties(frame: pd.DataFrame, municipality_code: str, table: pd.DataFrame) -> pd.DataFrame:
    """Add each row's names, whether it is the subject, and the other codes that share its rank (``tied_with``)."""
    names = names_of(table)["municipality"].astype(str)
    frame["municipality"] = frame["municipality_code"].map(names)
    frame["municipality_en"] = [
        names_en().get(c, n) for c, n in zip(frame["municipality_code"], frame["municipality"], strict=True)
    ]
    frame["is_subject"] = frame["municipality_code"] == municipality_code
    tied = frame[frame["tied"]].groupby(["measure", "year", "rank"])["municipality_code"].agg(list)
    frame["tied_with"] = [
        TIE_SEPARATOR.join(c for c in tied.get((m, y, r), []) if c != code) if t else ""
        for m, y, r, t, code in zip(
            frame["measure"], frame["year"], frame["rank"], frame["tied"], frame["municipality_code"], strict=True
        )
    ]
    return frame
