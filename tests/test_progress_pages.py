"""The city's progress pages: transcribed as printed, every count checked by the build, shown with both dates.

The figures are pinned twice: against the numbers the issue and the pages' text give (43: 39 on schedule,
4 behind, by policy 7/3/6/14/13; 41: 1 ahead, 35 on schedule, 5 behind), and against a second reading of
the extracted pages in ../shared/source, line by line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError, RawDataError
from kodaira_analysis.plan.build import clean_all
from kodaira_analysis.topics import progress_pages, still_missing
from tests.test_bad_input import edit, replace_once

PAGES = paths.SHARED_DIR / "source" / "kodaira-progress-pages.txt"
THIRD_URL = "http://www.city.kodaira.tokyo.jp/kurashi/058/058639.html"
FOLLOWUP_URL = "http://www.city.kodaira.tokyo.jp/kurashi/053/053125.html"


@pytest.fixture(scope="module")
def pr() -> pd.DataFrame:
    return ka.load("progress_reports")


def _counts(pr: pd.DataFrame, report: str) -> pd.DataFrame:
    part = pr[pr["report_id"] == report]
    return part.pivot_table(index="policy_no", columns="status", values="items", aggfunc="sum")


def test_the_pages_figures_as_printed(pr):
    third = _counts(pr, "programme_3")
    assert third.sum(axis=1).tolist() == [7, 3, 6, 14, 13]
    assert third.sum().to_dict() == {"ahead": 0, "behind": 4, "on_schedule": 39}
    assert third["behind"].to_dict() == {1: 0, 2: 0, 3: 0, 4: 4, 5: 0}, "all four behind are in 財政基盤の強化"
    follow = _counts(pr, "programme_2_followup")
    assert follow.sum().to_dict() == {"ahead": 1, "behind": 5, "on_schedule": 35}
    assert follow.sum(axis=1).tolist() == [9, 4, 6, 12, 10]
    assert set(pr.loc[pr["report_id"] == "programme_3", "report_items"]) == {43}
    assert set(pr.loc[pr["report_id"] == "programme_2_followup", "report_items"]) == {41}


def test_both_dates_of_the_2017_page_are_kept(pr):
    third = pr[pr["report_id"] == "programme_3"].iloc[0]
    assert third["as_of"] == pd.Timestamp("2017-09-30") and third["as_of_printed"] == "平成29年9月末"
    assert third["caption_as_of"] == pd.Timestamp("2017-03-31") and third["caption_as_of_printed"] == "平成28年度末"
    assert not third["dates_agree"]
    follow = pr[pr["report_id"] == "programme_2_followup"].iloc[0]
    assert follow["as_of"] == follow["caption_as_of"] == pd.Timestamp("2017-03-31") and follow["dates_agree"]
    assert set(pr["source_url"]) == {THIRD_URL, FOLLOWUP_URL}


_LINE = re.compile(r"^(\d) (.+?) \((\d+)項目\)[\s|]+(\d+)[\s|]+(\d+)[\s|]+(\d+)\s*$")


def test_a_second_reading_of_the_extracted_pages(pr):
    """Every policy line of the extracted pages, read again here, equals the loaded table.

    This pins what no printed total can catch: two cells swapped so that every row and column still adds up.
    """
    if not PAGES.is_file():
        pytest.skip(f"no progress pages at {PAGES}")
    first, second = PAGES.read_text(encoding="utf-8").split("Page 2", 1)
    for report, text, url in (("programme_3", first, THIRD_URL), ("programme_2_followup", second, FOLLOWUP_URL)):
        assert url in text
        lines = [m.groups() for m in map(_LINE.match, text.splitlines()) if m]
        assert len(lines) == 5
        counts = _counts(pr, report)
        part = pr[pr["report_id"] == report].drop_duplicates("policy_no").set_index("policy_no")
        for number, _, items, s, a, b in lines:
            no = int(number)
            assert counts.loc[no, ["ahead", "on_schedule", "behind"]].tolist() == [int(s), int(a), int(b)]
            assert part.loc[no, "policy_items"] == int(items)
    assert "平成28年度末" in first and "平成29年9月末" in first, "the 2017 page prints both dates"


MOVED = [
    # (case, edit, fragments of the message)
    (
        "one item moved between two policies",
        lambda t: t.replace("4 財政基盤の強化 (14項目),0,10,4", "4 財政基盤の強化 (14項目),0,9,4", 1).replace(
            "5 執行体制の再構築 (13項目),0,13,0", "5 執行体制の再構築 (13項目),0,14,0", 1
        ),
        ["progress_reports.csv", "row 5", "方針"],
    ),
    (
        "one item moved between two statuses",
        replace_once("4 財政基盤の強化 (14項目),0,10,4", "4 財政基盤の強化 (14項目),0,11,3"),
        ["progress_reports.csv", "row 7", "予定どおりに進捗(A)", "add up to 40"],
    ),
    (
        "a policy's printed count changed",
        replace_once("1 地域協働の推進 (7項目),0,7,0", "1 地域協働の推進 (8項目),0,7,0"),
        ["progress_reports.csv", "row 2", "方針"],
    ),
    (
        "the text's count changed",
        replace_once("計,0,39,4,43", "計,0,39,4,44"),
        ["progress_reports.csv", "row 7", "本文の項目数"],
    ),
    (
        "a policy under another number",
        replace_once(
            "2 情報の共有と双方向のコミュニケーション (3項目),0,3,0",
            "3 情報の共有と双方向のコミュニケーション (3項目),0,3,0",
        ),
        ["progress_reports.csv", "row 3", "policy 2"],
    ),
    (
        "an address that is not the city's",
        replace_once(THIRD_URL, "javascript:alert(1)"),
        ["progress_reports.csv", "row 2", "出典"],
    ),
    (
        "a dash for a count",
        replace_once("5 執行体制の再構築 (10項目),0,9,1", "5 執行体制の再構築 (10項目),-,9,1"),
        ["progress_reports.csv", "row 12", "予定以上に進捗(S)"],
    ),
]


@pytest.mark.parametrize(("case", "change", "fragments"), MOVED, ids=[m[0] for m in MOVED])
def test_a_changed_count_stops_the_build(raw_dir: Path, case, change, fragments):
    edit(raw_dir, "progress_reports.csv", change)
    with pytest.raises(KodairaError) as caught:
        clean_all(raw_dir)
    assert isinstance(caught.value, RawDataError)
    for fragment in fragments:
        assert fragment in str(caught.value), f"{case}: {fragment!r} not in {caught.value}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_table_shows_the_loaded_figures(pr, lang):
    frame = progress_pages.pages_frame(pr, lang)
    assert not frame.map(lambda v: isinstance(v, list | tuple | dict)).any().any(), "no list columns"
    numbers = frame.select_dtypes("number")
    assert numbers.shape == (12, 4)
    status_cols = list(numbers.columns[:3])
    for block, report in ((frame.iloc[:6], "programme_3"), (frame.iloc[6:], "programme_2_followup")):
        counts = _counts(pr, report)[["ahead", "on_schedule", "behind"]]
        assert block[status_cols].iloc[:5].to_numpy().tolist() == counts.to_numpy().tolist()
        assert block[status_cols].iloc[5].tolist() == counts.sum().tolist()
        assert block[numbers.columns[3]].iloc[5] == pr.loc[pr["report_id"] == report, "report_items"].iloc[0]


def test_the_words_in_both_languages_say_both_dates_and_whose(pr):
    ja = progress_pages.pages_sentences(pr, "ja")
    en = progress_pages.pages_sentences(pr, "en")
    for fragment in (
        "43項目",
        "39項目",
        "4項目",
        "財政基盤の強化",
        "2017（平成29）年9月末",
        "2016（平成28）年度末",
        "41項目",
        "35項目",
        "市自身の評価",
    ):
        assert fragment in ja, fragment
    for fragment in (
        "43 items",
        "39 were on schedule",
        "four were behind",
        "Strengthening the fiscal base",
        "end of September 2017",
        "end of FY2016",
        "41 items",
        "35 were on schedule",
        "city's own assessment",
    ):
        assert fragment in en, fragment
    for lang in ("ja", "en"):
        view = progress_pages.pages_table(pr, lang)
        assert THIRD_URL in view.source and FOLLOWUP_URL in view.source
        dates = ("平成29年9月末", "平成28年度末") if lang == "ja" else ("end of September 2017", "end of FY2016")
        assert all(date in view.note for date in dates)
        assert "<script" not in view.to_html()


def test_what_we_still_lack_in_both_languages():
    ja, en = still_missing.missing_frame("ja"), still_missing.missing_frame("en")
    assert ja.shape == en.shape == (4, 3)
    assert ja.notna().all().all() and en.notna().all().all()
    published = " ".join(ja.iloc[:, 2])
    for where in ("決算カード", "財政状況資料集", "定員管理調査", "進捗状況のページ"):
        assert where in published
    assert "2016" in en.iloc[0, 0] and "2020" in en.iloc[0, 0]
    assert "本プロジェクトの整理" in still_missing.missing_sentence("ja")
    assert "own account" in still_missing.missing_sentence("en")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_caption_date_is_said_to_fall_before_the_plan_period(pr, lang):
    """The 2017 page's caption dates its table at the end of FY2016, before the 3rd plan's period began (FY2017):
    a page that said only 'the project chooses neither' read as if both dates were possible (fifth read)."""
    words = progress_pages.pages_sentences(pr, lang)
    note = progress_pages.pages_note(pr, lang)
    before = {
        "ja": "表題の時点はプランの期間（2017～2020年度）が始まる前",
        "en": "the caption's date falls before the plan",
    }[lang]
    assert before in words
    assert {"ja": "本プロジェクトの読み方", "en": "our reading"}[lang] in note
    assert {"ja": "どちらかを選ばず", "en": "chooses neither"}[lang] not in note
    assert {"ja": "期間（2017～2020年度）が始まる前", "en": "plan period (FY2017-FY2020) began"}[lang] in note


def test_the_glossary_gives_ssdse_staff_no_survey_date():
    """SSDSE-A gives its general-administration staff a year and no survey date (its README, its column heads)."""
    glossary = pd.read_csv(paths.PACKAGE_DIR / "analysis" / "glossary_ours.csv").set_index("term_id")
    entry = glossary.loc["general_administration_staff"]
    texts = " ".join(str(v) for v in entry.to_numpy())
    assert "4月1日" not in texts and "1 April" not in texts
    assert "調査日を記載していない" in texts and "no survey date" in texts
