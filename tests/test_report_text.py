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
from tests.conftest import built_job_names

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
