"""What the committee reads: the visible text of every rendered page, in both languages, against the plan.

The pages come from the session build (``built_reports``); the text is what a reader sees on screen:
no <style>, <script> or <head>, and not the folded provenance (<details>), which keeps file names
and checksums on purpose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kodaira_analysis.reports.config import load_jobs
from tests.conftest import SSDSE_PRESENT, built_job_names

pytestmark = pytest.mark.notebooks

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
#: Developer material a committee page must not show: commands, paths, file names, code names.
DEVELOPER = {
    "a make command": re.compile(r"\bmake [a-z][a-z-]*"),
    "a file path": re.compile(r"\bdata/(raw|external|processed|interim)\b|\.venv/|notebooks/"),
    "a file name": re.compile(r"\b[\w-]+\.(csv|parquet|ipynb|py)\b"),
    "a table or column name": re.compile(r"(→|->)\s*(表|table)\b|\b[a-z]+_[a-z_]+\b"),
    "code": re.compile(r"\bka\.\w+\(|import kodaira_analysis|kodaira_analysis\."),
}


class VisibleText(HTMLParser):
    """The text a reader sees: skips the head, styles, scripts, the folded <details>, and what is marked
    as another language than the page's (the link to the other language's version)."""

    SKIP = frozenset({"head", "style", "script", "details", "template"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.page_lang: str | None = None
        self.skipped: list[str] = []  # the open elements being skipped, innermost last

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.page_lang = lang
        elif tag in self.SKIP or (lang and lang != self.page_lang) or self.skipped:
            if tag not in self.VOID:
                self.skipped.append(tag)
        elif tag in {"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "figcaption"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipped and self.skipped[-1] == tag:
            self.skipped.pop()

    def handle_data(self, data):
        if not self.skipped:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


@pytest.fixture(scope="module")
def texts(built_reports) -> dict[str, str]:
    """Visible text of every committee page, by job name."""
    out, code, log = built_reports
    assert code == 0, log
    names = set(built_job_names())
    return {job.name: visible_text(out / f"{job.name}.html") for job in load_jobs() if job.name in names}


def committee(lang: str | None = None) -> list[str]:
    names = set(built_job_names())
    return [
        j.name
        for j in load_jobs()
        if j.name in names and j.audience == "committee" and (lang is None or j.lang == lang)
    ]


def test_committee_pages_show_no_developer_material(texts):
    for name in committee():
        for what, pattern in DEVELOPER.items():
            found = pattern.search(texts[name])
            assert found is None, f"{name} shows {what}: {found.group(0)!r}"


def test_upper_limits_printed_as_within_stay_within(texts):
    ja, en = texts["01-fiscal-trends-ja"], texts["01-fiscal-trends-en"]
    for amount in ("300億円", "90億円"):
        assert f"{amount}以内" in ja, f"the plan prints {amount}以内"
        assert f"{amount}以下" not in ja, f"{amount}以下: the plan prints 以内"
    assert "within ¥30" in en and "within ¥9" in en
    for name in committee("ja"):
        assert not re.search(r"(300|90)億円以下", texts[name]), name


def test_directions_the_plan_does_not_print_are_marked_as_our_reading(texts):
    ja, en = texts["01-fiscal-trends-ja"], texts["01-fiscal-trends-en"]
    for value in ("910人＊", "30億円＊", "20億円＊"):
        assert value in ja, f"{value}: the staff quota and fund targets carry the our-reading mark"
    assert re.search(r"＊[^＊\n]*(解釈|本プロジェクト)", ja), "the ＊ note says the direction is our reading"
    for value in (r"910 staff\*", r"¥3\.0+ billion\*", r"¥2\.0+ billion\*"):
        assert re.search(value, en), value
    assert re.search(r"^\s*\*[^\n]*(interpretation|our reading)", en, re.M), "the * note says it is our reading"
    staffing_ja, staffing_en = texts["02-staffing-levels-ja"], texts["02-staffing-levels-en"]
    assert "910人＊" in staffing_ja and "910 staff*" in staffing_en, "marked everywhere the target appears"
    # whose reading, and what it follows: the plan's own verdicts (定員: 達成できませんでした; the funds: 達成)
    for ja in (texts["01-fiscal-trends-ja"], staffing_ja):
        assert "目標を達成したか否かについてのプランの記述（第１章２（４））に沿った、本プロジェクトの解釈です" in ja
    for en in (texts["01-fiscal-trends-en"], staffing_en):
        assert re.search(
            r"interpretation, in line with the plan's account of (whether it was|which of them were) met", en
        )


def test_no_reason_or_register_the_plan_does_not_give(texts):
    for name, text in texts.items():
        assert "未確定" not in text and "not yet settled" not in text.lower(), f"{name} gives a reason for a blank"
        assert "住民基本台帳" not in text and "resident register" not in text.lower(), f"{name} names a register"


def test_fy2016_follow_up_is_under_way(texts):
    ja = re.search(r"[^。\n]*62項目中41項目[^。]*。", texts["04-reform-progress-ja"])
    en = re.search(r"[^.\n]*41 of 62[^.]*\.", texts["04-reform-progress-en"])
    assert ja and en, "the FY2016 follow-up (41 of 62 items) is reported"
    assert not ja.group(0).endswith("ました。"), f"under way when the plan was written, not done: {ja.group(0)}"
    assert "were followed up" not in en.group(0) and re.search(r"under ?way|being", en.group(0)), en.group(0)


def test_english_pages_have_no_japanese(texts):
    for name in committee("en"):
        found = JAPANESE.findall(texts[name])
        assert not found, f"{name} shows Japanese characters: {''.join(found[:20])}"


class Blocks(HTMLParser):
    """The page as a sequence of blocks: ('figure', caption), ('table', its text), ('note', a table's note),
    ('h2', a heading's text)..."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        kind = tag if tag in {"figure", "table", "h1", "h2", "h3"} else None
        if tag == "p" and "kodaira-note" in (dict(attrs).get("class") or ""):
            kind = "note"  # a table's note, read with the table
        if kind and self._open is None:
            self._open, self._text = tag, []
            self.blocks.append((kind, ""))
        elif tag in {"td", "th"}:
            self._text.append(" | ")

    def handle_endtag(self, tag):
        if tag == self._open:
            self.blocks[-1] = (self.blocks[-1][0], "".join(self._text))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)


def blocks(path: Path) -> list[tuple[str, str]]:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.blocks


def tables_after_each_figure(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each figure's caption -> the tables (and their notes) after it, before the next figure or heading."""
    found: dict[str, list[tuple[str, str]]] = {}
    caption = None
    for kind, content in blocks(path):
        if kind == "figure":
            caption = content.strip()
            found[caption] = []
        elif kind.startswith("h"):
            caption = None
        elif kind in {"table", "note"} and caption is not None:
            found[caption].append((kind, content))
    return found


#: Report 05's two overview figures are followed by one section per measure, each with its tables
#: (checked below), not by one table of their own.
FIGURES_TABLED_BY_SECTION = {"05-tama-peers"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_figure_is_followed_by_a_table_of_its_numbers(built_reports, lang):
    out, code, log = built_reports
    assert code == 0, log
    for name in committee(lang):
        page = out / f"{name}.html"
        if any(name.startswith(stem) for stem in FIGURES_TABLED_BY_SECTION):
            sequence = blocks(page)
            measures = [i for i, (kind, _) in enumerate(sequence) if kind == "h3"]
            assert len(measures) >= 2, f"{name}: a section per measure"
            for i in measures:
                assert sequence[i + 1][0] == "table", f"{name}: section {sequence[i][1]!r} starts with no table"
            continue
        for caption, following in tables_after_each_figure(page).items():
            assert any(kind == "table" for kind, _ in following), f"{name}: no table follows {caption[:60]!r}"


def test_tables_hold_the_numbers_the_figures_draw(built_reports):
    """The values that were drawn but printed nowhere as text (a committee read-through, 2026-11-27)."""
    out, code, log = built_reports
    assert code == 0, log
    after = {name: tables_after_each_figure(out / f"{name}.html") for name in committee()}

    def table_of(name: str, figure: str) -> str:
        (caption,) = [c for c in after[name] if c.startswith(figure)]
        return " ".join(content for _, content in after[name][caption])

    for lang, fig1, fig2, fig3 in (("ja", "図1", "図2", "図3"), ("en", "Figure 1", "Figure 2", "Figure 3")):
        cumulative = table_of(f"01-fiscal-trends-{lang}", fig1)
        assert all(v in cumulative for v in ("459", "797", "884")), "the cumulative panel's values"
        results = table_of(f"01-fiscal-trends-{lang}", fig2)
        for ja, en in (("23.6億円", "¥2.36 billion"), ("323.2億円", "¥32.32 billion"), ("911人", "911 staff")):
            assert (ja if lang == "ja" else en) in results, f"01 {fig2}: {ja} / {en}"
        if SSDSE_PRESENT:  # without SSDSE-A, FY2015 has no ratio and Figure 3 is not drawn
            assert "SSDSE-A" in results, "the FY2015 current balance ratio is SSDSE-A's, and the table says so"
            ratio = table_of(f"01-fiscal-trends-{lang}", fig3)
            assert "93.9%" in ratio and "85.2%" in ratio, "the plan's FY2014 and SSDSE-A's FY2022 ratio"
        share = table_of(f"03-aging-population-{lang}", fig1)
        assert "20.73%" in share and ("22%超（下限）" if lang == "ja" else "over 22% (lower bound)") in share
        fertility = table_of(f"03-aging-population-{lang}", fig2)
        assert "1.40" in fertility and "1.42" in fertility
        history = table_of(f"04-reform-progress-{lang}", fig2)
        assert ("平成19年3月" if lang == "ja" else "March 2007") in history, "the adoption the figure marks"
        if SSDSE_PRESENT:
            staff = table_of(f"02-staffing-levels-{lang}", fig3)
            assert ("多摩26市の最小" if lang == "ja" else "Tama lowest") in staff, "the range the figure shades"


def test_both_languages_give_the_staff_quota_s_whole_change(texts):
    """The Japanese summary said 21人増え; the English gave only both ends, and a reader had to subtract."""
    assert re.search(r"911人から[^。]*932人へ21人増え", texts["02-staffing-levels-ja"])
    assert re.search(r"rose by 21 staff, from 911 staff [^.]*to 932 staff", texts["02-staffing-levels-en"])


def test_the_authorised_establishment_has_one_english_name(texts):
    """定数 was 'authorised establishment', 'authorised number' and 'authorised staff number' in different places."""
    english = {name: text for name, text in texts.items() if name.endswith("-en")}
    assert any("authorised establishment" in text for text in english.values())
    for name, text in english.items():
        assert not re.search(r"authori[sz]ed (?:staff )?number", text), name
