"""Where every figure comes from, said the same way everywhere: citations of the plan and of SSDSE-A."""

from __future__ import annotations

from kodaira_analysis.plan.tables import TABLES
from kodaira_analysis.present.i18n import PLAN_TITLE, pick, section_label


def cite(section: str, lang: str) -> str:
    """A citation of a section of the plan, in brackets."""
    return pick(lang, f"（{section_label(section, lang)}）", f" ({section_label(section, lang)})")


def source_note(table: str, lang: str) -> str:
    """Where a table's figures come from: the plan's section and the raw file."""
    spec = TABLES[table]
    return pick(
        lang,
        f"出典：{PLAN_TITLE['ja']} {spec.source_section}（data/raw/{spec.raw_file} → 表 {table}）",
        f"Source: {PLAN_TITLE['en']}, {section_label(spec.source_section, 'en')} "
        f"(data/raw/{spec.raw_file} → table {table})",
    )


SSDSE_SOURCE = {
    "ja": "出典：統計センター「教育用標準データセット（SSDSE-A）」（data/external/ssdse-a → 表 ssdse）",
    "en": "Source: National Statistics Center, SSDSE-A (data/external/ssdse-a → table ssdse)",
}


def ssdse_absent(lang: str) -> str:
    """One sentence for a report built without the SSDSE-A files."""
    return pick(
        lang,
        "このレポートは統計センターの市区町村データ（SSDSE-A）なしで作成したため、"
        "プランの数値にない2015年度以降の実績と他市との比較を含みません。",
        "This report was built without the Statistics Center's municipal data (SSDSE-A), so it leaves out "
        "the results from FY2015 on that the plan does not print, and the comparison with other cities.",
    )
