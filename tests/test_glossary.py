"""The plan's definitions as data, linked from the first use of each term in a report."""

from __future__ import annotations

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.plan.build import build
from kodaira_analysis.present import glossary


def test_each_definition_is_the_plans_own_text():
    """The reports say 'as the plan prints them': every Japanese definition is in the plan's text, with its
    full-width brackets, wave dashes and percent signs (only Latin letters are written half-width, and line
    breaks left out)."""
    import re

    from tests.conftest import require_shared_source

    def fold(text: str) -> str:
        half = "".join(chr(ord(c) - 0xFEE0) if "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" else c for c in text)
        return re.sub(r"\s+", "", half)

    plan = fold(require_shared_source().read_text(encoding="utf-8").replace("尐", "少"))
    g = ka.load("glossary")
    for term, definition in zip(g["term_ja"], g["definition_ja"], strict=True):
        assert fold(definition) in plan, f"{term}: not as the plan prints it"


def test_the_plans_footnotes_and_its_note_on_the_quota():
    g = ka.load("glossary").set_index("term_id")
    assert list(g.index) == [
        "current_balance_ratio",
        "principle_of_subsidiarity",
        "community_collaboration",
        "pdca_cycle",
        "sns",
        "twitter",
        "staff_quota",
    ]
    assert g.loc["current_balance_ratio", "definition_ja"].endswith(
        "概ね70～80％の間に分布するのが望ましいとされている。"
    )
    assert g.loc["staff_quota", "definition_ja"].startswith("「定員」とは、定数内で定める市に必要な職員数")
    assert g.loc["staff_quota", "note_kind"] == "note"
    assert (g["definition_en"].str.len() > 20).all()


def test_first_use_is_linked_once_and_headings_are_left_alone():
    glossary.link_terms("ja")
    first = glossary.link_first_uses("# 経常収支比率\n\n経常収支比率は93.9%でした。経常収支比率の目標は…")
    assert first.count("](#term-current_balance_ratio)") == 1
    assert first.startswith("# 経常収支比率\n"), "headings are not linked"
    again = glossary.link_first_uses("経常収支比率と定員")
    assert "current_balance_ratio" not in again and "[定員](#term-staff_quota)" in again
    section = glossary.glossary_section("ja")
    assert section.index('id="term-current_balance_ratio"') < section.index('id="term-staff_quota"')
    assert "principle_of_subsidiarity" not in section, "only the terms the report used"


def test_english_terms_match_in_any_case():
    glossary.link_terms("en")
    linked = glossary.link_first_uses("The Current balance ratio rose; the PDCA cycle went on.")
    assert "[Current balance ratio](#term-current_balance_ratio)" in linked
    assert "[PDCA cycle](#term-pdca_cycle)" in linked
    glossary.link_terms("en")
    assert glossary.glossary_section("en") == "", "no glossary when no term was used"


def test_a_term_without_translation_stops_the_build(raw_dir, tmp_path):
    path = raw_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8") + "財政力指数,ある定義,脚注,第１章\n", encoding="utf-8")
    with pytest.raises(KodairaError, match="財政力指数"):
        build(raw_dir=raw_dir, processed_dir=tmp_path / "processed")


def test_adoption_dates_as_printed_both_kept():
    h = ka.load("reform_history").set_index("program_id")
    assert h.loc["restructuring_2", "adopted_month"] == pd.Timestamp("2011-03-01")
    assert h.loc["restructuring_2", "adopted_printed"] == "平成23年3月"
    assert h.loc["restructuring_2", "adopted_other_printed"] == "平成23年度"
    assert pd.isna(h.loc["reform_1", "adopted_month"])
    from kodaira_analysis.topics import reform_history

    assert "平成23年3月と記す一方、別の箇所では平成23年度" in reform_history.history_sentence(
        ka.load("reform_history"), "ja"
    )


@pytest.mark.parametrize(
    ("lang", "head", "term", "definition"),
    [
        ("ja", "住民1人当たり民生費", "民生費", "地方公共団体の歳出を行政の目的によって分けた区分の一つ"),
        ("en", "Welfare expenditure per resident", "welfare expenditure", "purpose"),
    ],
)
def test_a_term_only_a_table_uses_is_defined_in_the_glossary_and_still_linked_in_prose(
    monkeypatch, lang, head, term, definition
):
    """00 named 民生費 only in its tables, and the glossary listed only terms linked in prose: 00 had no 民生費
    entry. A table's terms are now recorded (not linked: its cells are text); a later first use in prose still
    links to the entry, which is listed once, where the table first used it."""
    from IPython import display as ipython_display

    from kodaira_analysis.present import display
    from kodaira_analysis.present.figure import TableView
    from kodaira_analysis.present.markdown import markdown

    shown: list = []
    monkeypatch.setattr(ipython_display, "display", lambda item: shown.append(item))
    glossary.link_terms(lang)
    display.show(TableView(pd.DataFrame({"指標" if lang == "ja" else "Measure": [head]}), caption="表", source="出典"))
    section = glossary.glossary_section(lang)
    assert 'id="term-welfare_expenditure"' in section and definition in section
    assert "](#term-" not in shown[0].data, "a table is never given links"
    later = glossary.link_first_uses(markdown(f"{term}は増えました。" if lang == "ja" else f"The {term} rose."))
    assert "(#term-welfare_expenditure)" in later, "the prose's first use still links to the entry"
    assert glossary.glossary_section(lang).count('id="term-welfare_expenditure"') == 1
    glossary.link_terms(lang)
    assert glossary.glossary_section(lang) == "", "a new page starts with no terms"


#: Terms the committee found used but undefined (read28 (d)8): each now has an entry of ours, in both languages.
FOUND_UNDEFINED = ["財政調整基金", "公共施設整備基金", "市債残高", "地方税", "歳出決算総額", "標準財政規模", "歳入決算総額",
                   "参考値", "プラン策定後の公的統計", "改革推進プログラム", "フォローアップ"]  # fmt: skip


def test_the_terms_the_committee_found_undefined_have_entries_with_their_source():
    table = glossary.entries().set_index("term_ja")
    for term in FOUND_UNDEFINED:
        assert term in table.index, term
        row = table.loc[term]
        assert row["definition_en"] and row["term_en"] and row["source_ja"] and row["source_en"], term
        assert row["whose"] == "ours", f"{term}: the plan does not define it, so the words are ours"
    # said only as far as the sources go: where they are silent, the entry says so
    assert "算定方法を記しておらず" in table.loc["標準財政規模", "definition_ja"]
    assert "do not say how the amount itself is calculated" in table.loc["標準財政規模", "definition_en"]
    assert (
        "30億円" in table.loc["財政調整基金", "definition_ja"] and "目的" in table.loc["財政調整基金", "definition_ja"]
    )


def test_every_term_has_a_reading_in_hiragana():
    import re

    readings = glossary.entries()["reading_ja"]
    assert readings.map(lambda r: bool(re.fullmatch(r"[ぁ-んー]+", r))).all()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_glossary_is_in_gojuon_or_alphabetical_order_and_says_so(lang):
    """The glossary was in neither order nor quite the order of first use: one rule now, stated above the list."""
    import re

    glossary.link_terms(lang)
    words = {"ja": "定員と財政力指数と経常収支比率と標準財政規模とフォローアップと参考値",
             "en": "staff quota, fiscal capability index, current balance ratio, standard fiscal scale, follow-up, "
                   "reference value"}  # fmt: skip
    glossary.link_first_uses(words[lang])
    section = glossary.glossary_section(lang)
    ids = re.findall(r'<dt id="term-([a-z_]+)">', section)
    expected = {
        "ja": ["current_balance_ratio", "fiscal_capability_index", "reference_value", "staff_quota",  # けい ざい(さい) さん てい
               "standard_fiscal_scale", "follow_up"],  # ひょう ふぉ
        "en": ["current_balance_ratio", "fiscal_capability_index", "follow_up", "reference_value", "staff_quota",
               "standard_fiscal_scale"],
    }  # fmt: skip
    assert ids == expected[lang]
    assert ("五十音順" if lang == "ja" else "in alphabetical order") in section


def test_a_term_in_a_heading_is_listed_though_not_linked():
    """02 used プラン策定後の公的統計 only in a heading, which is never linked: the glossary left it out."""
    glossary.link_terms("ja")
    out = glossary.link_first_uses("## プランの期間の前後の職員数（プラン策定後の公的統計）")
    assert "](#term-" not in out
    assert 'id="term-later_official_data"' in glossary.glossary_section("ja")


#: A committee reader found one concept under several names (read9a d5, d10): the name the glossary lists, and the
#: others that must not reach a page. A later gloss in brackets (「単独世帯（一人暮らしの世帯）」) is allowed.
ONE_NAME = {
    "standard fiscal scale": ("standard fiscal size",),
    "歳出決算総額": ("歳出総額",),
    "単独世帯": ("一人暮らしの世帯は", "一人暮らしの世帯（", "一人暮らしの世帯数"),
}


@pytest.mark.parametrize("name", sorted(ONE_NAME))
def test_one_name_per_concept_in_every_text_the_pages_are_made_from(name):
    from pathlib import Path

    root = Path(ka.__file__).parent
    texts = {p: p.read_text(encoding="utf-8") for p in [*root.rglob("*.py"), *root.rglob("*.csv")]}
    found = [(str(p.relative_to(root)), other) for p, t in texts.items() for other in ONE_NAME[name] if other in t]
    assert found == [], found
    assert any(name in t for t in texts.values())


def test_the_glossary_lists_one_english_name_for_the_standard_fiscal_scale():
    from pathlib import Path

    table = pd.read_csv(Path(ka.__file__).parent / "analysis" / "glossary_ours.csv").set_index("term_id")
    assert table.loc["standard_fiscal_scale", "forms_en"] == "standard fiscal scale"


def test_the_glossary_names_the_26_tama_cities_from_the_data():
    """A committee reader found every rank and median over 「多摩26市」 with no page saying which 26 (read9a d9): the
    entry lists the group the ranks use, and that group is every city of Tokyo outside the wards in SSDSE-A."""
    from kodaira_analysis.analysis.peer_data import peer_groups
    from tests.conftest import require_shared_ssdse

    require_shared_ssdse()
    entry = glossary.entries().set_index("term_id").loc["tama_cities"]
    table = ka.load("ssdse")
    tokyo = table[(table["prefecture"] == "東京都") & table["municipality"].str.endswith("市")]
    cities = tokyo.drop_duplicates("municipality_code").sort_values("municipality_code")
    assert len(cities) == 26 and "小平市" in set(cities["municipality"])
    assert "：" + "、".join(cities["municipality"]) + "。" in entry["definition_ja"]
    group = peer_groups().query("group == 'tama26'").sort_values("municipality_code")
    assert list(group["municipality_code"]) == list(cities["municipality_code"])
    english = entry["definition_en"]
    assert all(name in english for name in group["municipality_en"]) and english.count(",") >= 24
    assert entry["term_ja"] == "多摩26市" and "26 Tama cities" in entry["forms_en"].split("|")


def test_a_page_that_ranks_among_the_tama_cities_lists_them_in_its_glossary():
    glossary.link_terms("en")
    linked = glossary.link_first_uses("Kodaira was 9th of the 26 Tama cities.")
    assert "[26 Tama cities](#term-tama_cities)" in linked
    assert 'id="term-tama_cities"' in str(glossary.glossary_section("en"))


def test_the_follow_up_entry_does_not_say_whose_items_the_plan_leaves_unsaid():
    """04's glossary said the FY2006 follow-up's 52 items were 「第１～３次行財政改革推進計画の52項目」 while its body
    says the plan does not say which plan's items they were (those plans had 76 + 60 + 55 = 191): it now says so too."""
    import re

    row = glossary.entries().set_index("term_id").loc["follow_up"]
    ja, en = row["definition_ja"], row["definition_en"]
    sentence_ja = next(s for s in ja.split("。") if "52項目" in s)
    sentence_en = next(s for s in re.split(r"(?<=\.) ", en) if "of 52 items" in s)
    assert "行財政改革推進計画" not in sentence_ja.split("示していない")[0], sentence_ja
    assert "どの計画の項目かを示していない" in sentence_ja
    assert "reform plans" not in sentence_en and "does not say which plan's items" in sentence_en, sentence_en


def test_the_reform_programme_entry_says_only_that_our_text_of_the_plan_is_silent():
    """The plan is its restructuring policy and its programme; the project's text of it does not give the 3rd
    programme's items. The glossary said flatly that the plan does not: it now says what 04's body says."""
    row = glossary.entries().set_index("term_id").loc["reform_programme"]
    assert "本プロジェクトが持つプランの本文には記載がない" in row["definition_ja"]
    assert "プランに記載がない" not in row["definition_ja"]
    assert "The plan's text, as we have it, does not give the 3rd's" in row["definition_en"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_glossarys_introduction_says_only_what_its_entries_hold(lang):
    """04's and 02-en's glossaries began by saying their definitions of MIC's indicators and of the threshold set in
    law were summarised from MIC's notes, though they define neither: the introduction is made from the entries."""
    mic_words = "総務省「指標の説明」" if lang == "ja" else "MIC's notes"
    plan_words = "プランの記載のとおり" if lang == "ja" else "translation of the plan's"
    terms = {  # (the words a page uses, whether an entry from MIC's notes is among them, whether a plan's term is)
        "ja": [("定員とフォローアップ", False, True), ("財政力指数と定員", True, True), ("フォローアップ", False, False)],
        "en": [("staff quota and follow-up", False, True), ("fiscal capability index, staff quota", True, True),
               ("follow-up", False, False)],
    }  # fmt: skip
    for words, mic, plan in terms[lang]:
        glossary.link_terms(lang)
        glossary.link_first_uses(words)
        intro = glossary.glossary_section(lang).split("<dl>")[0]
        assert (mic_words in intro) == mic, (words, intro)
        assert (plan_words in intro) == plan, (words, intro)
        assert "法律" not in intro and "in law" not in intro and "主要財政指標" not in intro, intro
        assert ("本プロジェクトの説明" if lang == "ja" else "are ours") in intro


def test_a_footnote_of_the_plan_is_cited_once_as_the_plan_prints_it():
    """「（プラン第１章４（１）注3の脚注）」 named the footnote twice: now 「（プラン第１章４（１）の脚注3）」."""
    for lang, cited, not_cited in (("ja", "（プラン第１章４（１）の脚注3）", "注3の脚注"),
                                   ("en", "(the plan's footnote 3, Chapter 1, section 4(1))", "4(1), note 3")):  # fmt: skip
        glossary.link_terms(lang)
        glossary.link_first_uses("地域協働" if lang == "ja" else "community collaboration")
        section = glossary.glossary_section(lang)
        assert cited.replace("'", "&#x27;") in section or cited in section, section
        assert not_cited not in section
