"""Cleaner and checks of the city's progress pages (``progress_reports.csv``).

Same contract as the plan's cleaners: strings in, a tidy frame with ``_row`` out, and a
:class:`RawDataError` naming file, row, column and value for any cell that cannot be read. Each policy
is printed as ``1 地域協働の推進 (7項目)``: its number, name and item count are read from that label,
and the number must be the policy's number in the plan.

:func:`check_progress_reports_totals` checks every count a page prints twice: each policy's statuses
against the count beside its name, each status over the policies against the 計 row, and the 計 row
against the number of items the page's text gives.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd

from kodaira_analysis.japanese import normalize_text, parse_as_of, parse_count, parse_date
from kodaira_analysis.plan.cells import PLAN_ERA, RawContext, to_timestamp
from kodaira_analysis.plan.read import ROW, cell, is_blank

#: The page's status columns, in the order printed: S, A, B.
PAGE_STATUS_COLUMNS = ("予定以上に進捗(S)", "予定どおりに進捗(A)", "予定よりも遅れている(B)")
#: The label of the total row (the 2017 page prints its total row without one; see data/raw/README.md).
PAGE_TOTAL_LABEL = "計"
#: The programme each page reports on (reform_history's ids).
REPORT_PROGRAMMES = {"programme_3": "restructuring_3", "programme_2_followup": "restructuring_2"}

_POLICY = re.compile(r"^(?P<no>\d)\s*(?P<name>.+?)\s*\((?P<items>\d+)項目\)$")


def _is_total(label: object) -> bool:
    return normalize_text(str(label)) == PAGE_TOTAL_LABEL


def _read_policy(text: str) -> tuple[int, str, int]:
    match = _POLICY.match(normalize_text(text))
    if not match:
        raise ValueError(f"{text!r}: not a policy label such as '1 地域協働の推進 (7項目)'")
    return int(match["no"]), match["name"], int(match["items"])


def clean_progress_reports(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Items by report, policy and status; the 計 rows left out (they are checked against their parts)."""
    ctx = RawContext(raw, file)
    as_of_note = partial(parse_as_of, default_era=PLAN_ERA)
    totals = {
        normalize_text(values["報告"]): values["本文の項目数"]
        for _, values in raw.iterrows()
        if _is_total(values["方針"])
    }
    records = []
    for row, values in ctx.rows():
        report = ctx.lookup("progress_report", row, "報告", values["報告"])
        if _is_total(values["方針"]):
            continue
        if not is_blank(values["本文の項目数"]):
            ctx.fail(
                row, "本文の項目数", values["本文の項目数"], "the text's count belongs on the 計 row", "a blank cell"
            )
        number, name, policy_items = ctx.read(
            row, "方針", values["方針"], _read_policy, "a policy as printed, such as 1 地域協働の推進 (7項目)"
        )
        policy = ctx.lookup("policy", row, "方針", name)
        if int(policy["code"]) != number:
            ctx.fail(row, "方針", values["方針"], f"{name} is policy {policy['code']} in the plan", "its number")
        report_total = totals.get(report["key"])
        if report_total is None:
            ctx.fail(row, "報告", values["報告"], "this report has no 計 row", f"a row with 方針 = {PAGE_TOTAL_LABEL}")
        as_of = ctx.read(row, "時点（見出し）", values["時点（見出し）"], as_of_note, "a date such as 平成29年9月末")
        caption = ctx.read(
            row, "時点（表の表題）", values["時点（表の表題）"], as_of_note, "a date such as 平成28年度末"
        )
        for column in PAGE_STATUS_COLUMNS:
            status = ctx.lookup("page_status", 1, column, column)
            records.append(
                {
                    "report_id": report["code"],
                    "report": report["key"],
                    "report_en": report["label_en"],
                    "program_id": REPORT_PROGRAMMES[report["code"]],
                    "report_items": ctx.read(row, "本文の項目数", report_total, parse_count, "a whole number of items"),
                    "as_of": to_timestamp(as_of),
                    "as_of_printed": normalize_text(values["時点（見出し）"]),
                    "caption_as_of": to_timestamp(caption),
                    "caption_as_of_printed": normalize_text(values["時点（表の表題）"]),
                    "dates_agree": as_of == caption,
                    "policy_no": number,
                    "policy": policy["label_ja"].strip(),
                    "policy_en": policy["label_en"],
                    "policy_items": policy_items,
                    "status": status["code"],
                    "status_ja": status["key"],
                    "status_en": status["label_en"],
                    "items": ctx.read(row, column, values[column], parse_count, "a whole number of items, 0 or more"),
                    "page_updated": to_timestamp(
                        ctx.read(row, "更新日", values["更新日"], parse_date, "a date such as 平成30年1月20日")
                    ),
                    "source_url": _address(ctx, row, values["出典"]),
                    ROW: row,
                }
            )
    return pd.DataFrame(records)


def _address(ctx: RawContext, row: int, value: str) -> str:
    """The page's address: an http(s) address of the city's site, nothing else."""
    text = str(value).strip()
    if not re.fullmatch(r"https?://www\.city\.kodaira\.tokyo\.jp/[\w/.\-]+", text):
        ctx.fail(row, "出典", value, "not an address of the city's site", "http://www.city.kodaira.tokyo.jp/...")
    return text


def _mismatch(file: str, row: int, column: str, printed: object, found: int, what: str) -> None:
    from kodaira_analysis.errors import RawDataError

    raise RawDataError(
        file, f"{what}: the parts add up to {found}", row=row, column=column, value=printed, expected=f"{found}"
    )


def check_progress_reports_totals(raw: pd.DataFrame, tidy: pd.DataFrame, file: str) -> None:
    """Every count each page prints twice: policies' statuses, the 計 row, and the text's number of items."""
    from kodaira_analysis.plan.read import read_vocabulary

    statuses = read_vocabulary().query("domain == 'page_status'").set_index("key")["code"]
    for key, group in raw.groupby(raw["報告"].map(normalize_text), sort=False):
        parts = tidy[tidy["report"] == key]
        total_rows = group[group["方針"].map(_is_total)]
        if len(total_rows) != 1:
            _mismatch(file, int(group[ROW].iloc[-1]), "方針", len(total_rows), len(total_rows), f"{key}: 計 rows")
        total_index = total_rows.index[0]
        total_row = int(raw.at[total_index, ROW])
        for index in group.index.drop(total_index):
            row = int(raw.at[index, ROW])
            found = int(parts.loc[parts[ROW] == row, "items"].sum())
            printed = _read_policy(cell(raw, index, "方針"))[2]
            if found != printed:
                _mismatch(file, row, "方針", cell(raw, index, "方針"), found, f"{key}: the policy's items")
        for column in PAGE_STATUS_COLUMNS:
            printed = parse_count(cell(raw, total_index, column))
            found = int(parts.loc[parts["status"] == statuses[normalize_text(column)], "items"].sum())
            if found != printed:
                _mismatch(file, total_row, column, printed, found, f"{key}: 計 {column}")
        printed_total = parse_count(cell(raw, total_index, "本文の項目数"))
        row_sum = sum(parse_count(cell(raw, total_index, column)) for column in PAGE_STATUS_COLUMNS)
        policies_sum = int(parts.drop_duplicates("policy_no")["policy_items"].sum())
        for found, what in ((row_sum, "計 S+A+B"), (policies_sum, "the policies' items")):
            if found != printed_total:
                _mismatch(
                    file, total_row, "本文の項目数", printed_total, found, f"{key}: {what} against the text's count"
                )
