"""Where every figure comes from, said the same way everywhere: citations of the plan and of SSDSE-A."""

from __future__ import annotations

import re
import unicodedata

from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.present.i18n import PLAN_TITLE, check_lang, pick
from kodaira_analysis.present.markdown import MarkdownText, markdown

#: The plan's opening section, before chapter 1 (NFKC form): its place among the city's plans and its period.
INTRODUCTION = "第3次行財政再構築プランの位置付け・対象期間"


def section_label(section: str, lang: str) -> str:
    """A citation of the plan's section: 第１章２（３） / Chapter 1, section 2(3).

    >>> section_label("第３次行財政再構築プランの位置付け・対象期間（２）", "en")
    "Introduction: the plan's place and period, part (2)"

    >>> section_label("第１章２（３）財政効果", "en")
    'Chapter 1, section 2(3)'
    >>> section_label("第１章２（４）注1", "en")
    'Chapter 1, section 2(4), note 1'
    >>> section_label("第１章４～６、第２章", "en")
    'Chapter 1, sections 4-6; Chapter 2'
    """
    if check_lang(lang) == "ja":
        return section
    parts = []
    for part in re.split(r"[、,]", unicodedata.normalize("NFKC", section)):
        if part.strip().startswith(INTRODUCTION):  # the section before chapter 1: the plan's place and period
            rest = part.strip().removeprefix(INTRODUCTION)
            parts.append("Introduction: the plan's place and period" + (f", part {rest}" if rest else ""))
            continue
        match = re.match(r"^第(\d+)章(.*?)(?:注(\d+))?$", part.strip())
        if not match:
            parts.append(part.strip())
            continue
        chapter, rest, note = match.groups()
        # keep the numbering (2(3), 4-6); the section's Japanese title is dropped in English
        rest = re.sub(r"[^\d()\-~～].*", "", rest.strip(), flags=re.DOTALL).replace("～", "-").replace("~", "-")
        words = f"Chapter {chapter}"
        if rest:
            words += f", {'sections' if '-' in rest else 'section'} {rest}"
        if note:
            words += f", note {note}"
        parts.append(words)
    return "; ".join(parts)


#: Where the plan says which of the 2nd plan's targets were met (定員: 達成できませんでした; the funds: 達成): the
#: verdicts that imply the direction of the targets it prints without 以下 or 以上.
PLAN_VERDICTS = "第１章２（４）"


def cite(section: str, lang: str) -> str:
    """A citation of a section of the plan, in brackets."""
    return pick(lang, f"（{section_label(section, lang)}）", f" ({section_label(section, lang)})")


def source_note(table: str, lang: str) -> str:
    """Where a table's figures come from: the plan and its section (the files are in the provenance)."""
    spec = TABLES[table]
    return pick(
        lang,
        f"出典：{PLAN_TITLE['ja']} {spec.source_section}",
        f"Source: {PLAN_TITLE['en']}, {section_label(spec.source_section, 'en')}",
    )


SSDSE_SOURCE = {
    "ja": "出典：独立行政法人統計センター「教育用標準データセット（SSDSE-A）」",
    "en": "Source: National Statistics Center, Standardized Statistical Data Set for Education (SSDSE-A)",
}


def with_ssdse(source: str, lang: str) -> str:
    """A source line that also names SSDSE-A, for a figure or table mixing the plan's figures with later ones."""
    return source + pick(lang, "；", "; ") + SSDSE_SOURCE[lang].split(pick(lang, "：", ": "), 1)[1]


def ssdse_absent(lang: str) -> MarkdownText:
    """The one sentence every page says when it was built without the SSDSE-A files."""
    return markdown(
        pick(
            lang,
            "このレポートは、独立行政法人統計センターの市区町村データ（SSDSE-A）なしで作成されたため、"
            "プランの期間以降の推移を含みません。",
            "This report was built without the National Statistics Center's municipal data (SSDSE-A), so it leaves out "
            "the years after the plan.",
        )
    )
