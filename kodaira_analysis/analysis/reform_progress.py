"""Progress of the reform programmes: their items counted by policy and by status.

Two sources hold such counts: the plan (``load("program_progress")``: the 2nd Reform Programme's items at
the end of March 2016, chapter 1, section 2(2)) and the city's two progress pages (``load("progress_reports")``:
the 3rd programme and the 2nd plan's follow-up). The statuses are the city's own assessment; the counts and
shares here are ours, computed from the numbers as printed.
"""

from __future__ import annotations

import pandas as pd

#: The statuses, in the order the plan and the pages print them.
STATUSES = ("ahead", "on_schedule", "behind")


def items_by_policy(program_progress: pd.DataFrame) -> pd.DataFrame:
    """One row per policy: its items in each status, their total, and the share behind schedule.

    Columns: ``policy_no``, ``policy``, ``policy_en``, one count per status (``ahead``, ``on_schedule``,
    ``behind``; a status the table does not hold counts 0), ``items`` (their sum: ours, the plan prints
    no total per policy) and ``behind_share`` (behind / items, a fraction 0-1).

    >>> pp = pd.DataFrame({"policy_no": [1, 1, 2, 2], "policy": ["甲", "甲", "乙", "乙"], "policy_en": ["A", "A", "B", "B"],
    ...                    "status": ["on_schedule", "behind"] * 2, "items": [3, 1, 2, 2]})
    >>> items_by_policy(pp)[["policy_no", "ahead", "on_schedule", "behind", "items", "behind_share"]]
       policy_no  ahead  on_schedule  behind  items  behind_share
    0          1      0            3       1      4          0.25
    1          2      0            2       2      4          0.50
    """
    names = program_progress.drop_duplicates("policy_no").set_index("policy_no")[["policy", "policy_en"]]
    counts = program_progress.pivot_table(
        index="policy_no", columns="status", values="items", aggfunc="sum", observed=True
    ).reindex(columns=list(STATUSES), fill_value=0)
    counts = counts.fillna(0).astype(int)
    counts.columns.name = None
    frame = names.join(counts).sort_index()
    frame["items"] = frame[list(STATUSES)].sum(axis=1)
    frame["behind_share"] = frame["behind"] / frame["items"]
    return frame.reset_index()


def items_by_status(program_progress: pd.DataFrame) -> pd.Series:
    """The items of every policy in each status (``ahead``, ``on_schedule``, ``behind``), a status not held as 0.

    >>> items_by_status(pd.DataFrame({"status": ["on_schedule", "behind", "behind"], "items": [3, 1, 2]})).to_dict()
    {'ahead': 0, 'on_schedule': 3, 'behind': 3}
    """
    totals = program_progress.groupby("status")["items"].sum()
    return pd.Series({s: int(totals.get(s, 0)) for s in STATUSES}, name="items")


def most_behind(by_policy: pd.DataFrame) -> pd.DataFrame:
    """The policies with the largest share of items behind schedule (every one tied at the largest), in policy order."""
    return by_policy[by_policy["behind_share"] == by_policy["behind_share"].max()]


def reports_by_status(progress_reports: pd.DataFrame) -> pd.DataFrame:
    """One row per progress page (``report_id``), with its as-of dates and its items in each status.

    ``items`` is the sum of the statuses' counts (ours); ``report_items`` is the total the page prints.
    """
    keys = ["report_id", "report", "report_en", "report_items", "as_of", "caption_as_of"]
    firsts = progress_reports.drop_duplicates("report_id").set_index("report_id")[keys[1:]]
    counts = progress_reports.pivot_table(
        index="report_id", columns="status", values="items", aggfunc="sum", observed=True
    ).reindex(columns=list(STATUSES), fill_value=0)
    counts = counts.fillna(0).astype(int)
    counts.columns.name = None
    frame = firsts.join(counts)
    frame["items"] = frame[list(STATUSES)].sum(axis=1)
    order = list(dict.fromkeys(progress_reports["report_id"]))
    return frame.loc[order].reset_index()
