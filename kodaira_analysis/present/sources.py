"""Where every figure comes from, said the same way everywhere: citations of the plan and of SSDSE-A."""

from __future__ import annotations

from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.present.i18n import PLAN_TITLE, pick, section_label


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


def ssdse_absent(lang: str) -> str:
    """The one sentence every page says when it was built without the SSDSE-A files."""
    return pick(
        lang,
        "このレポートは、統計センターの市区町村データ（SSDSE-A）なしで作成されたため、プランの期間以降の推移を含みません。",
        "This report was built without the Statistics Center's municipal data (SSDSE-A), so it leaves out the years after the plan.",
    )
