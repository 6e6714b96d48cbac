"""What a figure's axes say: fiscal-year ticks (Western years, as the tables show them), money and its unit."""

from __future__ import annotations

from kodaira_analysis.present.i18n import check_lang, text


def fiscal_year_tick(fiscal_year: int, lang: str) -> str:
    """An axis tick: the Western year alone, in both languages.

    A page names each year's era once, in its prose (``present.era``); its tables and its charts show Western
    years only, so that a chart's axis reads like the table beside it.

    >>> fiscal_year_tick(2014, "ja"), fiscal_year_tick(2014, "en")
    ('2014', '2014')
    """
    check_lang(lang)
    return str(int(fiscal_year))


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
