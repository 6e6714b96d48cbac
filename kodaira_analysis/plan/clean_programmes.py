"""Cleaners of the plan's other tables: programme progress, reform history, demographics, structure.

Same contract as :mod:`~kodaira_analysis.plan.clean_fiscal`: strings in, a
tidy frame with ``_row`` out, :class:`RawDataError` naming file, row, column
and value for any cell that cannot be read.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd

from kodaira_analysis.japanese import (
    normalize_text,
    parse_as_of,
    parse_count,
    parse_fiscal_year_range,
    parse_quantity,
    parse_year_month,
    printed_text,
    western_year,
)
from kodaira_analysis.plan.cells import PLAN_ERA, RawContext, is_total_label, to_timestamp
from kodaira_analysis.plan.read import ROW, VOCABULARY_NAME, is_blank, read_vocabulary

STATUS_COLUMNS = ("予定より前倒し", "予定どおり", "予定より遅れ")


def clean_program_progress(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Items of the 2nd Reform Programme by policy and status; the total row left out."""
    ctx = RawContext(raw, file)
    records = []
    for row, values in ctx.rows():
        if is_total_label(values["方針"]):
            continue
        policy = ctx.lookup("policy", row, "方針", values["方針"])
        as_of = ctx.read(row, "時点", values["時点"], parse_as_of, "an as-of note such as 平成28年3月末現在")
        for column in STATUS_COLUMNS:
            status = ctx.lookup("status", 1, column, column)
            records.append(
                {
                    "policy_no": int(policy["code"]),
                    "policy": policy["label_ja"].strip(),
                    "policy_en": policy["label_en"],
                    "status": status["code"],
                    "status_ja": status["label_ja"],
                    "status_en": status["label_en"],
                    "items": ctx.read(row, column, values[column], parse_count, "a whole number of items, 0 or more"),
                    "as_of": to_timestamp(as_of),
                    ROW: row,
                }
            )
    return pd.DataFrame(records)


def _optional_code(ctx: RawContext, domain: str, row: int, column: str, values: pd.Series) -> str | None:
    """The vocabulary code of an optional label; None for a blank cell."""
    label = values[column]
    return None if is_blank(label) else ctx.lookup(domain, row, column, label)["code"]


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
                "program": program["label_ja"].strip(),
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
                "followup_scope": _optional_code(ctx, "followup_scope", row, "フォローアップの対象", values),
                "followup_status": _optional_code(ctx, "followup_status", row, "フォローアップの状況", values),
                "adopted_month": to_timestamp(
                    ctx.read_optional(
                        row,
                        "策定時期",
                        values["策定時期"],
                        partial(parse_year_month, default_era=PLAN_ERA),
                        "a month such as 平成23年3月",
                    )
                ),
                "adopted_printed": None if is_blank(values["策定時期"]) else normalize_text(values["策定時期"]),
                "adopted_other_printed": _other_adoption(ctx, row, values["策定時期（別の記載）"]),
                ROW: row,
            }
        )
    return pd.DataFrame(records)


def _other_adoption(ctx: RawContext, row: int, value: str) -> str | None:
    """The plan's other wording of an adoption date, as printed; it must read as a fiscal year (平成23年度).

    Checked here, where a bad cell stops the data build naming file, row, column and value, and not first
    in a report, which reads it as a fiscal year.
    """
    if is_blank(value):
        return None
    ctx.read(
        row,
        "策定時期（別の記載）",
        value,
        partial(western_year, default_era=PLAN_ERA),
        "a fiscal year such as 平成23年度",
    )
    return normalize_text(value)


#: The unit of each demographic indicator. The plan prints fertility rates with
#: a % sign; a total fertility rate is a number of births per woman.
DEMOGRAPHIC_UNITS = {"aged_65_plus_share": "percent", "total_fertility_rate": "births_per_woman"}
#: What kind of year each figure describes: the 65+ share is dated (as of 1 January); a total fertility
#: rate is a calendar-year statistic, even where the plan labels it 年度 (caveat in data/raw/README.md).
DEMOGRAPHIC_YEAR_KINDS = {"aged_65_plus_share": "as_of", "total_fertility_rate": "calendar_year"}
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_BOUNDS = {None: "exact", ">": "lower", ">=": "lower"}


def _read_demographic_value(text: str, unit: str) -> tuple[float, str | None]:
    quantity = parse_quantity(text) if unit == "percent" or text.strip().endswith(("%", "％")) else None
    if quantity is None:
        number = normalize_text(text)
        if not _PLAIN_NUMBER.fullmatch(number):
            raise ValueError(f"{text!r}: not a number (digits with an optional decimal point)")
        return float(number), None
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
            partial(_read_demographic_value, unit=unit),
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
                "indicator_ja": indicator["label_ja"].strip(),
                "indicator_en": indicator["label_en"],
                "area": area["code"],
                "area_ja": area["label_ja"],
                "area_en": area["label_en"],
                "period": period,
                "as_of": to_timestamp(as_of),
                "fiscal_year": fiscal_year,
                "value": value,
                "bound": _BOUNDS[comparator],
                "unit": unit,
                "value_printed": normalize_text(values["値"]),
                "year_kind": DEMOGRAPHIC_YEAR_KINDS[indicator["code"]],
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
                f"a row for it in {VOCABULARY_NAME} (domain plan_node)",
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
                "name": names_en.at[node_id, "label_ja"],  # as the plan prints it (ＰＤＣＡ), as every table names it
                "name_en": names_en.at[node_id, "label_en"],
                "parent_id": f"{parent_level[level]}-{parent}" if parent else None,
                "section": printed_text(values["出典"]),
                ROW: row,
            }
        )
    return pd.DataFrame(records)
