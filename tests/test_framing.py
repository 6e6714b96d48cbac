"""Every figure framed by what it is (issue 28, item 1).

- the six targets are the 2nd programme's FY2015 targets, and the pages say so;
- "latest" is the latest figure any of our sources holds, with its year and source, never the target year's;
- no verdict from our projection on a year whose actual figure is published (the sewer debt's FY2015 actual,
  in the city's settlement): the projection is shown as a projection, with its range over reasonable fits.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis.targets import projection_range
from kodaira_analysis.topics import summary, targets
from tests.conftest import require_shared_ssdse


@pytest.fixture(scope="module")
def assessment() -> pd.DataFrame:
    return ka.assess_targets(use_ssdse=False)


def test_a_projection_gives_no_verdict_on_a_published_year(assessment):
    sewer = assessment.set_index("indicator").loc["debt_sewer"]
    assert sewer["status"] == "not_judged" and sewer["met"] is pd.NA  # no one judged it: missing, never False
    assert sewer["target_year_published"]
    # the range over the fits: a line through every result 81.95, through the last three 83.2, the last change 84.7
    assert [sewer["projection_low"], sewer["projection_high"]] == pytest.approx([8195.0, 8470.0])
    assert sewer["projection_fits"] == 3


def test_a_future_target_year_may_still_be_projected(assessment):
    before = ka.assess_targets(use_ssdse=False, today=date(2016, 5, 1)).set_index("indicator")
    assert before.loc["debt_sewer", "status"] == "on_track"  # FY2015's settlement not yet published in May 2016
    assert not before.loc["debt_sewer", "target_year_published"]


def test_projection_range_reports_every_fit():
    years, values = pd.Series([2011, 2012, 2013, 2014]), pd.Series([13260.0, 11870, 10590, 9530])
    low, high, fits = projection_range(years, values, 2015)
    assert fits == 3 and low == pytest.approx(8195.0) and high == pytest.approx(8470.0)
    assert projection_range(years.tail(2), values.tail(2), 2015)[2] == 2  # too few results for a 3-year line


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_page_calls_the_sewer_debt_met(assessment, lang):
    frames = [
        targets.targets_table(assessment, lang).frame,
        summary.targets_table(assessment, ka.load("targets"), lang).frame,
    ]
    for frame in frames:
        row = frame.iloc[-1].astype(str).tolist()  # the sewer debt
        assert not any(("推計上は達成" in c) or ("Met on our projection" in c) for c in row), row
        assert any(("判定なし" in c) or ("Not judged" in c) for c in row), row
        assert (
            any(("82.0～84.7億円" in c) or ("¥8.20 billion to ¥8.47 billion" in c) for c in row) or frame is frames[1]
        )
    notes = summary.targets_notes(assessment, ka.load("targets"), lang)
    assert ("市の決算で公表" in notes) if lang == "ja" else ("settlement of accounts" in notes)
    sentence = targets.target_sentences(assessment, lang)
    assert ("判定はしません" in sentence) if lang == "ja" else ("we give no verdict" in sentence)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_targets_are_named_as_the_2nd_programmes_fy2015_targets(assessment, lang):
    words = ("第２次改革推進プログラム", "2015") if lang == "ja" else ("2nd", "FY2015")
    for text in (
        targets.targets_table(assessment, lang).caption,
        summary.targets_table(assessment, ka.load("targets"), lang).caption,
        summary.intro(lang),
    ):
        assert all(w in text for w in words), text
    for notebook in ("00-summary.py", "01-fiscal-trends.py"):
        source = (ka.paths.PROJECT_ROOT / "notebooks" / notebook).read_text(encoding="utf-8")
        assert "第２次改革推進プログラムの数値目標（2015年度目標）" in source, notebook


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_latest_is_the_latest_figure_with_its_year_and_source(lang):
    require_shared_ssdse()
    assessment = ka.assess_targets()
    frame = targets.targets_table(assessment, lang).frame.set_index(targets.text("indicator", lang))
    name = "経常収支比率" if lang == "ja" else "Current balance ratio"
    judged = frame.loc[name, "評価に用いた実績" if lang == "ja" else "Result judged"]
    latest = frame.loc[name, targets.text("latest", lang)]
    assert judged == "91.8%"  # FY2015: the target year's settlement
    assert latest.startswith("85.2%") and "2022" in latest and "SSDSE-A" in latest, latest
    assert "直近の実績" not in "".join(frame.columns) and "Latest result" not in "".join(frame.columns)
