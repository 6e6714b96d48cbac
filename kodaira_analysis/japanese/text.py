"""Text of Japanese government tables: width folding and mis-mapped characters.

>>> normalize_text("　尐子高齢化　ＰＤＣＡ ")
'少子高齢化 PDCA'
"""

from __future__ import annotations

import re
import unicodedata

#: Characters the PDF extraction of the plan mis-mapped, and what they stand for.
MISMAPPED_CHARACTERS = {"尐": "少"}

_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Fold widths (NFKC), mend mis-mapped characters, trim and collapse spaces.

    NFKC, not NFKD + ASCII: the latter would erase Japanese.

    >>> normalize_text("　尐子高齢化　ＰＤＣＡ ")
    '少子高齢化 PDCA'
    >>> normalize_text("（２３決算）")
    '(23決算)'
    """
    if not isinstance(text, str):
        raise ValueError(f"normalize_text expects a string, got {text!r}")
    return printed_text(unicodedata.normalize("NFKC", text))


def printed_text(text: str) -> str:
    """Text to show as the plan prints it: mis-mapped characters mended, spaces collapsed, widths kept.

    >>> printed_text("　経費（経常的経費）　概ね70～80％ ")
    '経費（経常的経費） 概ね70～80％'
    """
    if not isinstance(text, str):
        raise ValueError(f"printed_text expects a string, got {text!r}")
    for wrong, right in MISMAPPED_CHARACTERS.items():
        text = text.replace(wrong, right)
    return _SPACES.sub(" ", text).strip()


def _compact(text: str) -> str:
    """Normalise and drop every space (the extraction splits '平成 26 年度')."""
    return _SPACES.sub("", normalize_text(text))
