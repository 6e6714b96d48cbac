"""Definitions where a reader needs them: the first use of a term links to the report's glossary.

A notebook turns linking on with :func:`link_terms`; from then on :func:`kodaira_analysis.present.display.show`
passes every sentence through :func:`link_first_uses`, which links the first use of each defined term
(headings are not linked, but their terms are listed), and records the terms a table or a chart's caption uses (:func:`note_uses`, not linked:
a table's cells are text); :func:`glossary_section` lists every term the report used, in prose or in a table (00
names 民生費 only in its tables), each with its
definition and whose it is: the plan's (Japanese as printed; our English translation, ``load("glossary")``)
or ours, summarised from MIC's notes, the plan or SSDSE-A (``analysis/glossary_ours.csv``: the MIC indicators
the plan does not define, 早期健全化基準, and the terms of the tables). A term the plan defines keeps the plan's
definition. The list is in 五十音 order of each term's reading (``analysis/glossary_readings.csv``) in Japanese,
alphabetical in English, and says so.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import section_label

_state: dict[str, object] = {"lang": None, "used": [], "listed": []}
#: Our definitions of the terms the plan does not define (written from MIC's notes on its indicators).
OURS_FILE = Path(__file__).parents[1] / "analysis" / "glossary_ours.csv"
#: Each term's reading in hiragana, for the Japanese glossary's 五十音 order (every term has one; a test checks).
READINGS_FILE = Path(__file__).parents[1] / "analysis" / "glossary_readings.csv"


def _dakuten_free(reading: str) -> str:
    """A reading with voiced marks and small kana folded (が -> か, っ -> つ, ー dropped), as 五十音 order reads it."""
    plain = unicodedata.normalize("NFD", reading).replace("\u3099", "").replace("\u309a", "")
    small = str.maketrans("ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ")
    return plain.translate(small).replace("ー", "")


def order_key(row: pd.Series, lang: str) -> tuple[str, str]:
    """A term's place in the glossary: 五十音 order of its reading (ja), alphabetical order of its name (en)."""
    if lang == "ja":
        return _dakuten_free(str(row["reading_ja"])), str(row["reading_ja"])
    return str(row["term_en"]).casefold(), str(row["term_en"])


#: The Tama cities' group as the ranks and medians use it (analysis/peer_groups.csv), named as the pages name it.
TAMA_GROUP = "tama26"


def tama_cities_entry() -> dict[str, str]:
    """The glossary's 多摩26市: which cities, listed from the group the ranks and medians are computed over."""
    from kodaira_analysis.analysis.peer_data import peer_groups

    group = peer_groups().query("group == @TAMA_GROUP").sort_values("municipality_code")
    if len(group) != 26 or "13211" not in set(group["municipality_code"]):
        raise ValueError(f"peer_groups.csv: group {TAMA_GROUP} holds {len(group)} cities, not 26 with Kodaira")
    names_en = list(group["municipality_en"])
    return {
        "term_id": "tama_cities",
        "term_ja": "多摩26市",
        "forms_en": "26 Tama cities|Tama cities",
        "term_en": "26 Tama cities",
        "definition_ja": "東京都の特別区（23区）以外の26市（市区町村コード順）：" + "、".join(group["municipality"]) + "。"
        "このレポートの順位・中央値・範囲は、小平市を含むこの26市について本プロジェクトが求めたもの。",
        "definition_en": "The 26 cities of Tokyo outside the 23 special wards, in the order of their municipality codes: "
        + ", ".join(names_en[:-1])
        + " and "
        + names_en[-1]
        + ". The ranks, medians and ranges in this report are "
        "this project's, over these 26 cities, Kodaira among them.",
        "source_ja": "本プロジェクトによる説明",
        "source_en": "our description",
    }


def entries() -> pd.DataFrame:
    """Every defined term, the plan's first: term_id, term_ja, term_en, forms_en, definitions, whose (plan/ours)."""
    cached = _state.get("entries")
    if isinstance(cached, pd.DataFrame):
        return cached
    plan = load("glossary").assign(whose="plan", forms_en=lambda g: g["term_en"], source_ja="", source_en="")
    ours = pd.read_csv(OURS_FILE, dtype=str, keep_default_na=False, encoding="utf-8").assign(
        whose="ours", section="", note_kind=""
    )
    ours = pd.concat([ours, pd.DataFrame([tama_cities_entry()])], ignore_index=True)
    ours = ours[~ours["term_id"].isin(plan["term_id"]) & ~ours["term_ja"].isin(plan["term_ja"])]
    table = pd.concat([plan, ours], ignore_index=True)[
        ["term_id", "term_ja", "term_en", "forms_en", "definition_ja", "definition_en", "whose", "section",
         "note_kind", "source_ja", "source_en"]
    ]  # fmt: skip
    if table["term_id"].duplicated().any() or (table[["term_ja", "definition_ja", "definition_en"]] == "").any().any():
        raise ValueError(f"{OURS_FILE.name}: a term twice or a definition blank")
    readings = pd.read_csv(READINGS_FILE, dtype=str, keep_default_na=False, encoding="utf-8").set_index("term_id")
    table["reading_ja"] = table["term_id"].map(readings["reading_ja"])
    if table["reading_ja"].isna().any() or (table["reading_ja"] == "").any():
        missing = ", ".join(table.loc[table["reading_ja"].isna() | (table["reading_ja"] == ""), "term_id"])
        raise ValueError(f"{READINGS_FILE.name}: no reading for {missing}")
    _state["entries"] = table
    return table


def link_terms(lang: str) -> None:
    """Start linking first uses of the plan's terms in this report (``lang``: the report's language)."""
    _state["lang"] = lang
    _state["used"] = []  # linked at their first use in prose
    _state["listed"] = []  # every term the page uses, prose or tables, in the order it first appears


def _terms(lang: str) -> list[tuple[str, str]]:
    """(term as it appears in text, term id), longest first so that no term shadows a longer one."""
    cached = _state.get(f"terms_{lang}")
    if cached is not None:
        return cached  # type: ignore[return-value]
    pairs = []
    for _, row in entries().iterrows():
        if lang == "ja":
            forms = {row["term_ja"], unicodedata.normalize("NFKC", row["term_ja"])}
        else:
            forms = {row["term_en"], *str(row["forms_en"]).split("|")}
        pairs += [(form, row["term_id"]) for form in forms]
    _state[f"terms_{lang}"] = sorted(pairs, key=lambda p: -len(p[0]))
    return _state[f"terms_{lang}"]  # type: ignore[return-value]


def link_first_uses(markdown: str) -> str:
    """Link the first use, in this report, of each term the plan defines (no-op unless linking is on)."""
    lang = _state["lang"]
    if lang is None:
        return markdown
    used: list = _state["used"]  # type: ignore[assignment]
    lines = markdown.split("\n")
    for form, term_id in _terms(str(lang)):
        if term_id in used:
            continue
        flags = 0 if lang == "ja" else re.IGNORECASE
        pattern = re.compile(re.escape(form) if lang == "ja" else rf"\b{re.escape(form)}\b", flags)
        for number, line in enumerate(lines):
            if line.lstrip().startswith("#"):  # a heading is never linked, but its terms are listed
                if pattern.search(line):
                    _list(term_id)
                continue
            if "](#term-" in line and form in line.split("](#term-")[0][-len(form) - 1 :]:
                continue
            match = pattern.search(line)
            if match:
                lines[number] = f"{line[: match.start()]}[{match.group(0)}](#term-{term_id}){line[match.end() :]}"
                used.append(term_id)
                _list(term_id)
                break
    return "\n".join(lines)


def _list(term_id: str) -> None:
    listed: list = _state["listed"]  # type: ignore[assignment]
    if term_id not in listed:
        listed.append(term_id)


def note_uses(text: str) -> None:
    """Record the defined terms ``text`` uses (a table's caption, heads, cells and note), for the glossary.

    Not linked: a table's cells are text. A term a table uses first is still linked at its first use in prose.
    A no-op unless linking is on.
    """
    lang = _state["lang"]
    if lang is None:
        return
    for form, term_id in _terms(str(lang)):
        found = form in text if lang == "ja" else re.search(rf"\b{re.escape(form)}\b", text, re.IGNORECASE)
        if found:
            _list(term_id)


def _plan_source(row: pd.Series, lang: str) -> str:
    """Where the plan defines a term, once: 「（プラン第１章４（１）の脚注3）」, not 「…注3の脚注」.

    >>> _plan_source(pd.Series({"section": "第１章４（１）注3", "note_kind": "footnote"}), "ja")
    '（プラン第１章４（１）の脚注3）'
    >>> _plan_source(pd.Series({"section": "第１章４（１）注3", "note_kind": "footnote"}), "en")
    " (the plan's footnote 3, Chapter 1, section 4(1))"
    >>> _plan_source(pd.Series({"section": "第１章２（４）※", "note_kind": "note"}), "ja")
    '（プラン第１章２（４）の注記）'
    """
    section = row["section"].replace("※", "")
    number = re.search(r"注(\d+)$", unicodedata.normalize("NFKC", section))
    if number:
        section = section[: -len(number.group(0))]
    footnote = row["note_kind"] == "footnote"
    kind = pick(lang, "脚注" if footnote else "注記", "footnote" if footnote else "note")
    kind += (pick(lang, "", " ") + number.group(1)) if number else ""
    return pick(
        lang,
        f"（プラン{section_label(section, lang)}の{kind}）",
        f" (the plan's {kind}, {section_label(section, lang)})",
    )


#: How a definition of ours summarised from MIC's notes names its source (``source_en`` of glossary_ours.csv).
_FROM_MIC = "MIC's notes"


def glossary_intro(listed: pd.DataFrame, lang: str) -> str:
    """The sentence above a glossary, saying only what its entries (``listed``, rows of :func:`entries`) hold.

    04's glossary (the plan's and our terms of the reform programmes) once began by saying that its definitions of
    MIC's indicators and of the threshold set in law came from MIC's notes: it defines neither.
    """
    whose = set(listed["whose"])
    from_mic = listed["source_en"].str.contains(_FROM_MIC, regex=False).any()
    parts = [
        pick(
            lang,
            "このページで使った用語の定義を五十音順に示します。",
            "The terms this page uses, in alphabetical order.",
        )
    ]
    if "plan" in whose:
        parts.append(
            pick(
                lang,
                "プランが脚注・注記で定義している用語は、プランの記載のとおりです。",
                "Where the plan defines a term in a footnote or note, the definition is our translation of the plan's.",
            )
        )
    if "ours" in whose:
        ours = pick(lang, "そのほかの用語は本プロジェクトの説明です", "The other definitions are ours")
        if "plan" not in whose:
            ours = pick(lang, "定義は本プロジェクトの説明です", "The definitions are ours")
        if from_mic:
            ours += pick(
                lang,
                "（一部は総務省「指標の説明」をもとに要約したもの）",
                " (some summarised from MIC's notes on its indicators)",
            )
        parts.append(ours + pick(lang, "。", "."))
    parts.append(pick(lang, "各定義の末尾に出典を示しています。", "Each definition ends with its source."))
    return pick(lang, "", " ").join(parts)


def glossary_section(lang: str) -> Markup:
    """The report's glossary as HTML: the terms it used in prose or tables, defined as the plan defines them; '' if none."""
    listed: list = _state["listed"]  # type: ignore[assignment]
    if not listed:
        return Markup("")
    glossary = entries().set_index("term_id")
    items = []
    for term_id in sorted(listed, key=lambda t: order_key(glossary.loc[t], lang)):
        row: pd.Series = glossary.loc[term_id]
        term = row["term_ja"] if lang == "ja" else row["term_en"]
        definition = row["definition_ja"] if lang == "ja" else row["definition_en"]
        if row["whose"] == "plan":
            source = _plan_source(row, lang)
        else:
            source = pick(lang, f"（{row['source_ja']}）", f" ({row['source_en']})")
        items.append(
            f'<dt id="term-{html.escape(term_id)}">{html.escape(term)}</dt>'
            f"<dd>{html.escape(definition)}{html.escape(source)}</dd>"
        )
    heading = pick(lang, "用語の定義", "Glossary")
    note = html.escape(glossary_intro(glossary.loc[listed], lang), quote=False)
    return Markup(  # every value in it escaped above
        f'<section class="kodaira-glossary"><h2 id="glossary">{heading}</h2><p>{note}</p>'
        f"<dl>{''.join(items)}</dl></section>"
    )
