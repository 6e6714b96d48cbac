"""Report 04 tells the plan's history with every fact the plan dates (issue 28, item 6)."""

from __future__ import annotations

import re

import pytest

import kodaira_analysis as ka
from kodaira_analysis.topics import plan_history

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# Each fact as the page must give it, in each language.
FACTS = {
    "ja": (
        "1996（平成8）年12月に行財政改革大綱を策定",
        "2006（平成18）年5月に設置した小平市行財政再構築方針検討委員会（2014（平成26）年10月に委員改選）",
        "62項目は、2013（平成25）年度末に",
        "第三次長期総合計画（2006～2020（平成18～令和2）年度）と終了年度を合わせ",
        "2017～2020（平成29～令和2）年度の4年間",
    ),
    "en": (
        "Outline of Administrative and Fiscal Reform in December 1996",
        "set up in May 2006 and whose membership was renewed in October 2014",
        "At the end of FY2013, each of the 2nd Reform Programme's 62 items",
        "ends with the 3rd Long-Term Comprehensive Plan (FY2006-FY2020)",
        "covers the four years FY2017-FY2020",
    ),
}
CITY_TAX = {
    "ja": ("2008（平成20）年度後半から", "2011（平成23）年度に", "4年ぶり", "2014（平成26）年度まで4年連続で増加"),
    "en": ("second half of FY2008", "in FY2011 for the first time in four years", "four consecutive years to FY2014"),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_history_sentence_gives_every_dated_fact(lang):
    sentence = plan_history.history_facts_sentence(ka.load("plan_history"), ka.load("reform_history"), lang)
    for fact in FACTS[lang]:
        assert fact in sentence, fact


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_city_tax_trend_is_the_plans(lang):
    sentence = plan_history.city_tax_sentence(ka.load("plan_history"), lang)
    for fact in CITY_TAX[lang]:
        assert fact in sentence, fact
    assert pick_no_amount(sentence, lang)


def pick_no_amount(sentence: str, lang: str) -> bool:
    return ("金額を示していません" in sentence) if lang == "ja" else ("gives no amounts" in sentence)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_table_lists_every_fact_with_its_section(lang):
    view = plan_history.history_facts_table(ka.load("plan_history"), lang)
    assert len(view.frame) == 9
    if lang == "ja":
        printed = view.frame["時期（プランの記載）"].tolist()
        assert printed[:2] == ["平成8年12月", "平成18年度～32年度"]  # as printed, widths kept
    else:
        assert not JAPANESE.search(view.frame.to_string()), "the English page shows no Japanese"
    sections = view.frame.iloc[:, -1].tolist()
    assert all(sections), sections
    if lang == "en":
        assert not any("位置付け" in s for s in sections), sections


def test_a_window_without_the_facts_says_nothing_false():
    facts = ka.load("plan_history").query("start_fiscal_year > 2016")
    assert plan_history.city_tax_sentence(facts, "en") == ""
    assert "1996" not in plan_history.history_facts_sentence(facts, ka.load("reform_history"), "en")


def test_report_04_shows_the_history_section():
    source = (ka.paths.PROJECT_ROOT / "notebooks" / "04-reform-progress.py").read_text(encoding="utf-8")
    assert "plan_history.history_facts_sentence" in source and "plan_history.history_facts_table" in source


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_facts_table_has_a_caption_numbered_as_its_page_asks(lang):
    """04's dated facts had no caption at all (committee read 9, D22)."""
    facts = ka.load("plan_history")
    numbered = plan_history.history_facts_table(facts, lang, number=2).caption
    assert numbered.startswith("表2 " if lang == "ja" else "Table 2. "), numbered
    assert plan_history.history_facts_table(facts, lang).caption.startswith("表 " if lang == "ja" else "Table. ")
