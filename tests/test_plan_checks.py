"""The data build checks every figure the plan states twice: moving one item between two policies fails it.

The programme's progress table was rebuilt from the prose of 第１章２（２）, which gives the totals (62 items:
1 ahead, 50 on schedule, 11 behind) and, per policy, the items ahead, on schedule and behind: 16 figures
(policy 2's "all five on schedule" is read as 5 items, 5 of them on schedule). With the 62 items and the
follow-up's "41 of 62" of 第１章２（１）③, 18 figures of the prose describe the programme's progress. data/raw/narrative_checks.csv checks each of them, so a move that keeps every total (one item
from one policy to another, in one status) stops the build and names the figure it contradicts.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from kodaira_analysis.errors import TotalMismatchError
from kodaira_analysis.plan.build import clean_all
from kodaira_analysis.plan.read import read_raw_csv
from tests.test_bad_input import edit

STATUS_COLUMNS = ("予定より前倒し", "予定どおり", "予定より遅れ")
POLICIES = (
    "地域協働の推進",
    "情報の共有と双方向のコミュニケーション",
    "ＰＤＣＡサイクルの構築",
    "財政基盤の強化",
    "執行体制の再構築",
)


def _moves() -> list[tuple[str, str, str]]:
    """Every (from policy, to policy, status) with an item to move, in the printed table."""
    from kodaira_analysis import paths

    raw = read_raw_csv(paths.RAW_DIR / "program_progress.csv", ("方針", *STATUS_COLUMNS, "計", "時点")).set_index(
        "方針"
    )
    return [
        (source, target, status)
        for source, target in itertools.permutations(POLICIES, 2)
        for status in STATUS_COLUMNS
        if int(raw.at[source, status]) > 0
    ]


def _move_one(source: str, target: str, status: str):
    """An edit of program_progress.csv moving one item; each policy's 計 follows, the 合計 row is unchanged."""

    def change(text: str) -> str:
        lines = text.split("\n")
        header = lines[0].split(",")
        for i, line in enumerate(lines):
            cells = line.split(",")
            if cells[0] in (source, target):
                step = -1 if cells[0] == source else 1
                for column in (status, "計"):
                    j = header.index(column)
                    cells[j] = str(int(cells[j]) + step)
                lines[i] = ",".join(cells)
        return "\n".join(lines)

    return change


MOVES = _moves()


def test_every_policy_and_status_can_be_moved():
    # 5 policies x 4 others x the statuses with items: policy 1 has all three, the others two or one
    assert len(MOVES) == 4 * (3 + 1 + 2 + 2 + 2)


@pytest.mark.parametrize(("source", "target", "status"), MOVES)
def test_moving_one_item_between_policies_fails_the_build(raw_dir, source, target, status):
    edit(raw_dir, "program_progress.csv", _move_one(source, target, status))
    moved = read_raw_csv(raw_dir / "program_progress.csv", ("方針", *STATUS_COLUMNS, "計", "時点"))
    assert moved[list(STATUS_COLUMNS)].astype(int).sum().tolist()[:3] == [2, 100, 22]  # totals row kept (x2)
    with pytest.raises(TotalMismatchError) as caught:
        clean_all(raw_dir)
    message = str(caught.value)
    assert "narrative_checks.csv" in message and "第１章２（２）" in message
    short = {"予定より前倒し": "前倒し", "予定どおり": "予定どおり", "予定より遅れ": "遅れ"}[status]
    named = [policy for policy in (source, target) if policy.replace("ＰＤＣＡ", "PDCA") in message]
    assert named, message  # the figure named is one of the two policies moved between
    assert short in message or "の項目" in message, message


def test_narrative_checks_cover_every_policy_and_status():
    from kodaira_analysis import paths

    checks = pd.read_csv(paths.RAW_DIR / "narrative_checks.csv", dtype=str)
    progress = checks[checks["表"] == "program_progress"]
    assert len(progress) == 16
    history = checks[(checks["表"] == "reform_history") & checks["条件"].str.contains("restructuring_2")]
    assert set(history["列"]) >= {"items", "followup_base_items"}
    for number in range(1, 6):
        assert progress["条件"].str.contains(f"policy_no == {number}", regex=False).any(), number
