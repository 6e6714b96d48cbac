"""The committee summary's view of the plan period: its main measures in every fiscal year from FY2016, how they moved.

Language-neutral frames a researcher can inspect; :mod:`kodaira_analysis.topics.summary_period` writes them as the
summary's Tables 2 and 3 and its sentences. Every value is SSDSE-A's as :func:`period.fiscal_series` reads it
(fiscal-year settlements; per resident divided by the census at or before the year); the changes, moves, ranks
and medians are ours.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period, period_compare

#: The summary's measures, in the order shown, with their unit.
PERIOD_MEASURES: tuple[tuple[str, str], ...] = (
    ("current_balance_ratio", "percent"),
    ("real_debt_service_ratio", "percent"),
    ("local_taxes_per_resident", "thousand_yen"),
    ("welfare_per_resident", "thousand_yen"),
    ("welfare_share", "percent"),
    ("expenditure_per_resident", "thousand_yen"),
)
#: ``basis`` of a row: as published (each year's census), or with the 2020 census held fixed as denominator.
PUBLISHED, FIXED_2020 = "published", "fixed_2020_census"


def summary_years(fiscal: pd.DataFrame) -> list[int]:
    """The fiscal years shown: from the year before the plan period to the latest any summary measure holds."""
    held = fiscal[fiscal["measure"].isin([m for m, _u in PERIOD_MEASURES])]["year"]
    return list(range(period.BASE_YEAR, int(held.max()) + 1))


def period_values(table: pd.DataFrame, fiscal: pd.DataFrame, municipality_code: str = "13211") -> pd.DataFrame:
    """Each summary measure in every year of :func:`summary_years`, long: one row per measure, basis and year.

    Columns: ``row`` (the order shown), ``measure``, ``basis`` (:data:`PUBLISHED`, or :data:`FIXED_2020` for a
    per-resident measure recomputed with the 2020 census population), ``measure_ja``, ``measure_en``, ``unit``,
    ``year`` (fiscal year) and ``value`` (missing where SSDSE-A holds none). ``fiscal`` is
    ``period.fiscal_series(table, municipality_code)``.
    """
    years = summary_years(fiscal)
    _census, population_2020 = period.census_population(table, municipality_code, period.PLAN_PERIOD[1])
    parts: list[pd.DataFrame] = []
    for measure, unit in PERIOD_MEASURES:
        own = fiscal[fiscal["measure"] == measure]
        names = {"measure_ja": own.iloc[0]["measure_ja"], "measure_en": own.iloc[0]["measure_en"]}
        series = [(own, PUBLISHED)]
        if measure in period.PER_RESIDENT:
            series.append((period_compare.fixed_denominator(fiscal, measure, population_2020), FIXED_2020))
        for frame, basis in series:
            values = frame.drop_duplicates("year").set_index("year")["value"].reindex(years)
            parts.append(
                pd.DataFrame(
                    {"row": len(parts), "measure": measure, "basis": basis, **names, "unit": unit, "year": years}
                ).assign(value=values.to_numpy(dtype=float))
            )
    return pd.concat(parts, ignore_index=True)


def ranked_from_lowest(measure: str) -> bool:
    """Whether a measure is ranked from the lowest: the rule of every page, report 05's too.

    A measure with a favourable direction is ranked from its favourable side, one without (local tax per resident,
    welfare spending...) from the lowest: only a measure read as better when higher is ranked from the highest.
    """
    from kodaira_analysis.analysis.peer_data import directions

    table = directions()
    return not (measure in table.index and table.at[measure, "favourable"] == "higher")


def period_moves(values: pd.DataFrame, tama: pd.DataFrame, municipality_code: str = "13211") -> pd.DataFrame:
    """How each row of :func:`period_values` moved, and the city's place among the Tama cities in FY2020.

    One row per ``row`` of ``values``: ``first_year`` and ``last_year`` (the first and latest years with a value),
    ``start``, ``end``, ``change`` (end - start, in the measure's unit; points for a percentage), ``change_percent``
    (for money only), ``rises`` and ``falls`` (every year's move, from :func:`period_compare.yearly_moves`),
    ``high_year``, ``low_year``; for a published row, ``rank``, ``of``, ``tied``, ``median`` and ``ranked_from``
    (``lowest`` or ``highest``) among ``tama`` (``period_compare.group_rows(table)``) in the plan period's last year,
    and ``best_rank`` and ``worst_rank``, the range of its places over every year it has a value.
    """
    rows = []
    for _row, frame in values.groupby("row", sort=True):
        first = frame.iloc[0]
        held = frame.dropna(subset=["value"]).set_index("year")["value"]
        start, end = float(held.iloc[0]), float(held.iloc[-1])
        moves = period_compare.yearly_moves(frame.dropna(subset=["value"]), first["measure"])
        out = {
            **first[["row", "measure", "basis", "measure_ja", "measure_en", "unit"]].to_dict(),
            "first_year": int(held.index[0]),
            "last_year": int(held.index[-1]),
            "start": start,
            "end": end,
            "change": end - start,
            "change_percent": (end / start - 1) * 100 if first["unit"] != "percent" and start else float("nan"),
            **{
                k: moves[k] for k in ("rises", "falls", "unchanged", "high_year", "low_year", "high_years", "low_years")
            },
        }
        if first["basis"] == PUBLISHED:
            lowest = ranked_from_lowest(first["measure"])
            place = period_compare.tama_ranks(
                period_compare.tama_values(first["measure"], period.PLAN_PERIOD[1], tama),
                municipality_code,
                higher_first=not lowest,
            )
            out |= {k: place[k] for k in ("rank", "of", "tied", "median")}
            out["ranked_from"] = "lowest" if lowest else "highest"
            # every year's place, not the plan's last year alone (FY2020, the year of the one-off payments)
            places = [
                period_compare.tama_ranks(
                    period_compare.tama_values(first["measure"], int(year), tama),
                    municipality_code,
                    higher_first=not lowest,
                )["rank"]
                for year in held.index
            ]
            out |= {"best_rank": min(places), "worst_rank": max(places)}
        rows.append(out)
    return pd.DataFrame(rows)


def tama_growth(tama: pd.DataFrame, measure: str, start: int, end: int) -> pd.DataFrame:
    """Each Tama city's change in ``measure`` from fiscal year ``start`` to ``end``, in percent (ours)."""
    before = period_compare.tama_values(measure, start, tama).set_index("municipality_code")["value"]
    after = period_compare.tama_values(measure, end, tama).set_index("municipality_code")["value"]
    growth = ((after / before - 1) * 100).dropna()
    return growth.rename("percent").rename_axis("municipality_code").reset_index()
