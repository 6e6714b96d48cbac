"""An abbreviation spelled out at its first use on each English page: the Ministry of Internal Affairs and Communications (MIC).

The topics write 'MIC' wherever they name the ministry, since a sentence cannot know whether it is the first on
its page to do so. A notebook's :func:`kodaira_analysis.present.display.start` starts a page
(:func:`start`), and :func:`kodaira_analysis.present.display.show` passes its prose (Markdown, HTML we made,
a chart's caption, a table's caption and note), in the order the page shows it, through :func:`first_only`:
the first 'MIC' not already beside its full name is spelled out, worded for where it stands, and each later one
is left short. A page that gives the full name first (a source line) has spelled it out. Headings and table
cells are left short, as careful writers leave them; the prose below them spells the name out. A Japanese page
names the ministry in full (総務省) and is left alone.

>>> start("en")
>>> first_only("Every year MIC publishes its indicators. MIC's notes say so.")
"Every year the Ministry of Internal Affairs and Communications (MIC) publishes its indicators. MIC's notes say so."
>>> start("en")
>>> first_only("MIC's notes (as MIC prints them)")
"The Ministry of Internal Affairs and Communications' (MIC's) notes (as MIC prints them)"
>>> start("en")
>>> first_only("the index (MIC)")
'the index (Ministry of Internal Affairs and Communications, MIC)'
"""

from __future__ import annotations

import re

#: Each abbreviation the English pages use, with its full name.
FULL_NAMES = {"MIC": "Ministry of Internal Affairs and Communications"}

_state: dict[str, object] = {"on": False, "seen": set()}

#: Where a sentence begins: a line's (or a list item's) start, or after a full stop.
_SENTENCE_START = re.compile(r"(?:^[ \t]*(?:[-*] |\d+\. )?|[.!?] )$")
#: The possessive 's after an abbreviation, as text or as HTML escapes it.
_POSSESSIVE = re.compile(r"(?:'|’|&#39;|&#x27;)s(?!\w)")
#: An HTML tag (left as it is: only text between tags is spelled out).
_TAG = re.compile(r"(<[^>]*>)")


def start(lang: str) -> None:
    """Start a page in ``lang``: on an English page, the next use of each abbreviation is spelled out."""
    _state["on"] = lang == "en"
    _state["seen"] = set()


def stop() -> None:
    """Leave every abbreviation as written (the default)."""
    _state["on"] = False


def _spelled(short: str, text: str, at: int) -> tuple[str, int]:
    """The full form of the use of ``short`` at ``at`` in ``text``, and where the use ends."""
    full = FULL_NAMES[short]
    end = at + len(short)
    if text[at - 1 : at] == "(" and text[end : end + 1] == ")":
        return f"{full}, {short}", end  # 'the index (MIC)'
    possessive = _POSSESSIVE.match(text, end)
    if possessive:  # "MIC's notes", as text or as HTML
        mark = possessive.group(0)[:-1]
        words, end = f"the {full}{mark} ({short}{mark}s)", possessive.end()
    else:
        words = f"the {full} ({short})"
    if _SENTENCE_START.search(text[:at]):
        words = words[0].upper() + words[1:]
    return words, end


def _first_in(text: str) -> str:
    """``text`` with the first use of each abbreviation not yet seen spelled out (and every one noted as seen)."""
    seen: set[str] = _state["seen"]  # type: ignore[assignment]
    for short, full in FULL_NAMES.items():
        if short in seen:
            continue
        use = re.search(rf"(?<![\w-]){short}(?![\w-])", text)
        named = text.find(full)
        if named != -1 and (use is None or named < use.start()):
            seen.add(short)  # the full name came first
        elif use is not None:
            words, end = _spelled(short, text, use.start())
            text = text[: use.start()] + words + text[end:]
            seen.add(short)
    return text


def first_only(text: str) -> str:
    """``text`` (Markdown, or HTML we made) with each abbreviation's first use on the page spelled out.

    Lines that are Markdown headings are left as written; so is everything inside an HTML tag.
    """
    if not _state["on"] or not text:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            out.append(line)
            continue
        out.append("".join(part if _TAG.fullmatch(part) else _first_in(part) for part in _TAG.split(line)))
    return "\n".join(out)
