"""Years, counts and direction words come from the data, never from constants (issue 26, code review).

The summary's MIC years run from the year before the plan period to the last year the data holds; 01's
long run spans the data (or the editions catalogue); 'every year' is said only of some years that all count;
the welfare share's direction in the last year of the plan period is computed from a rising and a falling series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kodaira_analysis.analysis import period
from kodaira_analysis.mic.catalogue import editions
from kodaira_analysis.topics import mic_common, mic_long_run, mic_summary, period_resident, summary_points


def _lr(years: range, indicator: str = "future_burden_ratio", dash: bool = True) -> pd.DataFrame:
    rows = [
        {
            "indicator": indicator,
            "fiscal_year": y,
            "value": np.nan if dash else 1.5,
            "value_printed": "-" if dash else "1.5",
            "no_net_burden": dash,
            "group_n": 26,
            "group_no_burden": 10 if dash else 0,
            "group_median": 3.0,
            "group_median_no_burden": False,
            "group_min": np.nan,
            "group_min_no_burden": True,
            "group_max": 40.0,
            "rank_low": 1,
            "rank_high": 17,
            "national_average": 20.0,
        }
        for y in years
    ]
    frame = pd.DataFrame(rows)
    frame["rank_low"] = frame["rank_low"].astype("Int64")
    return frame


@pytest.mark.parametrize(
    ("last", "after_ja", "after_en"), [(2021, "後の1年度", "one after it"), (2023, "後の3年度", "three after it")]
)
def test_summary_years_run_from_the_year_before_the_plan_to_the_datas_last(last, after_ja, after_en):
    lr = _lr(range(2005, last + 1))
    assert mic_summary.years_of(lr) == (period.BASE_YEAR, last)
    assert after_ja in mic_summary.intro(lr, "ja") and f"{period.BASE_YEAR}～{last}年度" in mic_summary.intro(lr, "ja")
    assert after_en in mic_summary.intro(lr, "en")


def test_no_year_after_the_plan_period_is_not_said_to_be_there():
    lr = _lr(range(2005, period.PLAN_PERIOD[1] + 1))
    assert "後の" not in mic_summary.intro(lr, "ja") and "after it" not in mic_summary.intro(lr, "en")


def test_every_year_is_said_only_of_some_years():
    dashes = _lr(range(2016, 2022))
    assert "毎年度「－」" in mic_summary.glance_title(dashes, "ja")
    empty = _lr(range(2016, 2022), "real_debt_service_ratio", dash=False)  # no future burden ratio at all
    title_ja, title_en = mic_summary.glance_title(empty, "ja"), mic_summary.glance_title(empty, "en")
    assert "毎年度" not in title_ja and "every year" not in title_en, "no burden year at all is not 'every year'"
    assert "将来負担比率の数値はありません" in title_ja
    assert summary_points._every(3, 3) == ("毎年度", "in every year")
    assert summary_points._every(2, 3) == ("3年度のうち2年度で", "in two of three years")
    with pytest.raises(ValueError, match="no year"):
        summary_points._every(0, 0)


def test_the_mic_main_point_is_dropped_without_plan_years():
    assert summary_points._mic_point(_lr(range(2005, 2016)), "ja") is None


def test_the_long_run_spans_the_data_it_is_given():
    lr = _lr(range(2009, 2014))
    frame = mic_long_run.long_run_frame(lr, "en")
    assert list(frame["Fiscal year"]) == [f"FY{y}" for y in range(2009, 2014)]
    assert "FY2009-FY2013" in mic_long_run.long_run_table(lr, "en").caption
    assert "in FY2009" in mic_long_run.long_run_alt(lr, "en") and "in FY2013" in mic_long_run.long_run_alt(lr, "en")


def test_the_intro_and_source_take_their_years_from_the_editions_catalogue():
    first, last = int(editions()["fiscal_year"].min()), int(editions()["fiscal_year"].max())
    assert mic_common.catalogue_span() == (first, last)
    assert f"{first}～{last}年度" in mic_long_run.intro("ja") and f"FY{first}-FY{last}" in mic_long_run.intro("en")
    assert mic_common.MIC_SOURCE["ja"].endswith(f"（{first}～{last}年度）")


def _fiscal(welfare: list[float], expenditure: list[float]) -> pd.DataFrame:
    years = range(period.BASE_YEAR, period.BASE_YEAR + len(welfare))
    rows = []
    for year, w, e in zip(years, welfare, expenditure, strict=True):
        rows += [
            {"measure": "welfare", "year": year, "value": w},
            {"measure": "expenditure", "year": year, "value": e},
            {"measure": "welfare_share", "year": year, "value": w / e * 100},
        ]
    return pd.DataFrame(rows)


def test_the_welfare_shares_direction_comes_from_the_data():
    # FY2016-FY2021; FY2020 (the plan's last year) against FY2019
    falling = _fiscal([100, 101, 102, 103, 104, 105], [200, 200, 200, 200, 300, 260])
    rising = _fiscal([100, 101, 102, 103, 150, 150], [200, 200, 200, 200, 210, 220])
    flat = _fiscal([100, 101, 102, 103, 103, 104], [200, 200, 200, 200, 200, 200])
    assert "下がりました" in period_resident.welfare_sentence(falling, "ja")
    assert "the share fell from 51.5%" in period_resident.welfare_sentence(falling, "en")
    assert "上がりました" in period_resident.welfare_sentence(rising, "ja")
    assert "the share rose from 51.5%" in period_resident.welfare_sentence(rising, "en")
    assert "the share stayed the same from 51.5%" in period_resident.welfare_sentence(flat, "en")
    assert "変わりませんでした" in period_resident.welfare_sentence(flat, "ja")
    assert "total expenditure by +50.0%" in period_resident.welfare_sentence(falling, "en"), "FY2020 on FY2019"
    with pytest.raises(ValueError, match="missing"):
        period_resident.share_move(float("nan"), 40.0)
