"""The built pages as a committee member reads them: every glossary link has its definition on the page, every
term the page uses is defined on it, one name for the plan period, and each year's era once where a page opts in."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from kodaira_analysis.present import era, glossary
from tests.conftest import built_job_names
from tests.test_writing import other_names

pytestmark = pytest.mark.notebooks


#: Every report with a Japanese page: each shows a year's era once (its notebook calls era.once).
JAPANESE_REPORTS = (
    "00-summary",
    "01-fiscal-trends",
    "02-staffing-levels",
    "03-aging-population",
    "04-reform-progress",
    "05-tama-peers",
)


def _prose(page: Path) -> str:
    """The page's text outside headings, tables, figures, the glossary and the provenance block."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style|table|figure|h[1-6])\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<section class="kodaira-glossary".*?</section>', " ", html, flags=re.S)
    html = html.split('<details class="kodaira-provenance"')[0]
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _pages() -> list[str]:
    return [name for name in built_job_names() if name.endswith(("-ja", "-en")) and name[:2].isdigit()]


@pytest.mark.parametrize("name", _pages())
def test_every_glossary_link_has_its_definition_on_the_page(built_reports, name):
    out, _, _ = built_reports
    html = (out / f"{name}.html").read_text(encoding="utf-8")
    for term in set(re.findall(r'href="#term-([a-z_]+)"', html)):
        assert f'id="term-{term}"' in html, f"{name}: #term-{term} leads nowhere"


@pytest.mark.parametrize("name", _pages())
def test_every_term_a_page_uses_is_defined_on_it(built_reports, name):
    out, _, _ = built_reports
    page = out / f"{name}.html"
    html, lang = page.read_text(encoding="utf-8"), name.rsplit("-", 1)[1]
    for term in _terms_used(_prose(page), lang, whole_words=False):
        assert f'id="term-{term}"' in html, f"{name} uses {term} without defining it"


def _terms_used(text: str, lang: str, *, whole_words: bool) -> list[str]:
    """The glossary's terms ``text`` uses (English forms case-blind; as whole words if ``whole_words``)."""
    used = []
    for _, row in glossary.entries().iterrows():
        if lang == "ja":
            found = row["term_ja"] in text
        else:
            forms = [row["term_en"], *row["forms_en"].split("|")]
            found = any(
                re.search(rf"\b{re.escape(f)}\b", text, re.I) if whole_words else f.lower() in text.lower()
                for f in forms
            )
        if found:
            used.append(row["term_id"])
    return used


def _tables(page: Path) -> str:
    """The text of the page's tables (their captions, heads, cells and notes sit inside <table> or beside it)."""
    html = page.read_text(encoding="utf-8").split('<details class="kodaira-provenance"')[0]
    return unescape(re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<table\b.*?</table>", html, flags=re.S))))


@pytest.mark.parametrize("name", _pages())
def test_every_term_a_pages_tables_use_is_defined_on_it(built_reports, name):
    """00 named 民生費 only in its tables and had no entry for it: a table's terms are defined too."""
    out, _, _ = built_reports
    page = out / f"{name}.html"
    html, lang = page.read_text(encoding="utf-8"), name.rsplit("-", 1)[1]
    for term in _terms_used(_tables(page), lang, whole_words=True):
        assert f'id="term-{term}"' in html, f"{name}'s tables use {term} without defining it"


@pytest.mark.parametrize("name", _pages())
def test_one_name_for_the_plan_period(built_reports, name):
    out, _, _ = built_reports
    prose = _prose(out / f"{name}.html")
    assert not other_names(prose), name


@pytest.mark.parametrize("name", [f"{n}-ja" for n in JAPANESE_REPORTS if f"{n}-ja" in _pages()])  # those built here
def test_each_years_era_is_shown_once(built_reports, name):
    out, _, _ = built_reports
    html = (out / f"{name}.html").read_text(encoding="utf-8").split('<details class="kodaira-provenance"')[0]
    text = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)))
    counts = Counter(m.group("year") for m in era.ERA_AFTER_YEAR.finditer(text))
    assert counts and max(counts.values()) == 1, counts.most_common(3)


@pytest.mark.parametrize("name", _pages())
def test_every_page_opens_with_its_period_release_date_author_and_contact(built_reports, name):
    out, _, _ = built_reports
    html = (out / f"{name}.html").read_text(encoding="utf-8")
    header = unescape(
        re.sub(r"<[^>]+>", "", html.split('<header class="kodaira-header">', 1)[1].split("</header>", 1)[0])
    )
    if name.endswith("-ja"):
        expected = (
            "プランの期間：2017～2020年度（プランの表記では平成29年度～32年度",
            "作成日：",
            "作成：kodaira-analysis プロジェクト",
            "連絡先：",
        )
    else:
        expected = ("The plan's period: FY2017 to FY2020", "Created: ", "By the kodaira-analysis project", "Contact: ")
    for words in expected:
        assert words in header, f"{name}: no {words!r} at the top"
    assert "@" not in header, f"{name}: an e-mail address at the top, which the project has not published"
