r"""One sentence, two wordings: a template whose Japanese and English share their values.

>>> GREETING = Wording(ja="{city}の人口は{n}人です。", en="{city} has {n} residents.")
>>> GREETING.say("en", city="Kodaira", n="195,000")
MarkdownText('Kodaira has 195,000 residents.')

Every value is escaped for Markdown and HTML as the template is filled (see
:mod:`kodaira_analysis.present.markdown`), so that data shows as text and never becomes markup:

>>> GREETING.say("en", city="<img src=x onerror=alert(1)>", n="*5*")
MarkdownText('&lt;img src=x onerror=alert(1)&gt; has \\*5\\* residents.')
>>> GREETING.text("en", city="<b>", n="*5*")
'<b> has *5* residents.'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown


@dataclass(frozen=True)
class Wording:
    """A sentence template in Japanese and English, filled with the same named values.

    ``counts`` names the values that are counts in running text: in English a whole number below ten is
    written as a word ('five plans'), as careful prose writes it.

    >>> Wording(ja="{n}つの計画", en="{n} plans", counts=("n",)).text("en", n=5)
    'five plans'
    """

    ja: str
    en: str
    counts: tuple[str, ...] = ()

    def say(self, lang: str, **values: object) -> MarkdownText:
        """The sentence in ``lang`` as Markdown, with ``values`` (each formatted for that language) escaped.

        A value that is :class:`~kodaira_analysis.present.markdown.MarkdownText` already (another
        sentence, a link we made) goes in as it is; anything else shows as the characters it holds.
        """
        return markdown(pick(lang, self.ja, self.en)).format(**self._counted(lang, values))

    def text(self, lang: str, **values: object) -> str:
        """The sentence as plain text, for a chart's title or alt text (which are text, not Markdown)."""
        return pick(lang, self.ja, self.en).format(**self._counted(lang, values))

    def _counted(self, lang: str, values: dict[str, object]) -> dict[str, object]:
        if lang == "en":
            for name in self.counts:
                if isinstance(values.get(name), int):
                    values[name] = number_en(values[name])  # type: ignore[arg-type]
        return values


def join(parts: list[str], lang: str) -> str:
    """A list as a reader expects it: 「、」 in Japanese, commas in English (text; see :func:`join_markdown`)."""
    return ("、" if lang == "ja" else ", ").join(parts)


def join_markdown(parts: Sequence[str], separator: str) -> MarkdownText:
    """Markdown of ``parts`` (sentences, escaped unless Markdown already) between ``separator`` (written by us)."""
    return markdown(separator).join(parts)


def sentences(parts: Sequence[str], lang: str) -> MarkdownText:
    """Sentences one after the other: run together in Japanese, a space between them in English."""
    return join_markdown(parts, "" if lang == "ja" else " ")


def bullets(parts: Sequence[str]) -> MarkdownText:
    """A Markdown list, one item per part (each escaped unless Markdown already)."""
    return markdown("\n").join(markdown("- ") + part for part in parts)


def count_en(n: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in English agreement: '1 item', '62 items'.

    >>> count_en(1, "item"), count_en(62, "item"), count_en(1, "was", "were")
    ('1 item', '62 items', '1 was')
    """
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n} {word}"


def be_en(n: int) -> str:
    """'was' for one, 'were' for any other number.

    >>> be_en(1), be_en(0), be_en(50)
    ('was', 'were', 'were')
    """
    return "was" if n == 1 else "were"


_SMALL_NUMBERS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_en(n: int) -> str:
    """A whole number as English prose writes it: in words below ten, in figures from ten.

    >>> number_en(5), number_en(10), number_en(1741)
    ('five', '10', '1,741')
    """
    return _SMALL_NUMBERS_EN[n] if 0 <= n < 10 else f"{n:,}"
