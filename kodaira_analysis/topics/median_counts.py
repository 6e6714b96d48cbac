"""How many years Kodaira stood above, below or at the Tama median, worded as a careful writer would in each language.

Every count has its counter (「2年度」, never a bare 「2」), a count of zero is said as 'never' (「…はありませんでした」),
and a single kind of year as 'in all N years' (「N年度とも」): never 'above it in 0' or 'equal in 3 of 6'.
"""

from __future__ import annotations

from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.wording import number_en

#: The three kinds of year: (Japanese comparison, English first mention, English later mention).
_KINDS = (
    ("高い", "above the Tama median", "above it"),
    ("低い", "below the Tama median", "below it"),
    ("同じ", "equal to the Tama median", "equal to it"),
)
_ALL_JA = ("より高い値", "より低い値", "と同じ値")


def median_counts(
    above: int, below: int, same: int, lang: str, *, unit_ja: str = "年度", of_ja: str = "", of_en: str = ""
) -> str:
    """The counts as one clause: Japanese ends on 「でした」, English has no final stop.

    ``unit_ja`` counts the years (年度 for a settlement, 年 for a day's figure); ``of_ja`` and ``of_en`` name
    the years counted ('6年度', 'the 3 years MIC prints'; default: the count and 'years').

    >>> median_counts(0, 2, 1, "en")
    'below the Tama median in two of the three years and equal to it in one (never above it)'
    >>> median_counts(0, 2, 1, "ja")
    '3年度のうち、多摩26市の中央値より低い年度が2年度、同じ年度が1年度で、高い年度はありませんでした'
    >>> median_counts(3, 0, 3, "en")
    'above the Tama median in three of the six years and equal to it in three (never below it)'
    >>> median_counts(4, 0, 0, "ja"), median_counts(4, 0, 0, "en")
    ('4年度とも多摩26市の中央値より高い値でした', 'above the Tama median in all four years')
    >>> median_counts(1, 1, 1, "en")
    'above the Tama median in one of the three years, below it in one and equal to it in one'
    """
    counts = (above, below, same)
    n = sum(counts)
    of_ja = of_ja or f"{n}{unit_ja}"
    of_en = of_en or f"{number_en(n)} {'year' if n == 1 else 'years'}"
    shown = [i for i, c in enumerate(counts) if c]
    never = [i for i, c in enumerate(counts) if not c]
    if len(shown) == 1:
        (i,) = shown
        whole_en = (
            "in the one year" if n == 1 and not of_en.startswith("the ") else f"in all {of_en.removeprefix('the ')}"
        )
        return pick(lang, f"{of_ja}とも多摩26市の中央値{_ALL_JA[i]}でした", f"{_KINDS[i][1]} {whole_en}")
    ja = "、".join(f"{_KINDS[i][0]}{unit_ja}が{counts[i]}{unit_ja}" for i in shown)
    ja = f"{of_ja}のうち、多摩26市の中央値より{ja}" + (
        f"で、{_KINDS[never[0]][0]}{unit_ja}はありませんでした" if never else "でした"
    )
    first, *rest = shown
    parts = [f"{_KINDS[first][1]} in {number_en(counts[first])} of the {of_en.removeprefix('the ')}"]
    parts += [f"{_KINDS[i][2]} in {number_en(counts[i])}" for i in rest]
    en = parts[0] + (", " + ", ".join(parts[1:-1]) if len(parts) > 2 else "") + f" and {parts[-1]}"
    if never:
        en += f" (never {_KINDS[never[0]][2]})"
    return pick(lang, ja.replace("より同じ", "と同じ"), en)
