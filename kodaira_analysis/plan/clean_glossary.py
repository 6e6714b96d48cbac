"""Cleaner of the plan's glossary: the terms its footnotes and notes define, with our English.

The Japanese is as printed (data/raw/glossary.csv); the English is the project's
translation (glossary_en.csv beside this module), joined on the printed term: a
term without a translation, or a translation without a term, stops the build.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kodaira_analysis.errors import RawDataError
from kodaira_analysis.japanese import normalize_text, printed_text
from kodaira_analysis.plan.cells import RawContext
from kodaira_analysis.plan.read import ROW

TRANSLATIONS_FILE = Path(__file__).with_name("glossary_en.csv")
NOTE_KINDS = {"脚注": "footnote", "※注記": "note"}


def clean_glossary(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """One row per defined term: Japanese as printed, our English beside it."""
    ctx = RawContext(raw, file)
    english = pd.read_csv(TRANSLATIONS_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    by_term = {normalize_text(r["label_ja"]): r for _, r in english.iterrows()}
    records, seen = [], set()
    for row, values in ctx.rows():
        term = normalize_text(values["用語"])
        if term not in by_term:
            ctx.fail(
                row, "用語", values["用語"], "no English translation", f"a term listed in {TRANSLATIONS_FILE.name}"
            )
        kind = normalize_text(values["注の種類"])
        if kind not in NOTE_KINDS:
            ctx.fail(row, "注の種類", values["注の種類"], "unknown kind of note", "脚注 or ※注記")
        if not normalize_text(values["定義"]):
            ctx.fail(row, "定義", values["定義"], "the definition is blank", "the definition as printed")
        translation = by_term[term]
        seen.add(term)
        records.append(
            {
                "term_id": translation["term_id"],
                "term_ja": values["用語"].strip(),
                "definition_ja": printed_text(values["定義"]),  # shown as printed: widths kept
                "term_en": translation["term_en"],
                "definition_en": translation["definition_en"],
                "note_kind": NOTE_KINDS[kind],
                "section": values["出典"].strip(),
                ROW: row,
            }
        )
    unused = sorted(set(by_term) - seen)
    if unused:
        raise RawDataError(TRANSLATIONS_FILE.name, "translations of terms the glossary does not list", value=unused)
    return pd.DataFrame(records)
