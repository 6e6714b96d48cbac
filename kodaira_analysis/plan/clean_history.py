"""Cleaner of the plan's dated facts about its own history (data/raw/plan_history.csv).

Each row is one fact the plan states with a time: an adoption (平成8年12月), a period (平成18年度～32年度),
the end of a fiscal year (平成25年度末), the second half of one onward (平成20年度後半から), one fiscal year
(平成23年度) or a run of consecutive fiscal years ending in one (平成26年度まで4年連続). The time is kept as
printed beside what it means: the first and last fiscal year and, for a month, the month. Same contract as
:mod:`~kodaira_analysis.plan.clean_programmes`: a cell that cannot be read names file, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kodaira_analysis.japanese import (
    normalize_text,
    parse_fiscal_year_range,
    parse_year_month,
    printed_text,
    western_year,
)
from kodaira_analysis.plan.cells import PLAN_ERA, RawContext, to_timestamp
from kodaira_analysis.plan.read import ROW

#: What a printed time means, by kind.
WHEN_KINDS = ("month", "fiscal_years", "fiscal_year_end", "fiscal_year_second_half_on", "fiscal_year", "run_to")
_RUN = re.compile(r"^(?P<year>.+年度)まで(?P<n>\d+)年連続$")


@dataclass(frozen=True)
class When:
    """A time as the plan prints it, read: its kind, first and last fiscal year, and month if it names one."""

    kind: str
    start_fiscal_year: int
    end_fiscal_year: int
    month: date | None = None


def parse_when(text: str) -> When:
    """Read one of the plan's ways of saying when.

    >>> parse_when("平成8年12月")
    When(kind='month', start_fiscal_year=1996, end_fiscal_year=1996, month=datetime.date(1996, 12, 1))
    >>> parse_when("平成26年度まで4年連続")
    When(kind='run_to', start_fiscal_year=2011, end_fiscal_year=2014, month=None)
    >>> parse_when("平成20年度後半から").kind
    'fiscal_year_second_half_on'
    >>> parse_when("いつか")
    Traceback (most recent call last):
    ...
    ValueError: 'いつか': not a time the plan prints (平成8年12月, 平成18年度～32年度, 平成25年度末, 平成20年度後半から, 平成23年度, 平成26年度まで4年連続)
    """
    compact = normalize_text(text).replace(" ", "")
    try:
        if compact.endswith("月"):
            day = parse_year_month(compact, default_era=PLAN_ERA)
            fiscal_year = day.year - (1 if day.month < 4 else 0)
            return When("month", fiscal_year, fiscal_year, day)
        if re.search(r"[～~〜]", compact):
            return When("fiscal_years", *parse_fiscal_year_range(compact, default_era=PLAN_ERA))
        if compact.endswith("年度末"):
            year = western_year(compact.removesuffix("末"), default_era=PLAN_ERA)
            return When("fiscal_year_end", year, year)
        if compact.endswith("年度後半から"):
            year = western_year(compact.removesuffix("後半から"), default_era=PLAN_ERA)
            return When("fiscal_year_second_half_on", year, year)
        run = _RUN.match(compact)
        if run:
            end, n = western_year(run["year"], default_era=PLAN_ERA), int(run["n"])
            if n < 1:
                raise ValueError(f"{text!r}: a run of {n} years")
            return When("run_to", end - n + 1, end)
        if compact.endswith("年度"):
            year = western_year(compact, default_era=PLAN_ERA)
            return When("fiscal_year", year, year)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    raise ValueError(
        f"{text!r}: not a time the plan prints (平成8年12月, 平成18年度～32年度, 平成25年度末, 平成20年度後半から, "
        "平成23年度, 平成26年度まで4年連続)"
    )


def clean_plan_history(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """One row per dated fact, with its time as printed and as fiscal years."""
    ctx = RawContext(raw, file)
    records = []
    for row, values in ctx.rows():
        event = ctx.lookup("plan_event", row, "事項", values["事項"])
        when = ctx.read(row, "時期", values["時期"], parse_when, "a time such as 平成8年12月 or 平成18年度～32年度")
        for year in (when.start_fiscal_year, when.end_fiscal_year):
            if not ctx.years[0] <= year <= ctx.years[1]:
                ctx.fail(row, "時期", values["時期"], f"the year {year} is outside the plan's years {ctx.years}")
        section = printed_text(values["出典"])  # as printed: ① stays ①
        if not section:
            ctx.fail(row, "出典", values["出典"], "blank cell where the plan's section is required")
        records.append(
            {
                "event_id": event["code"],
                "event": event["label_ja"].strip(),
                "event_en": event["label_en"],
                "when_printed": printed_text(values["時期"]),  # as printed: 平成18年度～32年度
                "when_kind": when.kind,
                "start_fiscal_year": when.start_fiscal_year,
                "end_fiscal_year": when.end_fiscal_year,
                "month": to_timestamp(when.month),
                "section": section,
                ROW: row,
            }
        )
    return pd.DataFrame(records)
