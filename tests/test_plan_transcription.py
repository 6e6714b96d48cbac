"""Every figure of the plan's tables, pinned cell by cell from a second reading of the plan's text.

The data build checks what the plan states twice (its totals, and the figures its prose repeats:
``data/raw/narrative_checks.csv``). A figure the plan prints only once has nothing in the plan to check it
against: an edit of two cells that keeps every total (one fiscal effect up, another down) passes the build.
This file holds those figures as read again from ``../shared/source/kodaira-3rd-restructuring-plan.txt``,
independently of data/raw, and compares every cell of the built tables with them. Each expected row is also
looked up in the plan's text (spaces removed), so a slip in this file fails too. docs/validation.md says what
the build checks and what these tests pin.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd
import pytest

from kodaira_analysis.errors import TotalMismatchError
from kodaira_analysis.plan.build import clean_all
from tests.conftest import require_shared_source
from tests.test_bad_input import edit, replace_once

# 第１章２（３）＜小平市における行財政再構築の財政効果（平成23～27年度）＞, 百万円, FY2011-FY2014 (FY2015 blank).
FISCAL_EFFECTS = {
    "歳入確保策の実施": (179, 58, 61, 23),
    "人件費等の削減": (47, 53, 36, 26),
    "事務費等の削減": (23, 43, 35, 31),
    "施策等の見直し": (36, 20, 206, 7),
}
FISCAL_EFFECT_TOTALS = {"歳入確保策の実施": 321, "人件費等の削減": 162, "事務費等の削減": 132, "施策等の見直し": 269}
FISCAL_EFFECT_COLUMN_TOTALS = (285, 174, 338, 87)

# 第１章２（４）＜数値目標と達成状況＞: FY2011-FY2015 as printed (None: blank), in the table's unit.
INDICATORS = {
    "staff_quota": (911, 907, 911, 919, 932),
    "current_balance_ratio": (92.7, 91.2, 91.4, 93.9, None),
    "fiscal_adjustment_fund": (2360, 2450, 3090, 3750, None),  # 23.6億円 ... in million yen
    "public_facilities_fund": (1480, 1160, 1600, 2110, None),
    "debt_general_account": (32320, 31920, 30800, 29940, None),
    "debt_sewer": (13260, 11870, 10590, 9530, None),
}
# The same rows as the plan prints them (its text, spaces removed): target, then FY2011-FY2014 (FY2015 for 定員).
INDICATORS_PRINTED = {
    "staff_quota": "910人911人907人911人919人932人",
    "current_balance_ratio": "95.0%以下92.7%91.2%91.4%93.9%",
    "fiscal_adjustment_fund": "30億円23.6億円24.5億円30.9億円37.5億円",
    "public_facilities_fund": "20億円14.8億円11.6億円16.0億円21.1億円",
    "debt_general_account": "300億円以内323.2億円319.2億円308.0億円299.4億円",
    "debt_sewer": "90億円以内132.6億円118.7億円105.9億円95.3億円",
}
# Target: (comparator, value in the table's unit, target as-of date).
TARGETS = {
    "staff_quota": ("<=", 910, "2016-04-01"),
    "current_balance_ratio": ("<=", 95.0, "2016-03-31"),
    "fiscal_adjustment_fund": (">=", 3000, "2016-03-31"),
    "public_facilities_fund": (">=", 2000, "2016-03-31"),
    "debt_general_account": ("<=", 30000, "2016-03-31"),
    "debt_sewer": ("<=", 9000, "2016-03-31"),
}

# 第１章２（２）: per policy (ahead, on schedule, behind) at the end of March 2016.
PROGRESS = {1: (1, 12, 2), 2: (0, 5, 0), 3: (0, 4, 3), 4: (0, 14, 4), 5: (0, 15, 2)}

# 第１章２（１）①-③ and the diagram's column headings: (first FY, last FY, items, follow-up FY, of, items followed up).
REFORM_HISTORY = {
    "reform_1": (1996, 1999, 76, None, None, None),
    "reform_2": (2000, 2002, 60, None, None, None),
    "reform_3": (2003, 2005, 55, 2006, 52, 26),
    "restructuring_1": (2007, 2010, 100, None, None, None),
    "restructuring_2": (2011, 2015, 62, 2016, 62, 41),
    "restructuring_3": (2017, 2020, None, None, None, None),
}
ADOPTED = {"restructuring_1": "2007-03-01", "restructuring_2": "2011-03-01"}

# 第１章３（２）.
DEMOGRAPHICS = {
    ("aged_65_plus_share", "kodaira", "2011-01-01"): (20.73, "exact"),
    ("aged_65_plus_share", "kodaira", "2015-01-01"): (22.0, "lower"),
    ("total_fertility_rate", "kodaira", 2014): (1.40, "exact"),
    ("total_fertility_rate", "japan", 2014): (1.42, "exact"),
}

# The plan's dated facts: (kind, first FY, last FY, month or None).
PLAN_HISTORY = {
    "reform_outline_adopted": ("month", 1996, 1996, "1996-12-01"),  # 第１章２: 平成8年12月に行財政改革大綱を策定
    "long_term_plan_period": ("fiscal_years", 2006, 2020, None),  # 第三次長期総合計画（平成18年度～32年度）
    "medium_term_programme_period": ("fiscal_years", 2017, 2020, None),  # 計画期間（平成29年度～32年度）
    "review_committee_established": ("month", 2006, 2006, "2006-05-01"),  # 平成18年5月に市が設置
    "review_committee_reappointed": ("month", 2014, 2014, "2014-10-01"),  # 平成26年10月委員改選
    "programme_2_revised": ("fiscal_year_end", 2013, 2013, None),  # 平成25年度末には、62項目 ... 見直し、改訂
    "city_tax_decline": ("fiscal_year_second_half_on", 2008, 2008, None),  # 平成20年度後半からの世界的な景気後退
    "city_tax_first_rise": ("fiscal_year", 2011, 2011, None),  # 平成23年度は ... 4年ぶりに前年度を上回りました
    "city_tax_rise_streak": ("run_to", 2011, 2014, None),  # 平成26年度まで4年連続で増加
}
# Phrases of the plan's text, spaces removed, that the facts above are read from.
PLAN_HISTORY_PRINTED = (
    "平成8年12月に行財政改革大綱を策定",
    "第三次長期総合計画（平成18年度～32年度）",
    "「中期的な施策の取組方針・実行プログラム」の計画期間（平成29年度～32年度）",
    "平成18年5月に市が設置した「小平市行財政再構築方針検討委員会」（平成26年10月委員改選）",
    "平成25年度末には、62項目プログラム毎に",
    "平成20年度後半からの世界的な景気後退により減少傾向",
    "平成23年度は法人市民税に回復傾向が見られたことなどから4年ぶりに前年度を上回りました",
    "平成26年度まで4年連続で増加",
    "歳入確保策の実施17958612332",  # the fiscal-effects rows, with their totals (spaces and the blank FY2015 removed)
)


def mismatches(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every cell of the built tables that differs from the second reading, as 'table key column: found != expected'."""
    out: list[str] = []

    def show(value) -> str:
        return repr(value.item() if hasattr(value, "item") else value)

    def compare(where: str, found, expected) -> None:
        if expected is None:
            if not pd.isna(found):
                out.append(f"{where}: {show(found)} != missing")
        elif isinstance(expected, float) and isinstance(found, float):
            if math.isnan(found) or not math.isclose(found, expected, abs_tol=1e-9):
                out.append(f"{where}: {show(found)} != {show(expected)}")
        elif found != expected:
            out.append(f"{where}: {show(found)} != {show(expected)}")

    fe = tables["fiscal_effects"].set_index(["category", "fiscal_year"])["amount_million_yen"]
    for category, values in FISCAL_EFFECTS.items():
        for year, value in zip(range(2011, 2016), (*values, None), strict=True):
            compare(f"fiscal_effects {category} FY{year}", fe.get((category, year), "absent"), value)
    ind = tables["indicators"].set_index(["indicator", "fiscal_year"])["value"]
    for indicator, values in INDICATORS.items():
        for year, value in zip(range(2011, 2016), values, strict=True):
            compare(f"indicators {indicator} FY{year}", ind.get((indicator, year), "absent"), value)
    targets = tables["targets"].set_index("indicator")
    for indicator, (comparator, value, as_of) in TARGETS.items():
        compare(f"targets {indicator} comparator", targets.at[indicator, "comparator"], comparator)
        compare(f"targets {indicator} value", float(targets.at[indicator, "target_value"]), float(value))
        compare(f"targets {indicator} as of", targets.at[indicator, "target_as_of"], pd.Timestamp(as_of))
    pp = tables["program_progress"].set_index(["policy_no", "status"])["items"]
    for policy, counts in PROGRESS.items():
        for status, value in zip(("ahead", "on_schedule", "behind"), counts, strict=True):
            compare(f"program_progress policy {policy} {status}", pp.get((policy, status), "absent"), value)
    rh = tables["reform_history"].set_index("program_id")
    columns = ("start_fiscal_year", "end_fiscal_year", "items", "followup_fiscal_year", "followup_base_items")
    for program, values in REFORM_HISTORY.items():
        for column, value in zip((*columns, "followup_items"), values, strict=True):
            compare(f"reform_history {program} {column}", rh.at[program, column], value)
        adopted = ADOPTED.get(program)
        compare(
            f"reform_history {program} adopted_month",
            rh.at[program, "adopted_month"],
            adopted and pd.Timestamp(adopted),
        )
    dem = tables["demographics"]
    for (indicator, area, when), (value, bound) in DEMOGRAPHICS.items():
        key = dem["as_of"] == pd.Timestamp(when) if isinstance(when, str) else dem["fiscal_year"] == when
        row = dem[(dem["indicator"] == indicator) & (dem["area"] == area) & key]
        if len(row) != 1:
            out.append(f"demographics {indicator} {area} {when}: {len(row)} rows")
            continue
        compare(f"demographics {indicator} {area} {when} value", float(row["value"].iloc[0]), value)
        compare(f"demographics {indicator} {area} {when} bound", row["bound"].iloc[0], bound)
    ph = tables["plan_history"].set_index("event_id")
    for event, (kind, start, end, month) in PLAN_HISTORY.items():
        if event not in ph.index:
            out.append(f"plan_history {event}: absent")
            continue
        compare(f"plan_history {event} when_kind", ph.at[event, "when_kind"], kind)
        compare(f"plan_history {event} start_fiscal_year", ph.at[event, "start_fiscal_year"], start)
        compare(f"plan_history {event} end_fiscal_year", ph.at[event, "end_fiscal_year"], end)
        compare(f"plan_history {event} month", ph.at[event, "month"], month and pd.Timestamp(month))
    counts = {
        "fiscal_effects": 20,
        "indicators": 30,
        "targets": 6,
        "program_progress": 15,
        "reform_history": 6,
        "demographics": 4,
        "plan_history": 9,
    }
    out += [f"{name}: {len(tables[name])} rows, expected {n}" for name, n in counts.items() if len(tables[name]) != n]
    return out


def test_every_cell_equals_the_second_reading():
    tables, _ = clean_all()
    assert mismatches(tables) == []


def _plan_text() -> str:
    text = unicodedata.normalize("NFKC", require_shared_source().read_text(encoding="utf-8").replace("尐", "少"))
    return re.sub(r"\s+", "", text)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_the_second_reading_is_in_the_plan_text():
    plan = _plan_text()
    missing = [p for p in (*INDICATORS_PRINTED.values(), *PLAN_HISTORY_PRINTED) if _compact(p) not in plan]
    for category, values in FISCAL_EFFECTS.items():
        row = category + "".join(map(str, values)) + str(FISCAL_EFFECT_TOTALS[category])
        if row not in plan:
            missing.append(row)
        assert sum(values) == FISCAL_EFFECT_TOTALS[category], category
    if "合計" + "".join(map(str, FISCAL_EFFECT_COLUMN_TOTALS)) + "884" not in plan:
        missing.append("fiscal effects 合計 row")
    policy_words = (
        "15項目のうち12項目が予定通り",
        "１項目が予定より前倒し",
        "2項目が予定より遅れています",
        "5項目すべてが予定通り",
        "4項目が予定通りに進行し、3項目が予",
        "14項目が予定通りに進行し、4",
        "15項目が予定通りに進行し、2項目が遅れている",
    )
    for words in policy_words:
        if _compact(words) not in plan:
            missing.append(words)
    for items in ("76項目、60項目、55項目", "52項目中26項目", "100項目のプログラム", "62項目中41項目"):
        if _compact(items) not in plan:
            missing.append(items)
    assert missing == []


# Edits that keep every total the plan prints and every figure its prose repeats: the build accepts them,
# the pinned cells do not.
OFFSETTING_EDITS = [
    (  # one fiscal effect up, another down, in the same year; their row totals moved to match
        "fiscal_effects.csv",
        [
            ("歳入確保策の実施,179,58,61,23,,321", "歳入確保策の実施,180,58,61,23,,322"),
            ("人件費等の削減,47,53,36,26,,162", "人件費等の削減,46,53,36,26,,161"),
        ],
        ["fiscal_effects 歳入確保策の実施 FY2011: 180.0 != 179", "fiscal_effects 人件費等の削減 FY2011: 46.0 != 47"],
    ),
    (  # a rectangle: every row and column total unchanged
        "fiscal_effects.csv",
        [("事務費等の削減,23,43,", "事務費等の削減,24,42,"), ("施策等の見直し,36,20,", "施策等の見直し,35,21,")],
        ["事務費等の削減 FY2011: 24.0 != 23", "事務費等の削減 FY2012: 42.0 != 43", "施策等の見直し FY2012: 21.0 != 20"],
    ),
    (  # two results of one indicator swapped (the prose repeats only FY2014)
        "numerical_targets.csv",
        [("92.7%,91.2%,91.4%", "92.7%,91.4%,91.2%")],
        ["current_balance_ratio FY2012: 91.4 != 91.2", "current_balance_ratio FY2013: 91.2 != 91.4"],
    ),
]


@pytest.mark.parametrize(("file", "changes", "named"), OFFSETTING_EDITS)
def test_an_offsetting_edit_passes_the_build_and_fails_the_pins(raw_dir, file, changes, named):
    for old, new in changes:
        edit(raw_dir, file, replace_once(old, new))
    tables, _ = clean_all(raw_dir)  # the build cannot see it: no total, no repeated figure changes
    found = mismatches(tables)
    for fragment in named:
        assert any(fragment in line for line in found), (fragment, found)


def test_a_changed_repeated_figure_fails_the_build_not_only_the_pins(raw_dir):
    edit(raw_dir, "numerical_targets.csv", replace_once("91.4%,93.9%", "91.4%,93.8%"))
    with pytest.raises(TotalMismatchError, match="経常収支比率"):
        clean_all(raw_dir)
