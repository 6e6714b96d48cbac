"""What the plan-period sections share: number formats, the shaded plan period, the words for kinds of year."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kodaira_analysis.analysis.period import PLAN_PERIOD
from kodaira_analysis.present.axes import fiscal_year_tick
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.style import OKABE_ITO
from kodaira_analysis.present.wording import number_en

#: How each kind of year is said (analysis.period.YEAR_KINDS values -> words).
YEAR_KIND_WORDS = {
    "fiscal year (settlement)": ("年度（決算）", "fiscal year (settlement)"),
    "census (1 October)": ("国勢調査（10月1日）", "census (1 October)"),
    "calendar year": ("暦年", "calendar year"),
    "year as published": ("SSDSE-Aが示す年。調査日の記載なし", "the year SSDSE-A gives; no survey date stated"),
    "quota as of 1 April of the year": ("その年の4月1日現在の定員", "quota as of 1 April of that year"),
}


def year_kind(kind: str, lang: str) -> str:
    """A kind of year in words."""
    ja, en = YEAR_KIND_WORDS[kind]
    return pick(lang, ja, en)


def moves_words(moves: Mapping[str, Any], lang: str, *, prose: bool = False) -> str:
    """Year-on-year moves counted (:func:`analysis.period_compare.yearly_moves`), the unchanged years too when any.

    One wording for every page: a table cell gives figures, running English (``prose``) words below ten.

    >>> m = {"rises": 4, "falls": 1, "unchanged": 1}
    >>> moves_words(m, "ja"), moves_words(m, "en"), moves_words(m, "en", prose=True)
    ('上昇4回・低下1回・横ばい1回', 'up in 4 years, down in 1, unchanged in 1', 'up in four years, down in one and unchanged in one')
    >>> moves_words({"rises": 1, "falls": 2, "unchanged": 0}, "ja"), moves_words({"rises": 1, "falls": 2}, "en", prose=True)
    ('上昇1回・低下2回', 'up in one year and down in two')
    >>> moves_words({"rises": 6, "falls": 0}, "en"), moves_words({"rises": 0, "falls": 3}, "en")
    ('up in 6 years, down in none', 'up in none, down in 3 years')
    """
    counts = [("上昇", "up", int(moves["rises"])), ("低下", "down", int(moves["falls"]))]
    if int(moves.get("unchanged", 0) or 0):
        counts.append(("横ばい", "unchanged", int(moves["unchanged"])))
    if lang == "ja":
        return "・".join(f"{word}{n}回" for word, _, n in counts)
    said = [f"{word} in {(number_en(n) if prose else n) if n else 'none'}" for _, word, n in counts]
    first = next((i for i, (_, _, n) in enumerate(counts) if n), None)  # the noun once, on the first count said
    if first is not None:
        said[first] += " year" if counts[first][2] == 1 else " years"
    return ", ".join(said) if not prose else ", ".join(said[:-1]) + " and " + said[-1]


def fmt(value: float, unit: str, lang: str, *, signed: bool = False) -> str:
    """A value with its unit; a missing value is '—', never 0.

    >>> fmt(452.11, "thousand_yen", "ja"), fmt(89851.9, "million_yen", "en"), fmt(-343, "persons", "en", signed=True)
    ('452.1千円', '¥89.85 billion', '-343 persons')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed and value > 0 else ""
    if unit in ("million_yen", "thousand_yen"):
        sign = "-" if value < 0 else sign
        value = abs(value)
    if unit == "million_yen":
        return f"{sign}{value / 100:,.1f}億円" if lang == "ja" else f"{sign}¥{value / 1000:,.2f} billion"
    if unit == "thousand_yen":
        return f"{sign}{value:,.1f}千円" if lang == "ja" else f"{sign}¥{value:,.1f} thousand"
    if unit in ("percent", "points"):
        number = f"{sign}{value:,.1f}"
        return number + ("%" if unit == "percent" else pick(lang, "ポイント", " points"))
    if unit == "persons":
        return f"{sign}{value:,.0f}人" if lang == "ja" else f"{sign}{value:,.0f} persons"
    if unit == "staff":  # a count of staff: 人 in Japanese, as for any persons; 'staff' in English
        return f"{sign}{value:,.0f}人" if lang == "ja" else f"{sign}{value:,.0f} staff"
    if unit == "households":
        return f"{sign}{value:,.0f}世帯" if lang == "ja" else f"{sign}{value:,.0f} households"
    if unit == "per_1000":
        return f"{sign}{value:,.2f}人" if lang == "ja" else f"{sign}{value:,.2f}"
    raise ValueError(f"unknown unit {unit!r}")


def unit_words(unit: str, lang: str) -> str:
    """The unit as an axis or column label."""
    words = {
        "million_yen": ("億円", "billion yen"),
        "thousand_yen": ("千円（住民1人当たり）", "thousand yen per resident"),
        "percent": ("%", "%"),
        "persons": ("人", "persons"),
        "staff": ("人", "staff"),
        "households": ("世帯", "households"),
        "per_1000": ("人（人口千人当たり）", "per 1,000 residents"),
    }[unit]
    return pick(lang, *words)


def shade_plan_period(ax, lang: str, *, fiscal: bool = True) -> None:
    """Shade 2017-2020, the plan period (the 3rd plan's), on a year axis, with its label in the legend.

    On an axis of fiscal years the shaded years are the plan period; on one of other years (census,
    years as SSDSE-A publishes them) they are only the same numbers, and the label says so.
    """
    first, last = PLAN_PERIOD
    label = (
        pick(lang, "プランの期間（2017～2020年度）", "The plan period (FY2017-FY2020)")
        if fiscal
        else pick(lang, "2017～2020年（プランの期間は2017～2020年度）", "2017-2020 (the plan period is FY2017-FY2020)")
    )
    ax.axvspan(first - 0.5, last + 0.5, color=OKABE_ITO[1], alpha=0.12, zorder=0, label=label)


def year_axis(ax, years, lang: str) -> None:
    """Ticks for every year (the plan period's included), as Western years: a fiscal or a calendar year alike."""
    years = sorted({int(y) for y in years} | set(range(PLAN_PERIOD[0], PLAN_PERIOD[1] + 1)))
    ax.set_xticks(years, [fiscal_year_tick(y, lang) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)


def period_of(year: int, lang: str) -> str:
    """Before, during or after the plan period."""
    first, last = PLAN_PERIOD
    if year < first:
        return pick(lang, "期間前", "before")
    if year <= last:
        return pick(lang, "期間中", "during")
    return pick(lang, "期間後", "after")


def source_words(source: str, lang: str) -> str:
    """'plan' or 'SSDSE-A <edition>' in words."""
    if source == "plan":
        return pick(lang, "プラン", "Plan")
    return str(source)


def long_table(frame: pd.DataFrame, lang: str, *, unit_column: str = "unit") -> pd.DataFrame:
    """A long frame (measure_ja/en, year, value, unit, year_kind, source) as a committee table."""
    rows = []
    for _, r in frame.iterrows():
        rows.append(
            {
                pick(lang, "指標", "Measure"): r["measure_ja"] if lang == "ja" else r["measure_en"],
                pick(lang, "年", "Year"): int(r["year"]),
                pick(lang, "年の種類", "Kind of year"): year_kind(r["year_kind"], lang),
                pick(lang, "プラン期間", "Plan period"): period_of(int(r["year"]), lang),
                pick(lang, "値", "Value"): fmt(r["value"], r[unit_column], lang),
                pick(lang, "出典", "Source"): source_words(r["source"], lang),
            }
        )
    return pd.DataFrame(rows)
