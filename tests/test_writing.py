"""The summary and progress pages written as a careful civil-service writer would (issue 28, item 5).

Main points first, each number equal to the data (read back by an oracle that shares no code with the
package: the SSDSE-A CSV files and the MIC tables); one name for the plan period; a glossary entry for every
term a page uses; each year's era shown once on a page that opts in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.analysis import mic_long_run, period
from kodaira_analysis.present import era, glossary
from kodaira_analysis.topics import mic_summary, summary_points
from tests.conftest import require_shared_mic, require_shared_ssdse, ssdse_column

ROOT = Path(__file__).parents[1]
KODAIRA = "13211"


@pytest.fixture(scope="module")
def sources():
    require_shared_ssdse()
    require_shared_mic()
    assessment = ka.assess_targets("linear", use_ssdse=True)
    lr = mic_long_run.long_run(*mic_long_run.load_mic())
    return assessment, ka.load("progress_reports"), period.fiscal_series(ka.load("ssdse")), lr


def _numbers(sentence: str) -> list[float]:
    """Every number written in a sentence (commas and signs dropped; '２' of 第２次 is full-width and not read)."""
    sentence = era.ERA_AFTER_YEAR.sub(lambda m: m.group("year"), sentence)  # 2015（平成27）: the year only
    sentence = re.sub(r"\b[0-9]+(?:st|nd|rd|th)\b", "", sentence)  # the 2nd Reform Programme: a name, not a figure
    return [float(n.replace(",", "")) for n in re.findall(r"(?<![0-9.,A-Za-z])[0-9][0-9,]*(?:\.[0-9]+)?", sentence)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_main_points_numbers_equal_the_data(sources, lang):
    assessment, pages, table, lr = sources
    points = summary_points.main_points(assessment, pages, lang, table, lr)
    assert [p.whose for p in points] == ["plan", "ssdse", "mic", "city", "ours"]
    by = {p.whose: p for p in points}

    # The plan's verdicts: counted from the targets table, not from the assessment code.
    plan_says = {
        "staff_quota": "not_met",
        "current_balance_ratio": "met",  # 93.9% on the FY2014 settlement, though later data's FY2015 is judged
        "fiscal_adjustment_fund": "met",
        "public_facilities_fund": "met",
        "debt_general_account": "met",
    }  # fmt: skip  (the plan's own words, 第１章２（４）)
    assert by["plan"].figures["judged"] == len(plan_says)
    assert by["plan"].figures["met"] == sum(v == "met" for v in plan_says.values())
    assert by["plan"].figures["total"] == len(ka.load("targets"))

    # SSDSE-A's current balance ratio, read straight from the CSV files.
    cbr = ssdse_column("D2203")[KODAIRA]
    during = [cbr[y] for y in range(2017, 2021)]
    assert by["ssdse"].figures["low"] == pytest.approx(min(during))
    assert by["ssdse"].figures["high"] == pytest.approx(max(during))
    assert by["ssdse"].figures["latest_year"] == max(cbr)
    assert by["ssdse"].figures["latest"] == pytest.approx(cbr[max(cbr)])

    # MIC: Kodaira's fiscal capability index and the dash in the future burden ratio, from load("mic_indicators").
    mic = ka.load("mic_indicators")
    own = mic[(mic["municipality_code"] == KODAIRA) & mic["fiscal_year"].between(2017, 2020)]
    fci = own[own["indicator_code"] == "fiscal_capability_index"]["value"].astype(float)
    assert (by["mic"].figures["low"], by["mic"].figures["high"]) == (fci.min(), fci.max())
    burden = own[own["indicator_code"] == "future_burden_ratio"]
    assert by["mic"].figures["dashes"] == int((burden["dash_meaning"] == "no_net_future_burden").sum()) == 4
    # against the Tama median, recounted from the 26 cities' rows: equal is said as equal, never folded into 'at or above'
    tama = mic[mic["municipality_code"].isin(mic_long_run.tama_codes()) & mic["fiscal_year"].between(2017, 2020)]
    tama = tama[tama["indicator_code"] == "fiscal_capability_index"]
    medians = tama.groupby("fiscal_year")["value"].median()
    mine = own[own["indicator_code"] == "fiscal_capability_index"].set_index("fiscal_year")["value"].astype(float)
    gap = (mine - medians.loc[mine.index]).round(6)
    counts = {"above": int((gap > 0).sum()), "same": int((gap == 0).sum()), "below": int((gap < 0).sum())}
    assert {k: by["mic"].figures[k] for k in counts} == counts == {"above": 1, "same": 3, "below": 0}
    said = (
        "中央値と同じ年度が3年度、上回った年度が1年度"
        if lang == "ja"
        else "equal to the median of the 26 Tama cities in three of the four years and above it in one"
    )
    assert (
        said in by["mic"].sentence
        and "中央値以上" not in by["mic"].sentence
        and "at or above" not in by["mic"].sentence
    )

    # The city's page: 43 items, 39 on schedule, 4 behind (the figures issue 26 quotes from the page).
    assert {k: by["city"].figures[k] for k in ("total", "on_schedule", "behind")} == {
        "total": 43, "on_schedule": 39, "behind": 4}  # fmt: skip

    if lang == "en":  # counts under ten are written in words
        from kodaira_analysis.present.wording import number_en

        for whose, key in (("plan", "judged"), ("plan", "met"), ("city", "on_schedule"), ("city", "behind")):
            assert number_en(int(by[whose].figures[key])) in by[whose].sentence, (whose, key)

    # Ours: expenditure (D3203, thousand yen) against the year before and against FY2019, from the CSV files.
    spent = ssdse_column("D3203")[KODAIRA]
    assert by["ours"].figures["jump"] == round((spent[2020] / spent[2019] - 1) * 100, 1)
    for year in (y for y in spent if y > 2020):
        assert by["ours"].figures[str(year)] == round((spent[year] / spent[2019] - 1) * 100, 1)

    # Every number printed in a sentence is one of its figures, a year of the plan period, or the 26 Tama cities.
    allowed_everywhere = {2017.0, 2020.0, 26.0}
    for point in points:
        figures = {round(float(v), 2) for v in point.figures.values()} | {
            float(k) for k in point.figures if k.isdigit()
        }
        figures |= {round(abs(float(v)), 2) for v in point.figures.values()}
        for number in _numbers(point.sentence.replace("2019年度比", "").replace("against FY2019", "")):
            assert round(number, 2) in figures | allowed_everywhere, f"{number} in {point.sentence!r}"
        for value in point.figures.values():
            if float(value).is_integer():
                continue  # a count or year may be said in words ("every year"); checked the other way above
            assert any(abs(n - abs(float(value))) < 0.051 for n in _numbers(point.sentence)), (value, point.sentence)


#: Each owner the lead names, as a part of its name that a rename keeps ('later official data' or '... statistics').
OWNERS = {
    "ja": {"plan": "プラン", "ssdse": "後の公", "mic": "後の公", "city": "市のホームページ", "ours": "本プロジェクト"},
    "en": {
        "plan": "the plan",
        "ssdse": "later official",
        "mic": "later official",
        "city": "city's website",
        "ours": "our|project",
    },
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_main_point_opens_with_an_owner_the_lead_names(sources, lang):
    """A committee reader found the lead naming four owners (plan, later official data, city website, project) and
    bullet 3 opening 「総務省の主要財政指標によれば」: each point names, before its first comma, an owner of the lead."""
    assessment, pages, table, lr = sources
    points = summary_points.main_points(assessment, pages, lang, table, lr)
    section = str(summary_points.main_points_section(points, lang))
    lead = section.split("\n\n")[1]
    for point in points:
        owner = OWNERS[lang][point.whose]  # 'our|project': either form of this project's name
        opening = re.split("[、,]", point.sentence, maxsplit=1)[0]
        assert re.search(owner, lead) and re.search(owner, opening, re.IGNORECASE), (point.whose, opening)


def test_main_points_follow_the_data_not_a_template(sources):
    """Change one target's verdict and one city count: the sentences change with them."""
    assessment, pages, table, lr = sources
    changed = assessment.copy()
    changed.loc[changed["indicator"] == "staff_quota", "plan_verdict"] = "met"
    moved = pages.copy()
    third = (moved["report_id"] == "programme_3") & (moved["policy_no"] == 4)
    moved.loc[third & (moved["status"] == "behind"), "items"] = 3
    moved.loc[third & (moved["status"] == "on_schedule"), "items"] = 11
    for lang in ("ja", "en"):
        before = summary_points.main_points(assessment, pages, lang, table, lr)
        after = summary_points.main_points(changed, moved, lang, table, lr)
        assert after[0].figures["met"] == before[0].figures["met"] + 1 and after[0].sentence != before[0].sentence
        assert after[3].figures["behind"] == 3 and after[3].sentence != before[3].sentence


def test_main_points_without_ssdse_or_mic_print_no_number_from_them(sources):
    assessment, pages, _table, _lr = sources
    points = summary_points.main_points(assessment, pages, "ja")
    assert [p.whose for p in points] == ["plan", "city"]


def test_main_points_section_escapes_data():
    hostile = summary_points.Point("city", "<script>alert(1)</script> [x](javascript:alert(1))")
    section = str(summary_points.main_points_section([hostile], "en"))
    assert "<script>" not in section and "[x](" not in section, "markup and links in data are shown as text"


# --- one name for the plan period ------------------------------------------------------------------------

#: The other names found for the plan period; the pages we own use 「プランの期間（2017～2020年度）」 only.
#: (「中期的な施策の取組方針・実行プログラム」の計画期間 is another programme's period, and allowed.)
OTHER_NAMES = re.compile(r"(?<!」の)計画期間（2017|第[３3]次プランの期間|3rd plan(?:'s)? period|period of the plan\b")


def other_names(text: str) -> list[str]:
    """The other names of the plan period found in ``text``."""
    return OTHER_NAMES.findall(text)


OWNED = [
    *sorted((ROOT / "kodaira_analysis" / "topics").glob("summary*.py")),
    ROOT / "kodaira_analysis" / "topics" / "mic_summary.py",
    *sorted((ROOT / "kodaira_analysis" / "topics").glob("progress*.py")),
    *sorted((ROOT / "kodaira_analysis" / "topics").glob("period_*.py")),
    *sorted((ROOT / "kodaira_analysis" / "topics").glob("mic_*.py")),
    ROOT / "kodaira_analysis" / "topics" / "population.py",
    *sorted((ROOT / "notebooks").glob("0[0-5]-*.py")),
]


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_owned_pages_name_the_plan_period_one_way(path):
    source = path.read_text(encoding="utf-8")
    assert not other_names(source)
    assert "プランの期間（2016" not in source, "the plan period is FY2017-FY2020; FY2016 is the year before it"


def test_other_names_are_found():
    assert other_names("第３次プランの期間（網掛け）と計画期間（2017～2020年度）、the 3rd plan period") == [
        "第３次プランの期間", "計画期間（2017", "3rd plan period"]  # fmt: skip
    assert not other_names("「実行プログラム」の計画期間（2017～2020年度）")


def test_plan_period_name_is_built_from_the_period():
    from kodaira_analysis.analysis.period import PLAN_PERIOD

    first, last = PLAN_PERIOD
    assert summary_points.PLAN_PERIOD_NAME == (
        f"プランの期間（{first}～{last}年度）",
        f"the plan period (FY{first}-FY{last})",
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_main_points_use_the_one_plan_period_name(sources, lang):
    assessment, pages, table, lr = sources
    text = " ".join(p.sentence for p in summary_points.main_points(assessment, pages, lang, table, lr))
    assert summary_points.PLAN_PERIOD_NAME[0 if lang == "ja" else 1] in text
    assert not other_names(text)


# --- a glossary entry for every term a page uses ---------------------------------------------------------

MIC_TERMS = ["fiscal_capability_index", "real_debt_service_ratio", "future_burden_ratio", "laspeyres_index",
             "early_warning_threshold"]  # fmt: skip


def test_glossary_defines_the_mic_indicators_in_our_words():
    table = glossary.entries().set_index("term_id")
    assert set(MIC_TERMS) <= set(table.index)
    assert table.loc["current_balance_ratio", "whose"] == "plan", "a term the plan defines keeps the plan's definition"
    ours = table.loc[MIC_TERMS]
    assert (ours["whose"] == "ours").all() and (ours["source_ja"].str.contains("本プロジェクトが要約")).all()
    assert "25%" in ours.at["real_debt_service_ratio", "definition_ja"]
    assert "350%" in ours.at["future_burden_ratio", "definition_en"]
    assert "4月1日現在" in ours.at["laspeyres_index", "definition_ja"]


def test_our_definitions_are_not_mics_prose():
    """Written in our own words: no run of 20 characters is copied from MIC's notes."""
    import shutil
    import subprocess

    notes = require_shared_mic() / "notes-definitions.pdf"
    if shutil.which("pdftotext") is None or not notes.is_file():
        pytest.skip("pdftotext or MIC's notes not available")
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(notes), "-"], capture_output=True, text=True,
                                              check=True).stdout)  # fmt: skip
    for definition in glossary.entries().query("whose == 'ours'")["definition_ja"]:
        plain = re.sub(r"\s+", "", definition)
        runs = [plain[i : i + 20] for i in range(len(plain) - 19)]
        assert not [run for run in runs if run in text], definition[:30]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_term_used_in_the_summary_is_defined_on_it(sources, lang):
    """Run the summary's own sentences through the linker: each term found is linked once and in the glossary."""
    assessment, pages, table, lr = sources
    glossary.link_terms(lang)
    text = str(summary_points.main_points_section(summary_points.main_points(assessment, pages, lang, table, lr), lang))
    text += "\n" + str(mic_summary.period_sentences(lr, lang))
    linked = glossary.link_first_uses(text)
    section = str(glossary.glossary_section(lang))
    entries = glossary.entries()
    for _, row in entries.iterrows():
        forms = [row["term_ja"]] if lang == "ja" else [row["term_en"], *row["forms_en"].split("|")]
        used = any((f in text) if lang == "ja" else (f.lower() in text.lower()) for f in forms)
        assert used == (f'id="term-{row["term_id"]}"' in section), row["term_id"]
        assert linked.count(f"](#term-{row['term_id']})") == int(used)
    for term in ("real_debt_service_ratio", "fiscal_capability_index", "future_burden_ratio", "laspeyres_index"):
        assert f'id="term-{term}"' in section
    glossary.link_terms(lang)


def test_pages_that_link_terms_show_their_glossary():
    """Every notebook that links first uses ends with the glossary those links lead to."""
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "link_terms(lang)" in source:
            assert "glossary_section(lang)" in source, path.name
    assert "link_terms(lang)" in (ROOT / "notebooks" / "00-summary.py").read_text(encoding="utf-8")


# --- each year's era once --------------------------------------------------------------------------------


def test_era_is_kept_the_first_time_each_year_is_named():
    era.once("ja")
    try:
        assert (
            era.first_only("2015（平成27）年度目標。2016（平成28）年4月1日")
            == "2015（平成27）年度目標。2016（平成28）年4月1日"
        )
        assert era.first_only("2015（平成27）年度決算と2019（令和元）年度") == "2015年度決算と2019（令和元）年度"
        assert era.first_only("見出しは「平成29年9月末」") == "見出しは「平成29年9月末」", (
            "a date quoted as printed stays"
        )
        assert era.first_only("2017～2020（平成29～令和2）年度") == "2017～2020（平成29～令和2）年度"
        from kodaira_analysis.present.figure import TableView

        view = era.table(
            TableView(pd.DataFrame({"2016（平成28）年度": ["2015（平成27）年度末"]}), caption="2021（令和3）年度")
        )
        assert view.caption == "2021（令和3）年度" and list(view.frame.columns) == ["2016年度"]
        assert view.frame.iloc[0, 0] == "2015年度末"
        fresh = era.table(TableView(pd.DataFrame({"2017年度": ["2018（平成30）年度"], "2030（令和12）年度": ["x"]})))
        assert list(fresh.frame.columns) == ["2017年度", "2030年度"] and fresh.frame.iloc[0, 0] == "2018年度", (
            "a table's heads and cells are in Western years only, even for a year the page has not named yet"
        )
    finally:
        era.stop()
    assert era.first_only("2015（平成27）年度") == "2015（平成27）年度", "off unless a page opts in"
    era.once("en")
    assert era.first_only("2015（平成27）年度") == "2015（平成27）年度"
    era.stop()


# --- chart titles that say what the chart shows ----------------------------------------------------------


def test_progress_title_is_a_message_from_the_data():
    from kodaira_analysis.topics import progress

    pp = ka.load("program_progress")
    counts = pp.groupby("status")["items"].sum()
    for lang in ("ja", "en"):
        title = progress.progress_title(pp, lang)
        assert str(int(counts.sum())) in title and str(int(counts["on_schedule"])) in title
        assert str(int(counts["behind"])) in title
    behind = pp[pp["status"] == "behind"].groupby("policy")["items"].sum()
    assert f"「{behind.idxmax()}」の{behind.max()}項目" in progress.progress_title(pp, "ja")
    moved = pp.copy()
    moved.loc[(moved["policy_no"] == 4) & (moved["status"] == "behind"), "items"] -= 2
    moved.loc[(moved["policy_no"] == 4) & (moved["status"] == "on_schedule"), "items"] += 2
    assert "「ＰＤＣＡサイクルの構築」の3項目" in progress.progress_title(moved, "ja")
    assert "平成" not in progress.progress_title(pp, "ja"), "the page gave the year's era already"


def test_glance_title_is_a_message_from_the_data(sources):
    _assessment, _pages, _table, lr = sources
    from kodaira_analysis.analysis.mic_long_run import readings

    during = lr[lr["fiscal_year"].between(2016, 2021)]
    high = during[during["indicator"] == "real_debt_service_ratio"]["value"].max()
    for lang in ("ja", "en"):
        title = mic_summary.glance_title(lr, lang)
        assert f"{high:.1f}%" in title and f"{readings().loc['real_debt_service_ratio', 'early_warning']:g}%" in title
    assert "下回り" in mic_summary.glance_title(lr, "ja")
    raised = lr.copy()
    raised.loc[(raised["indicator"] == "real_debt_service_ratio") & (raised["fiscal_year"] == 2019), "value"] = 26.0
    assert "26.0%" in mic_summary.glance_title(raised, "ja") and "上回る年度があり" in mic_summary.glance_title(
        raised, "ja"
    )
    assert mic_summary.glance_chart(lr, "en").caption == mic_summary.glance_title(lr, "en")


# --- half-width digits in Japanese text ------------------------------------------------------------------

#: Full-width digits kept as the plan prints them: the plans' names (第２次, 第１～３次) and its sections (第１章２（４）).
PRINTED_NAMES = re.compile(r"第[０-９]+(?:～[０-９]+)?[次章](?:[０-９]+(?:（[０-９]+）)*)?|（[０-９]+）")


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_digits_are_half_width_in_our_japanese_text(path):
    text = PRINTED_NAMES.sub("", path.read_text(encoding="utf-8"))
    assert not re.findall(r".{0,8}[０-９].{0,4}", text)


def test_printed_names_keep_their_full_width_digits():
    assert (
        PRINTED_NAMES.sub("", "第２次改革推進プログラム、第１章２（４）、第１～３次、６つの目標")
        == "改革推進プログラム、、、６つの目標"
    )
