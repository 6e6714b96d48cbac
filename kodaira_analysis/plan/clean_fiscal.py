"""Cleaners of the plan's fiscal tables: fiscal effects, indicator results, targets.

Each takes the strings :func:`kodaira_analysis.plan.read.read_raw_csv` returned
and gives back a tidy frame with the columns its description lists, plus
``_row`` (the raw row each figure came from) so that validation can name it.
Published totals are left out; :mod:`~kodaira_analysis.plan.totals` checks them.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd

from kodaira_analysis.japanese import (
    normalize_text,
    parse_amount,
    parse_as_of,
    parse_quantity,
)
from kodaira_analysis.plan.cells import PLAN_ERA, RawContext, is_total_label, to_timestamp
from kodaira_analysis.plan.read import ROW, VOCABULARY_NAME, read_vocabulary

#: An as-of note of the plan ('（23決算）'): Heisei years without an era.
_plan_as_of = partial(parse_as_of, default_era=PLAN_ERA)


def _amount_in(text: str, unit: str) -> float:
    """An amount printed without its unit, read in the unit of its row (the result in million yen)."""
    return parse_amount(text + unit)


def clean_fiscal_effects(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Fiscal effect by category and fiscal year, in million yen; totals left out."""
    ctx = RawContext(raw, file)
    years = ctx.fiscal_year_columns()
    records = []
    for row, values in ctx.rows():
        if is_total_label(values["区分"]):
            continue
        category = ctx.lookup("fiscal_category", row, "区分", values["区分"])
        unit = ctx.read(row, "単位", values["単位"], normalize_text, "a unit such as 百万円")
        for column, fiscal_year in years.items():
            amount = ctx.read_optional(
                row,
                column,
                values[column],
                partial(_amount_in, unit=unit),
                f"a number in {unit}",
            )
            records.append(
                {
                    "fiscal_year": fiscal_year,
                    "category_id": category["code"],
                    "category": category["label_ja"].strip(),
                    "category_en": category["label_en"],
                    "amount_million_yen": amount,
                    ROW: row,
                }
            )
    return pd.DataFrame(records)


def _indicator_rows(ctx: RawContext) -> dict[str, dict[str, tuple[int, pd.Series]]]:
    """Pair each indicator's value row (値) with its as-of row (時点)."""
    pairs: dict[str, dict[str, tuple[int, pd.Series]]] = {}
    for row, values in ctx.rows():
        indicator = ctx.lookup("indicator", row, "指標", values["指標"])["code"]
        kind = normalize_text(values["行"])
        if kind not in ("値", "時点"):
            ctx.fail(row, "行", values["行"], "unknown row kind", "値 (figures) or 時点 (as-of notes)")
        if kind in pairs.setdefault(indicator, {}):
            ctx.fail(row, "指標", values["指標"], f"a second {kind} row for this indicator (duplicate key)")
        pairs[indicator][kind] = (row, values)
    for indicator, kinds in pairs.items():
        for kind in ("値", "時点"):
            if kind not in kinds:
                other_row = next(iter(kinds.values()))[0]
                ctx.fail(other_row, "行", indicator, f"the {kind} row of this indicator is missing")
    return pairs


def _check_unit(ctx: RawContext, row: int, column: str, text: str, unit: str, expected_unit: str | None) -> None:
    if expected_unit is not None and unit != expected_unit:
        ctx.fail(row, column, text, f"unit {unit} differs from the indicator's target unit", expected_unit)


def clean_indicators(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Results of the six target indicators by fiscal-year column, with as-of dates."""
    ctx = RawContext(raw, file)
    years = ctx.fiscal_year_columns()
    vocabulary = read_vocabulary().set_index(["domain", "code"])
    records = []
    for indicator, kinds in _indicator_rows(ctx).items():
        value_row, values = kinds["値"]
        as_of_row, as_ofs = kinds["時点"]
        target = ctx.read(value_row, "目標値", values["目標値"], parse_quantity, "a figure such as 910人")
        entry = vocabulary.loc[("indicator", indicator)]
        for column, fiscal_year in years.items():
            quantity = ctx.read_optional(
                value_row, column, values[column], parse_quantity, "a figure with its unit, e.g. 92.7% or 23.6億円"
            )
            if quantity is not None:
                _check_unit(ctx, value_row, column, values[column], quantity.unit, target.unit)
                if quantity.comparator is not None:
                    ctx.fail(value_row, column, values[column], "a result carries a comparator", "a plain figure")
                if quantity.value < 0:
                    ctx.fail(
                        value_row,
                        column,
                        values[column],
                        "a negative result is impossible here",
                        "a figure of 0 or more",
                    )
            as_of = ctx.read_optional(
                as_of_row,
                column,
                as_ofs[column],
                _plan_as_of,
                "an as-of note such as （H24.4.1） or （23決算）",
            )
            records.append(
                {
                    "indicator": indicator,
                    "indicator_ja": entry["label_ja"].strip(),
                    "indicator_en": entry["label_en"],
                    "fiscal_year": fiscal_year,
                    "as_of": to_timestamp(as_of),
                    "value": quantity.value if quantity else None,
                    "unit": target.unit,
                    "value_printed": normalize_text(values[column]) or None,
                    ROW: value_row,
                }
            )
    return pd.DataFrame(records)


def _target_fiscal_year(target_as_of: date, as_of_by_year: dict[int, date | None]) -> int:
    """The fiscal-year column whose figure has the target's date, else the FY containing it."""
    for fiscal_year, as_of in as_of_by_year.items():
        if as_of == target_as_of:
            return fiscal_year
    return target_as_of.year if target_as_of.month >= 4 else target_as_of.year - 1


def clean_targets(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """The target of each indicator: comparator, value, fiscal year and date."""
    ctx = RawContext(raw, file)
    years = ctx.fiscal_year_columns()
    vocabulary = read_vocabulary().set_index(["domain", "code"])
    records = []
    for indicator, kinds in _indicator_rows(ctx).items():
        value_row, values = kinds["値"]
        as_of_row, as_ofs = kinds["時点"]
        entry = vocabulary.loc[("indicator", indicator)]
        target = ctx.read(value_row, "目標値", values["目標値"], parse_quantity, "a figure such as 300億円以内")
        comparator, source = target.comparator, "printed"
        if comparator is None:
            comparator, source = entry["implied_comparator"] or None, "implied"
        if comparator not in ("<=", ">="):
            ctx.fail(
                value_row,
                "目標値",
                values["目標値"],
                "the target has no comparator and the vocabulary implies none",
                f"以下 or 以内 (a ceiling) or 以上 (a floor), or an implied_comparator in {VOCABULARY_NAME}",
            )
        target_as_of = ctx.read(
            as_of_row,
            "目標値",
            as_ofs["目標値"],
            _plan_as_of,
            "an as-of note such as （27年度末）",
        )
        as_of_by_year = {
            fy: ctx.read_optional(as_of_row, col, as_ofs[col], _plan_as_of, "an as-of note")
            for col, fy in years.items()
        }
        records.append(
            {
                "indicator": indicator,
                "indicator_ja": entry["label_ja"].strip(),
                "indicator_en": entry["label_en"],
                "comparator": comparator,
                "comparator_source": source,
                "target_value": target.value,
                "target_fiscal_year": _target_fiscal_year(target_as_of, as_of_by_year),
                "target_as_of": to_timestamp(target_as_of),
                "unit": target.unit,
                "target_printed": normalize_text(values["目標値"]),
                ROW: value_row,
            }
        )
    return pd.DataFrame(records)
