"""One function per table: raw frame (as printed) -> tidy frame.

Each cleaner takes the strings :func:`kodaira_analysis.raw.read_raw_csv`
returned and gives back a tidy frame with the columns its description in
``tables.py`` lists, plus ``_row`` (the raw row each figure came from) so
that validation can name it. Published totals are left out of the tidy
frames; ``validate.py`` checks them. Any cell that cannot be read raises
:class:`RawDataError` naming the file, row, column and value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pandas as pd

from .cells import PLAN_ERA, RawContext
from .japanese import (
    normalize_text,
    parse_amount,
    parse_as_of,
    parse_count,
    parse_fiscal_year_range,
    parse_quantity,
    western_year,
)
from .raw import ROW, read_vocabulary

TOTAL_LABEL = "合計"


#: An as-of note of the plan ('（23決算）'): Heisei years without an era.
_plan_as_of = partial(parse_as_of, default_era=PLAN_ERA)


def _is_total(label: str) -> bool:
    return normalize_text(str(label)) == TOTAL_LABEL


def _timestamp(day: date | None) -> pd.Timestamp:
    return pd.Timestamp(day) if day is not None else pd.NaT


def clean_fiscal_effects(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Fiscal effect by category and fiscal year, in million yen; totals left out."""
    ctx = RawContext(raw, file)
    years = ctx.fiscal_year_columns()
    records = []
    for row, values in ctx.rows():
        if _is_total(values["区分"]):
            continue
        category = ctx.lookup("fiscal_category", row, "区分", values["区分"])
        unit = ctx.read(row, "単位", values["単位"], normalize_text, "a unit such as 百万円")
        for column, fiscal_year in years.items():
            amount = ctx.read_optional(
                row,
                column,
                values[column],
                lambda t, u=unit: parse_amount(t + u),
                f"a number in {unit}",
            )
            records.append(
                {
                    "fiscal_year": fiscal_year,
                    "category_id": category["code"],
                    "category": normalize_text(category["label_ja"]),
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
                    "indicator_ja": normalize_text(entry["label_ja"]),
                    "indicator_en": entry["label_en"],
                    "fiscal_year": fiscal_year,
                    "as_of": _timestamp(as_of),
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
                "以下 or 以内 (a ceiling) or 以上 (a floor), or an implied_comparator in vocabulary.csv",
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
                "indicator_ja": normalize_text(entry["label_ja"]),
                "indicator_en": entry["label_en"],
                "comparator": comparator,
                "comparator_source": source,
                "target_value": target.value,
                "target_fiscal_year": _target_fiscal_year(target_as_of, as_of_by_year),
                "target_as_of": _timestamp(target_as_of),
                "unit": target.unit,
                "target_printed": normalize_text(values["目標値"]),
                ROW: value_row,
            }
        )
    return pd.DataFrame(records)


STATUS_COLUMNS = ("予定より前倒し", "予定どおり", "予定より遅れ")


def clean_program_progress(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Items of the 2nd reform programme by policy and status; the total row left out."""
    ctx = RawContext(raw, file)
    records = []
    for row, values in ctx.rows():
        if _is_total(values["方針"]):
            continue
        policy = ctx.lookup("policy", row, "方針", values["方針"])
        as_of = ctx.read(row, "時点", values["時点"], parse_as_of, "an as-of note such as 平成28年3月末現在")
        for column in STATUS_COLUMNS:
            status = ctx.lookup("status", 1, column, column)
            records.append(
                {
                    "policy_no": int(policy["code"]),
                    "policy": normalize_text(policy["label_ja"]),
                    "policy_en": policy["label_en"],
                    "status": status["code"],
                    "status_ja": status["label_ja"],
                    "status_en": status["label_en"],
                    "items": ctx.read(row, column, values[column], parse_count, "a whole number of items, 0 or more"),
                    "as_of": _timestamp(as_of),
                    ROW: row,
                }
            )
    return pd.DataFrame(records)


def clean_reform_history(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Each reform programme: period, items and follow-up."""
    ctx = RawContext(raw, file)
    records = []
    for order, (row, values) in enumerate(ctx.rows(), start=1):
        program = ctx.lookup("program", row, "計画", values["計画"])
        start, end = ctx.read(
            row,
            "計画期間",
            values["計画期間"],
            partial(parse_fiscal_year_range, default_era=PLAN_ERA),
            "a period such as 平成8年度～11年度",
        )
        followup_year = ctx.read_optional(
            row,
            "フォローアップ年度",
            values["フォローアップ年度"],
            partial(western_year, default_era=PLAN_ERA),
            "a fiscal year such as 平成18年度",
        )
        records.append(
            {
                "program_order": order,
                "program_id": program["code"],
                "program": normalize_text(program["label_ja"]),
                "program_en": program["label_en"],
                "start_fiscal_year": start,
                "end_fiscal_year": end,
                "items": ctx.read_optional(row, "項目数", values["項目数"], parse_count, "a whole number of items"),
                "followup_fiscal_year": followup_year,
                "followup_items": ctx.read_optional(
                    row, "フォローアップ項目数", values["フォローアップ項目数"], parse_count, "a whole number of items"
                ),
                "followup_base_items": ctx.read_optional(
                    row,
                    "フォローアップ対象項目数",
                    values["フォローアップ対象項目数"],
                    parse_count,
                    "a whole number of items",
                ),
                ROW: row,
            }
        )
    return pd.DataFrame(records)


#: The unit of each demographic indicator. The plan prints fertility rates with
#: a % sign; a total fertility rate is a number of births per woman.
DEMOGRAPHIC_UNITS = {"aged_65_plus_share": "percent", "total_fertility_rate": "births_per_woman"}
_BOUNDS = {None: "exact", ">": "lower", ">=": "lower"}


def _read_demographic_value(text: str, unit: str):
    quantity = parse_quantity(text) if unit == "percent" or text.strip().endswith(("%", "％")) else None
    if quantity is None:
        return float(normalize_text(text)), None
    if quantity.unit != "percent":
        raise ValueError(f"{text!r}: expected a percentage")
    return quantity.value, quantity.comparator


def clean_demographics(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """The 65+ share and fertility rates, with each figure's bound and period."""
    ctx = RawContext(raw, file)
    records = []
    for row, values in ctx.rows():
        indicator = ctx.lookup("demographic_indicator", row, "指標", values["指標"])
        area = ctx.lookup("area", row, "地域", values["地域"])
        unit = DEMOGRAPHIC_UNITS[indicator["code"]]
        period = normalize_text(values["時点"])
        if period.replace(" ", "").endswith("年度"):
            fiscal_year = ctx.read(row, "時点", values["時点"], western_year, "a fiscal year such as 平成26年度")
            as_of = None
        else:
            fiscal_year = None
            as_of = ctx.read(row, "時点", values["時点"], parse_as_of, "a date such as 平成23年1月1日現在")
        value, comparator = ctx.read(
            row,
            "値",
            values["値"],
            lambda t, u=unit: _read_demographic_value(t, u),
            "a figure such as 20.73％ or 22％超",
        )
        if comparator not in _BOUNDS:
            ctx.fail(
                row, "値", values["値"], "an upper bound is not supported", "a figure, or a lower bound (超, 以上)"
            )
        if value < 0:
            ctx.fail(row, "値", values["値"], "a negative share or rate is impossible", "a figure of 0 or more")
        records.append(
            {
                "indicator": indicator["code"],
                "indicator_ja": normalize_text(indicator["label_ja"]),
                "indicator_en": indicator["label_en"],
                "area": area["code"],
                "area_ja": area["label_ja"],
                "area_en": area["label_en"],
                "period": period,
                "as_of": _timestamp(as_of),
                "fiscal_year": fiscal_year,
                "value": value,
                "bound": _BOUNDS[comparator],
                "unit": unit,
                "value_printed": normalize_text(values["値"]),
                ROW: row,
            }
        )
    return pd.DataFrame(records)


def clean_plan_structure(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """The plan's hierarchy: viewpoints, directions, policies, measures."""
    ctx = RawContext(raw, file)
    parent_level = {"policy": "direction", "measure": "policy"}
    vocabulary = read_vocabulary()
    names_en = vocabulary[vocabulary["domain"] == "plan_node"].set_index("code")
    records = []
    for row, values in ctx.rows():
        level = ctx.lookup("structure_level", row, "階層", values["階層"])["code"]
        number = normalize_text(values["番号"])
        if not number:
            ctx.fail(row, "番号", values["番号"], "blank cell where a number is required")
        node_id = f"{level}-{number}"
        name = normalize_text(values["名称"])
        if node_id not in names_en.index or names_en.at[node_id, "key"] != name:
            ctx.fail(
                row,
                "名称",
                values["名称"],
                f"no English name for {node_id} with this Japanese name",
                "a row for it in kodaira_analysis/vocabulary.csv (domain plan_node)",
            )
        parent = normalize_text(values["上位番号"])
        if level in parent_level and not parent:
            ctx.fail(row, "上位番号", parent, f"a {level} needs its parent {parent_level[level]}")
        if level not in parent_level and parent:
            ctx.fail(row, "上位番号", parent, f"a {level} has no parent in the plan", "a blank cell")
        records.append(
            {
                "node_id": node_id,
                "level": level,
                "number": number,
                "name": name,
                "name_en": names_en.at[node_id, "label_en"],
                "parent_id": f"{parent_level[level]}-{parent}" if parent else None,
                "section": normalize_text(values["出典"]),
                ROW: row,
            }
        )
    return pd.DataFrame(records)


#: The cleaner of each table.
CLEANERS: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "fiscal_effects": clean_fiscal_effects,
    "indicators": clean_indicators,
    "targets": clean_targets,
    "program_progress": clean_program_progress,
    "reform_history": clean_reform_history,
    "demographics": clean_demographics,
    "plan_structure": clean_plan_structure,
}
