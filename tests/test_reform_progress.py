"""The reform programmes' items counted by policy and by status (analysis/reform_progress.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import reform_progress


def _progress(rows: list[tuple[int, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"policy_no": n, "policy": f"方針{n}", "policy_en": f"Policy {n}", "status": s, "items": i}
            for n, s, i in rows
        ]
    ).astype({"items": "Int64", "policy_no": "Int64"})


def test_a_status_not_printed_counts_zero_and_shares_are_of_the_policys_items():
    frame = reform_progress.items_by_policy(_progress([(2, "on_schedule", 3), (2, "behind", 1), (1, "ahead", 2)]))
    assert frame["policy_no"].tolist() == [1, 2], "in policy order"
    assert frame[["ahead", "on_schedule", "behind", "items"]].to_numpy().tolist() == [[2, 0, 0, 2], [0, 3, 1, 4]]
    assert frame["behind_share"].tolist() == [0.0, 0.25]


def test_every_policy_tied_at_the_largest_share_is_most_behind():
    frame = reform_progress.items_by_policy(
        _progress(
            [(1, "behind", 1), (1, "on_schedule", 1), (2, "behind", 2), (2, "on_schedule", 2), (3, "on_schedule", 5)]
        )
    )
    assert reform_progress.most_behind(frame)["policy_no"].tolist() == [1, 2]


def test_the_plans_table_agrees_with_its_own_total():
    """The 2nd programme's items at the end of March 2016: 62 in all, 50 on schedule, 11 behind (chapter 1, 2(2))."""
    pp = ka.load("program_progress")
    by_policy = reform_progress.items_by_policy(pp)
    assert int(by_policy["items"].sum()) == 62
    assert reform_progress.items_by_status(pp).to_dict() == {"ahead": 1, "on_schedule": 50, "behind": 11}
    assert reform_progress.most_behind(by_policy)["policy_en"].tolist() == ["Building the PDCA cycle"]


@pytest.mark.parametrize(("report_id", "printed"), [("programme_3", 43), ("programme_2_followup", 41)])
def test_each_pages_statuses_sum_to_the_total_it_prints(report_id, printed):
    frame = reform_progress.reports_by_status(ka.load("progress_reports")).set_index("report_id")
    assert frame.at[report_id, "items"] == frame.at[report_id, "report_items"] == printed
