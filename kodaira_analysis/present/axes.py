"""What a figure's axes say: fiscal-year ticks (the era year beneath in Japanese), money and its unit."""

from __future__ import annotations

from kodaira_analysis.japanese import era_year_label
from kodaira_analysis.present.i18n import check_lang, text


def fiscal_year_tick(fiscal_year: int, lang: str, *, compact: bool = False) -> str:
    r"""An axis tick: the Gregorian year, with the era year beneath it in Japanese.

    >>> fiscal_year_tick(2014, "ja"), fiscal_year_tick(2014, "ja", compact=True)
    ('2014\n(平成26)', '2014\nH26')
    """
    if check_lang(lang) == "ja":
        era = era_year_label(int(fiscal_year), suffix="")
        if compact:
            return f"{int(fiscal_year)}\n{ERA_INITIALS[era[:2]]}{era[2:].replace('元', '1')}"
        return f"{int(fiscal_year)}\n({era})"
    return str(int(fiscal_year))


ERA_INITIALS = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}

#: Money on a figure's axis: 億円 (100 million yen) in Japanese, billions of yen in English.
AXIS_MONEY_SCALE = {"ja": 100.0, "en": 1000.0}


def axis_scale(unit: str, lang: str) -> float:
    """What an axis divides a value in ``unit`` by: million yen become 億円 or ¥ billion.

    >>> axis_scale("million_yen", "ja"), axis_scale("million_yen", "en"), axis_scale("percent", "en")
    (100.0, 1000.0, 1.0)
    """
    return AXIS_MONEY_SCALE[check_lang(lang)] if unit == "million_yen" else 1.0


def unit_label(unit: str, lang: str) -> str:
    """The unit of an axis, matching ``axis_scale``: 億円 / ¥ billion for money.

    >>> unit_label("million_yen", "ja"), unit_label("million_yen", "en")
    ('億円', '¥ billion')
    """
    return text("axis_money" if unit == "million_yen" else unit, lang)
