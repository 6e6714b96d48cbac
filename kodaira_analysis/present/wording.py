"""One sentence, two wordings: a template whose Japanese and English share their values.

>>> GREETING = Wording(ja="{city}の人口は{n}人です。", en="{city} has {n} residents.")
>>> GREETING.say("en", city="Kodaira", n="195,000")
'Kodaira has 195,000 residents.'
"""

from __future__ import annotations

from dataclasses import dataclass

from kodaira_analysis.present.i18n import pick


@dataclass(frozen=True)
class Wording:
    """A sentence template in Japanese and English, filled with the same named values.

    ``counts`` names the values that are counts in running text: in English a whole number below ten is
    written as a word ('five plans'), as careful prose writes it.

    >>> Wording(ja="{n}つの計画", en="{n} plans", counts=("n",)).say("en", n=5)
    'five plans'
    """

    ja: str
    en: str
    counts: tuple[str, ...] = ()

    def say(self, lang: str, **values: object) -> str:
        """The sentence in ``lang`` with ``values`` filled in (each already formatted for that language)."""
        if lang == "en":
            for name in self.counts:
                if isinstance(values.get(name), int):
                    values[name] = number_en(values[name])  # type: ignore[arg-type]
        return pick(lang, self.ja, self.en).format(**values)


def join(parts: list[str], lang: str) -> str:
    """A list as a reader expects it: 「、」 in Japanese, commas in English."""
    return ("、" if lang == "ja" else ", ").join(parts)


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
