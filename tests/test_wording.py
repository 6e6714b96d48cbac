"""Sentences as the plan words things, in Japanese and English: comparators, bounds, tense, agreement."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.present.i18n import format_target, implied_direction_note
from kodaira_analysis.topics import (
    ageing,
    census_births,
    fiscal,
    population,
    progress,
    reform_history,
    staffing,
    targets,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def assessment() -> pd.DataFrame:
    return ka.assess_targets()


def test_targets_keep_the_printed_comparator(assessment):
    by = assessment.set_index("indicator")
    assert format_target(by.loc["debt_general_account"], "ja") == "300億円以内"
    assert format_target(by.loc["debt_sewer"], "ja") == "90億円以内"
    assert format_target(by.loc["current_balance_ratio"], "ja") == "95.0%以下"
    assert format_target(by.loc["debt_general_account"], "en").startswith("within ")
    assert format_target(by.loc["current_balance_ratio"], "en").endswith(" or less")


@pytest.mark.parametrize("indicator", ["staff_quota", "fiscal_adjustment_fund", "public_facilities_fund"])
def test_a_direction_the_plan_does_not_print_is_marked_ours(assessment, indicator):
    row = assessment.set_index("indicator").loc[indicator].copy()
    row["indicator"] = indicator
    assert format_target(row, "ja").endswith("＊") and "以" not in format_target(row, "ja")
    assert format_target(row, "en").endswith("*")
    rows = [r for _, r in assessment.iterrows()]
    assert "本プロジェクトの解釈" in implied_direction_note(rows, "ja")
    assert "this project's interpretation" in implied_direction_note(rows, "en")


def test_whose_verdict_each_sentence_states(assessment):
    text = {lang: targets.target_sentences(assessment, lang) for lang in ("ja", "en")}
    plan_own = assessment[assessment["verdict_by"] == "plan"]["indicator_ja"]
    own = "・".join(plan_own) + "の達成・未達成は、プラン自身の記述"
    assert len(plan_own) >= 4 and own in text["ja"], "the plan's own verdicts, said once"
    assert text["ja"].count("プラン自身") == 1 and "are the plan's own" in text["en"]
    # the sewer debt: our projection, shown for reference, gives no verdict on a year whose actual is published
    assert "推計は実績の代わりにならないため、達成・未達成の判定はしません" in text["ja"], (
        "no verdict from a projection"
    )
    assert "見込み" not in text["ja"] and "On track" not in text["en"], "no 'on track' for a year already past"
    assert "so we give no verdict" in text["en"] and "would meet" not in text["en"]
    assert "「達成」です" not in text["ja"] and "」に対して「" not in text["ja"], "no formulaic verdicts"
    assert not JAPANESE.search(text["en"])


def test_the_lower_bound_stays_a_bound_with_its_exact_arithmetic():
    share = ka.load("demographics").query("indicator == 'aged_65_plus_share'")
    ja, en = ageing.aged_share_sentence(share, "ja"), ageing.aged_share_sentence(share, "en")
    assert "1.27ポイントを超え" in ja and "0.31ポイントを超えます" in ja
    assert "more than 1.27 percentage points" in en and "more than 0.31 points a year" in en
    assert "少なくとも" not in ja and "at least" not in en and "0.32" not in ja + en
    # the plan gives the two shares; the rise and its yearly average are ours, and the sentence says so (03's opening)
    assert (
        "本プロジェクトが計算すると、この4年間の上昇は1.27ポイントを超え" in ja
        and "プランはこの上昇幅を示していません" in ja
    )
    assert "By our arithmetic from these two figures" in en and "the plan does not give the rise" in en


def test_no_source_or_reason_the_plan_does_not_give():
    fe = ka.load("fiscal_effects")
    for lang in ("ja", "en"):
        summary = fiscal.effects_summary(fe, lang)
        assert not re.search("未確定|確定していない|not yet settled|not settled", summary)
    census = pd.DataFrame(
        {"census_year": [2015], "aged_65_share": [22.38], "aged_75_share": [11.18], "age_not_stated": [1702.0]}
    )
    births = pd.DataFrame({"year": [2016], "births": [1700.0]})
    assert "住民基本台帳" not in census_births.census_sentence(census, births, "ja")
    assert "register" not in census_births.census_sentence(census, births, "en")


def test_births_year_on_year_read_as_english():
    """03-en said births 'rose on the year twice and fell 5 times': now in years, counts in words."""
    census = pd.DataFrame(
        {"census_year": [2015], "aged_65_share": [22.38], "aged_75_share": [11.18], "age_not_stated": [1702.0]}
    )
    births = pd.DataFrame({"year": range(2016, 2024), "births": [1700.0, 1710, 1690, 1680, 1695, 1650, 1600, 1550]})
    en = census_births.census_sentence(census, births, "en")
    assert "higher than the year before in two years and lower in five" in en, en
    assert "rose on the year" not in en and "times" not in en
    assert "前年より増えた年が2年、減った年が5年" in census_births.census_sentence(census, births, "ja")


def test_fertility_rates_are_calendar_year_statistics():
    tfr = ka.load("demographics").query("indicator == 'total_fertility_rate'")
    assert set(tfr["year_kind"]) == {"calendar_year"}
    assert "暦年" in ageing.fertility_sentence(tfr, "ja")
    assert "calendar-year statistic" in ageing.fertility_sentence(tfr, "en")


def test_a_past_years_figure_is_said_in_the_past_tense():
    """03-ja said the 2014 fertility rate 「全国平均を0.02下回っています」 (now), where the English said 'was'; the
    same page gave past births and the 2017-2020 totals with 「です」."""
    tfr = ka.load("demographics").query("indicator == 'total_fertility_rate'")
    ja = ageing.fertility_sentence(tfr, "ja")
    assert "小平市は全国平均を0.02下回っていました" in ja and "下回っています" not in ja, ja
    assert "1.40 against a national average of 1.42, 0.02 lower" in ageing.fertility_sentence(tfr, "en")
    census = pd.DataFrame(
        {"census_year": [2015], "aged_65_share": [22.38], "aged_75_share": [11.18], "age_not_stated": [1702.0]}
    )
    births = pd.DataFrame({"year": range(2016, 2021), "births": [1700.0, 1710, 1710, 1680, 1695]})
    ja = census_births.census_sentence(census, births, "ja")
    assert "前年より増えた年が2年、減った年が1年、前年と同じだった年が1年でした。" in ja, ja
    en = census_births.census_sentence(census, births, "en")
    assert "higher than the year before in two years, lower in one and the same in one." in en, en
    change = pd.DataFrame(
        {
            "year": range(2016, 2022),
            "natural_change": [-20.0, -158, -12, -100, -200, -300],
            "social_change": [930.0, 1087, 500, 600, 700, 800],
        }
    )
    said = population.change_sentence(change, "ja")
    assert "自然増減が計-470人、社会増減が計+2,887人でした。" in said, said


def test_follow_ups_worded_as_the_plan_puts_them():
    history = ka.load("reform_history")
    ja, en = reform_history.history_sentence(history, "ja"), reform_history.history_sentence(history, "en")
    assert "第１～３次行財政改革推進計画の後" in ja and "After the 1st-3rd reform plans" in en
    assert "どの計画の項目かを示していません" in ja and "does not say which plan's items" in en
    table = reform_history.history_table(history, "ja").frame
    third = table[table["計画"] == "第３次行財政改革推進計画"].iloc[0]
    assert third["フォローアップ"] == "—", "the FY2006 follow-up is not the 3rd reform plan's"
    assert "フォローアップを行っています（プラン策定時点で実施中）" in ja
    assert "was under way in FY2016, when the plan was written" in en and "41 of 62 items were followed up" not in en


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_third_programmes_items_are_the_city_pages_not_the_plans(lang):
    """04 Figure 2 once said 'not given' beside a page that reports 43 items: each count is now said as its source's."""
    history, pages = ka.load("reform_history"), ka.load("progress_reports")
    chart = reform_history.history_chart(history, lang, pages)
    table = reform_history.history_table(history, lang, pages)
    sentence = reform_history.history_sentence(history, lang, pages)
    page = "第3次行財政再構築プランの進捗状況" if lang == "ja" else "Progress of the 3rd Restructuring Plan"
    # said in full once, in the body; the caption and the cell say only whose the 43 is; the table's note not again
    assert "43" in sentence and page in sentence, sentence
    assert "43" in chart.caption and ("市のホームページ" if lang == "ja" else "city's progress page") in chart.caption
    assert page not in chart.caption and "43" not in table.note, (chart.caption, table.note)
    assert "058639.html" in chart.source and "058639.html" in table.source
    # the plan is its policy and its programme; our text of it is silent, which is all that is said (never "not in
    # the plan" flatly)
    ours = reform_history.NOT_IN_OUR_TEXT[lang]
    cell = table.frame.iloc[-1, 2]
    assert ours in chart.alt and "43" in chart.alt and ours in cell and "43" in cell
    said = " ".join([sentence, chart.caption, chart.alt, table.note, cell])
    assert not re.search("プランに記載(なし|がな)|not in the plan(?!'s text)|The plan does not give", said), said
    assert ("本プロジェクトが持つプランの本文" if lang == "ja" else "The plan's text, as we have it,") in sentence
    labels = [t.get_text() for t in chart.figure.axes[0].texts]  # short on the chart; the caption says the rest
    assert any("43" in t and ("市のページ" if lang == "ja" else "city's page") in t for t in labels), labels
    # without the city's pages the plan's silence is all that is said
    assert "43" not in reform_history.history_chart(history, lang).caption


def test_lists_ending_in_nado_are_said_to_be_incomplete():
    assert "など" in staffing.reasons("ja") and "すべてではありません" in staffing.reasons("ja")
    assert "among other things" in staffing.reasons("en") and "not complete" in staffing.reasons("en")


@pytest.mark.parametrize(("ahead", "expected"), [(1, "1 was ahead"), (2, "2 were ahead"), (0, "0 were ahead")])
def test_english_agreement(ahead, expected):
    pp = ka.load("program_progress").copy()
    first_ahead = pp.index[pp["status"] == "ahead"][0]
    pp.loc[pp["status"] == "ahead", "items"] = 0
    pp.loc[first_ahead, "items"] = ahead
    assert expected in progress.progress_sentence(pp, "en")
    assert f"{ahead}項目が予定より前倒し" in progress.progress_sentence(pp, "ja")


def test_english_pages_have_no_japanese_and_no_developer_words(assessment):
    fe = ka.load("fiscal_effects")
    sentences = [
        fiscal.effects_summary(fe, "en"),
        fiscal.effects_chart(fe, "en").source,
        targets.targets_table(assessment, "en").note,
        targets.method_sentence("linear", "en"),
        reform_history.history_sentence(ka.load("reform_history"), "en"),
        staffing.reasons("en"),
    ]
    for sentence in sentences:
        assert not JAPANESE.search(sentence), sentence
        assert not re.search(r"data/raw|\.csv|make |_million_yen|\bnan\b|NaT|<NA>", sentence), sentence
