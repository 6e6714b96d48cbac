"""The committee readers' ninth set of wording suggestions (brief words9), each checked where the words are made."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.present import abbreviations, display, glossary
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import VERDICT_BY
from kodaira_analysis.present.markdown import markdown
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.topics import ageing, period_fiscal, period_staffing, population, staffing

ROOT = Path(__file__).parents[1]


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


def _sources() -> list[Path]:
    package = ROOT / "kodaira_analysis"
    return [
        *package.rglob("*.py"),
        *package.rglob("*.csv"),
        *package.rglob("*.j2"),
        *(ROOT / "notebooks").glob("*.py"),
        *(ROOT / "notebooks").glob("*.ipynb"),
    ]


def test_statistics_published_after_the_plan_have_one_name_in_each_language():
    """2: 「後の公式統計」 and 'later official data' → 「プラン策定後の公的統計」 / 'later official statistics'."""
    old = ("後の公式統計", "later official data", "Later official data")
    assert not [(p.name, o) for p in _sources() for o in old if o in p.read_text(encoding="utf-8")]
    entry = glossary.entries().set_index("term_id").loc["later_official_data"]
    assert (entry["term_ja"], entry["term_en"]) == ("プラン策定後の公的統計", "later official statistics")
    assert VERDICT_BY["later_data"] == (
        "本プロジェクト（プラン策定後の公的統計、SSDSE-A）",
        "This project, on later official statistics (SSDSE-A)",
    )
    for module in (period_staffing, period_fiscal, population):
        heads = [v for k, v in vars(module).items() if isinstance(v, Wording) and v.ja.startswith("## ")]
        assert any("（プラン策定後の公的統計）" in w.ja and "later official statistics" in w.en for w in heads), module


MINISTRY = "Ministry of Internal Affairs and Communications"


@pytest.mark.parametrize(
    ("prose", "spelled"),
    [
        ("Every year MIC publishes them.", f"Every year the {MINISTRY} (MIC) publishes them."),
        ("MIC also prints a reference value.", f"The {MINISTRY} (MIC) also prints a reference value."),
        ("those of MIC's main indicators", f"those of the {MINISTRY}' (MIC's) main indicators"),
        ("<dd>those of MIC&#39;s notes</dd>", f"<dd>those of the {MINISTRY}&#39; (MIC&#39;s) notes</dd>"),
        ("the index (MIC).", f"the index ({MINISTRY}, MIC)."),
        ("Ours. MIC's figures.", f"Ours. The {MINISTRY}' (MIC's) figures."),
        ("- MIC's notes", f"- The {MINISTRY}' (MIC's) notes"),
    ],
)
def test_an_english_page_spells_out_mic_at_its_first_use_only(prose, spelled):
    """3: the English pages never said what MIC stands for: the first use on a page now does, worded for its place."""
    abbreviations.start("en")
    assert abbreviations.first_only(prose) == spelled
    assert abbreviations.first_only("MIC's notes; MIC prints.") == "MIC's notes; MIC prints.", "once a page"
    abbreviations.start("en")
    assert abbreviations.first_only(prose) == spelled, "a new page spells it out again"


def test_a_page_that_names_the_ministry_first_or_in_a_heading_only_is_left_short():
    """The full name before the first MIC (a source line) is its spelling out; a heading is not prose."""
    abbreviations.start("en")
    assert (
        abbreviations.first_only(f"Source: {MINISTRY} (MIC). MIC's notes.") == f"Source: {MINISTRY} (MIC). MIC's notes."
    )
    assert abbreviations.first_only("MIC prints.") == "MIC prints."
    abbreviations.start("en")
    text = "## The Laspeyres index (MIC)\n\nMIC prints a reference value (MIC-style, AMIC)."
    assert abbreviations.first_only(text) == (
        f"## The Laspeyres index (MIC)\n\nThe {MINISTRY} (MIC) prints a reference value (MIC-style, AMIC)."
    )
    abbreviations.start("en")
    assert abbreviations.first_only('<a title="MIC" href="#x">x</a>') == '<a title="MIC" href="#x">x</a>'
    abbreviations.start("ja")
    assert abbreviations.first_only("MIC file city/H17.xls") == "MIC file city/H17.xls", "a Japanese page is left alone"
    abbreviations.stop()


def test_show_spells_out_mic_once_across_the_items_of_a_page(monkeypatch):
    """show() passes prose, a chart's caption and source and a table's caption and note through the page's state."""
    shown: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(getattr(obj, "data", str(obj))))
    abbreviations.start("en")
    view = TableView(pd.DataFrame({"a": ["MIC"]}), caption="Table. MIC's indicators", note="MIC prints them.")
    display.show(markdown("## Pay (MIC)"), view, markdown("MIC's figures."))
    assert f"Table. The {MINISTRY}' (MIC's) indicators" in html.unescape(shown[1]) and "MIC prints them." in shown[1]
    assert "<td>MIC</td>" in shown[1], "a cell is left short"
    assert shown[0] == "## Pay (MIC)" and shown[2] == "MIC's figures."
    abbreviations.stop()


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_the_quota_charts_alt_text_writes_its_dates_as_the_page_does(quota):
    """4: the alt text read '2012-04-01 911': now 「2012年4月1日に911人」 / '911 on 1 April 2012', with the target's date."""
    staff, target = quota
    ja, en = (staffing.quota_chart(staff, target, lang).alt for lang in ("ja", "en"))
    assert not ISO_DATE.search(ja) and not ISO_DATE.search(en), (ja, en)
    assert "2016年4月1日の目標は910人" in ja and "2012年4月1日に911人、" in ja and "2016年4月1日に932人。" in ja
    assert "the target for 1 April 2016 is 910 staff" in en
    assert "911 on 1 April 2012, 907 on 1 April 2013" in en and "and 932 on 1 April 2016." in en
    assert "（平成" not in ja, "an alt text is read apart from the page: no era beside a date"


def test_the_aged_share_alt_text_takes_each_date_from_the_data():
    """4: the 65+ chart's alt text wrote '2011-01-01' and put 1 January on every year whatever the data said."""
    share = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2011-01-01", "2015-10-01"]),
            "value": [20.73, 22.0],
            "bound": ["exact", "lower"],
        }
    )
    ja, en = (ageing._aged_share_alt(share, lang) for lang in ("ja", "en"))
    assert "2011年1月1日 20.73%、2015年10月1日 22%超（下限）" in ja
    assert "20.73% on 1 January 2011, over 22% on 1 October 2015 (lower bound)" in en
    assert not ISO_DATE.search(ja + en)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "ja",
            "作成日：2026（令和8）年12月6日（このページを作成した日。各図表の数値の時点は、それぞれの図表に記載しています）",
        ),
        (
            "en",
            "Created: 6 December 2026 (the day this page was built; each figure and table gives the years of its data)",
        ),
    ],
)
def test_the_page_header_calls_the_build_date_the_day_the_page_was_made(tmp_path, monkeypatch, lang, words):
    """6: 「公開日」/'Released' named the build date as if it were the day of publication: 「作成日」/'Created'."""
    import nbformat

    from kodaira_analysis.page import exporter
    from tests.page.test_page_sanitised import PROVENANCE, hostile_notebook, job

    monkeypatch.setattr(exporter, "now_jst", lambda: "2026-12-06T10:00:00+09:00")
    executed = tmp_path / "executed.ipynb"
    nbformat.write(hostile_notebook(), executed)
    page = exporter.render_html(executed, {**job(), "parameters": {"lang": lang}}, PROVENANCE)
    top = page[page.index('<header class="kodaira-header">') : page.index("</header>")]
    assert words in top
    assert "公開日" not in top and "Released" not in top


def test_the_tama_cities_have_one_name_in_each_language():
    """7: 「多摩地域26市」 (the peer page's title and group) beside 「多摩26市」 everywhere else: one name, 多摩26市.

    The plan names no such group (../shared/source has no 多摩), so the name the pages already used 81 times stays.
    """
    from kodaira_analysis.analysis.peers import describe_group

    group = describe_group("tama26", "13211")
    assert (group["ja"], group["en"]) == ("多摩26市", "the 26 Tama cities")
    sources = [*_sources(), ROOT / "reports.yml"]
    assert not [p.name for p in sources if "多摩地域" in p.read_text(encoding="utf-8")]
    assert "title: 多摩26市との比較" in (ROOT / "reports.yml").read_text(encoding="utf-8")


def test_ssdse_as_settled_totals_have_one_english_name_that_matches_the_japanese():
    """8: 歳入決算総額 was 'Total revenue (settled)', 'Total revenue', 'settled total revenue' and, per resident,
    'Revenue per resident' beside 'Settled revenue per resident': now 'total settled revenue' (and expenditure)."""
    import csv

    from kodaira_analysis.analysis import period
    from kodaira_analysis.topics import period_measures

    names = {"revenue": "Total settled revenue", "expenditure": "Total settled expenditure"}
    with (ROOT / "kodaira_analysis" / "ssdse" / "indicators.csv").open(encoding="utf-8") as f:
        labels = {row["indicator_code"]: row["indicator_en"] for row in csv.DictReader(f)}
    assert (labels["D3201"], labels["D3203"]) == (names["revenue"], names["expenditure"])
    for measure, name in names.items():
        assert period.FISCAL_CODES[measure][4] == period_measures.NAMES[measure][1] == name
        assert period.PER_RESIDENT[f"{measure}_per_resident"][2] == f"Settled {measure} per resident"
        entry = glossary.entries().set_index("term_id").loc[f"total_{measure}"]
        assert entry["term_en"] == name.lower() and entry["forms_en"].split("|")[0] == name.lower()
    with (ROOT / "kodaira_analysis" / "analysis" / "peer_measures.csv").open(encoding="utf-8") as f:
        peer = {row["measure"]: row for row in csv.DictReader(f)}
    assert peer["revenue_per_resident"]["label_en"] == "Settled revenue per resident"
    assert peer["revenue_per_resident"]["method_en"].startswith("total settled revenue ÷")
    assert not [p.name for p in _sources() if "revenue (settled)" in p.read_text(encoding="utf-8")]
