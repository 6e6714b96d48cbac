"""The committee readers' ninth set of wording suggestions (brief words9), each checked where the words are made."""

from __future__ import annotations

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.topics import staffing


@pytest.fixture(scope="module")
def quota():
    staff = ka.load("indicators").query("indicator == 'staff_quota'")
    target = ka.load("targets").set_index("indicator").loc["staff_quota"]
    return staff, target


@pytest.mark.parametrize(
    ("lang", "head"),
    [
        ("ja", "2016（平成28）年4月1日の目標（910人＊）との差"),
        ("en", "Gap to the target for 1 April 2016 (910 staff*)"),
    ],
)
def test_the_quota_tables_gap_column_names_the_target_it_compares_with(quota, lang, head):
    """1: 「目標との差」 compared every year with one target, unnamed: the head now gives its date and value."""
    staff, target = quota
    frame = staffing.quota_table(staff, target, lang).frame
    assert list(frame.columns)[-1] == head
    assert list(frame[head]) == ["+1", "-3", "+1", "+9", "+22"]


def test_the_gap_columns_head_is_taken_from_the_target_not_written_in(quota):
    """The date and value in the head are the target row's: another target gives another head and other gaps."""
    staff, target = quota
    other = target.copy()
    other["target_value"], other["target_printed"] = 900.0, "900人"
    other["target_as_of"] = pd.Timestamp("2015-04-01")
    ja = staffing.quota_table(staff, other, "ja").frame
    en = staffing.quota_table(staff, other, "en").frame
    assert ja.columns[-1] == "2015（平成27）年4月1日の目標（900人＊）との差"
    assert en.columns[-1] == "Gap to the target for 1 April 2015 (900 staff*)"
    assert list(en[en.columns[-1]]) == ["+11", "+7", "+11", "+19", "+32"]
