"""Helpers for Japanese government tables: eras, dates, amounts, quantities, text.

This module imports nothing else from the package, so it can be copied into
any analysis. Every parser raises :class:`ValueError` naming its input when it
cannot read it; none of them guesses.

Fiscal years (年度) run from April 1 to March 31 of the next calendar year.

>>> western_year("平成23年度")
2011
>>> parse_amount("約8億8千4百万円")
884.0
>>> parse_quantity("95.0%以下")
Quantity(value=95.0, unit='percent', comparator='<=')
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

#: First Gregorian year of each era; era year N is ``start + N - 1``.
ERA_START_YEAR = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_ERA_ABBREVIATIONS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

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
    folded = unicodedata.normalize("NFKC", text)
    for wrong, right in MISMAPPED_CHARACTERS.items():
        folded = folded.replace(wrong, right)
    return _SPACES.sub(" ", folded).strip()


def _compact(text: str) -> str:
    """Normalise and drop every space (the extraction splits '平成 26 年度')."""
    return _SPACES.sub("", normalize_text(text))


_ERA_YEAR = re.compile(r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])?(?P<year>\d{1,4}|元)$", re.I)


def _era_year_to_western(era: str | None, year_text: str, label: str, default_era: str | None) -> int:
    era = _ERA_ABBREVIATIONS.get(era.upper(), era) if era else None
    if year_text == "元":
        if not (era or default_era):
            raise ValueError(f"{label!r}: 元年 needs an era")
        year = 1
    else:
        year = int(year_text)
    if era is None and year >= 1000:
        return year  # already a western year, e.g. 2014年度
    era = era or default_era
    if era is None:
        raise ValueError(f"{label!r}: a year without an era; pass default_era (e.g. '平成')")
    if era not in ERA_START_YEAR:
        raise ValueError(f"{label!r}: unknown era {era!r}")
    if year < 1 or year > 99:
        raise ValueError(f"{label!r}: era year {year} is out of range")
    # Years past an era's end (平成32年度, written before the 2019 change) are kept:
    # they name the Gregorian year the document meant.
    return ERA_START_YEAR[era] + year - 1


def western_year(label: str, *, default_era: str | None = None) -> int:
    """Return the Gregorian year of a Japanese year or fiscal-year label.

    Accepts era names (明治 to 令和) and their initials (H, R, S...), 元年,
    full-width digits and spaces, and the suffixes 年, 年度, 年度末. A bare
    number of four digits is taken as a Gregorian year; a shorter one needs
    ``default_era`` (tables often print '23年度' under a Heisei heading).

    A fiscal-year label gives the year in which that fiscal year starts:
    平成23年度 runs from April 2011 to March 2012 and returns 2011.

    >>> western_year("平成32年度")  # written before the 2019 era change
    2020
    >>> western_year("令和元年度")
    2019
    >>> western_year("Ｈ２６")
    2014
    >>> western_year("23年度", default_era="平成")
    2011
    >>> western_year("2014年度")
    2014
    >>> western_year("天保3年")
    Traceback (most recent call last):
    ...
    ValueError: '天保3年': not a year label (era + year, e.g. 平成23年度)
    """
    if not isinstance(label, str):
        raise ValueError(f"{label!r}: a year label must be a string")
    compact = _compact(label)
    compact = re.sub(r"(年度末|年度|年)$", "", compact)
    match = _ERA_YEAR.match(compact)
    if not match:
        raise ValueError(f"{label!r}: not a year label (era + year, e.g. 平成23年度)")
    return _era_year_to_western(match["era"], match["year"], label, default_era)


_RANGE_SEPARATORS = re.compile(r"[～~〜]")


def parse_fiscal_year_range(label: str, *, default_era: str | None = None) -> tuple[int, int]:
    """Return the first and last fiscal year of a period such as '平成8年度～11年度'.

    The second half inherits the era of the first when it prints none.

    >>> parse_fiscal_year_range("平成8年度～11年度")
    (1996, 1999)
    >>> parse_fiscal_year_range("平成29年度～平成32年度")
    (2017, 2020)
    >>> parse_fiscal_year_range("平成27年度～25年度")
    Traceback (most recent call last):
    ...
    ValueError: '平成27年度～25年度': the period ends (2013) before it starts (2015)
    """
    if not isinstance(label, str):
        raise ValueError(f"{label!r}: a period must be a string")
    parts = _RANGE_SEPARATORS.split(_compact(label))
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"{label!r}: not a period (e.g. 平成23年度～27年度)")
    era = re.match(r"^(明治|大正|昭和|平成|令和|[MTSHR])", parts[0], re.I)
    try:
        start = western_year(parts[0], default_era=default_era)
        end = western_year(parts[1], default_era=era[1] if era else default_era)
    except ValueError as exc:
        raise ValueError(f"{label!r}: not a period of fiscal years ({exc})") from None
    if end < start:
        raise ValueError(f"{label!r}: the period ends ({end}) before it starts ({start})")
    return start, end


def era_year_label(year: int, suffix: str = "年度", *, era: str | None = None) -> str:
    """Write a Gregorian year the Japanese way: 2014 -> '平成26年度'.

    The era is the one in force at the start of the (fiscal) year, except
    that 2019 is 令和元年度 by convention; pass ``era`` to force one (the plan
    writes 平成32年度 for 2020).

    >>> era_year_label(2014)
    '平成26年度'
    >>> era_year_label(2019)
    '令和元年度'
    >>> era_year_label(2020, era="平成")
    '平成32年度'
    >>> western_year(era_year_label(1989, suffix="年"))
    1989
    """
    if era is None:
        era = max((e for e, start in ERA_START_YEAR.items() if start <= year), key=ERA_START_YEAR.get, default=None)
    if era not in ERA_START_YEAR or year < ERA_START_YEAR[era]:
        raise ValueError(f"{year!r}: no era {era!r} for this year")
    number = year - ERA_START_YEAR[era] + 1
    return f"{era}{'元' if number == 1 else number}{suffix}"


_DATE = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])?(?P<year>\d{1,4}|元)"
    r"(?:[./\-]|年)(?P<month>\d{1,2})(?:[./\-]|月)(?P<day>\d{1,2})日?(?:現在)?$",
    re.I,
)


def parse_date(label: str, *, default_era: str | None = None) -> date:
    """Return the date of a label such as 'H28.4.1' or '平成23年1月1日現在'.

    >>> parse_date("H28.4.1")
    datetime.date(2016, 4, 1)
    >>> parse_date("（平成２３年１月１日現在）")
    datetime.date(2011, 1, 1)
    >>> parse_date("2016-04-01")
    datetime.date(2016, 4, 1)
    >>> parse_date("H28.2.30")
    Traceback (most recent call last):
    ...
    ValueError: 'H28.2.30': no such date (2016-2-30)
    """
    if not isinstance(label, str):
        raise ValueError(f"{label!r}: a date label must be a string")
    compact = _compact(label).strip("()")
    match = _DATE.match(compact)
    if not match:
        raise ValueError(f"{label!r}: not a date (e.g. H28.4.1 or 平成28年4月1日)")
    year = _era_year_to_western(match["era"], match["year"], label, default_era)
    month, day = int(match["month"]), int(match["day"])
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{label!r}: no such date ({year}-{month}-{day})") from None


def fiscal_year_end(fiscal_year: int) -> date:
    """Return the last day of a fiscal year (March 31 of the next year).

    >>> fiscal_year_end(2015)
    datetime.date(2016, 3, 31)
    """
    return date(fiscal_year + 1, 3, 31)


_FY_END = re.compile(r"^(?P<year>.+?)(?:年度末|年度決算|年決算|決算)$")
_MONTH_END = re.compile(r"^(?P<year>.+?)年(?P<month>\d{1,2})月末(?:現在)?$")


def parse_as_of(label: str, *, default_era: str | None = None) -> date:
    """Return the date a figure describes, from an as-of note.

    Understands dates (H28.4.1), fiscal-year ends (27年度末) and settlements
    (23決算, 27年決算: a settlement describes the end of its fiscal year), and
    month ends (平成28年3月末現在). Brackets of either width are ignored.

    >>> parse_as_of("（23決算）", default_era="平成")
    datetime.date(2012, 3, 31)
    >>> parse_as_of("（27年度末）", default_era="平成")
    datetime.date(2016, 3, 31)
    >>> parse_as_of("平成28年3月末現在")
    datetime.date(2016, 3, 31)
    >>> parse_as_of("（H24.4.1）")
    datetime.date(2012, 4, 1)
    """
    if not isinstance(label, str):
        raise ValueError(f"{label!r}: an as-of note must be a string")
    compact = _compact(label).strip("()")
    try:
        match = _FY_END.match(compact)
        if match:
            return fiscal_year_end(western_year(match["year"], default_era=default_era))
        match = _MONTH_END.match(compact)
        if match:
            year = western_year(match["year"], default_era=default_era)
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"no month {month}")
            return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise ValueError(f"{label!r}: not an as-of note ({exc})") from None
    try:
        return parse_date(compact, default_era=default_era)
    except ValueError as exc:
        if "no such date" in str(exc) or "unknown era" in str(exc):
            raise ValueError(f"{label!r}: {str(exc).split(': ', 1)[1]}") from None
        raise ValueError(
            f"{label!r}: not an as-of note (a date such as H28.4.1, 27年度末, 23決算 or 平成28年3月末)"
        ) from None


# ---------------------------------------------------------------- amounts

_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", "0123456789", strict=True))
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_AMOUNT_TOKEN = re.compile(r"\d+(?:\.\d+)?|[十百千万億兆]")
_NEGATIVE_MARKS = ("△", "▲", "-", "−")


def _yen(text: str, label: str) -> Decimal:
    """Read a Japanese numeral with 十百千万億兆 multipliers as a number of yen."""
    tokens = _AMOUNT_TOKEN.findall(text)
    if not tokens or "".join(tokens) != text or not any(t[0].isdigit() for t in tokens):
        raise ValueError(f"{label!r}: not an amount of money (e.g. 23.6億円, 884百万円, △1,200千円)")
    total = Decimal(0)
    section = Decimal(0)
    pending: Decimal | None = None
    last_large = 10**16
    last_small = 10**4
    in_group = False  # a number or a small unit since the last 万/億/兆
    for token in tokens:
        if token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= last_small:
                raise ValueError(f"{label!r}: {token} out of order")
            section += (pending if pending is not None else Decimal(1)) * unit
            pending, last_small, in_group = None, unit, True
        elif token in _LARGE_UNITS:
            unit = _LARGE_UNITS[token]
            if unit >= last_large:
                raise ValueError(f"{label!r}: {token} out of order")
            if not in_group:
                raise ValueError(f"{label!r}: {token} without a number before it")
            total += (section + (pending if pending is not None else Decimal(0))) * unit
            section, pending, last_large, last_small, in_group = Decimal(0), None, unit, 10**4, False
        else:
            if pending is not None:
                raise ValueError(f"{label!r}: two numbers without a unit between them")
            pending, in_group = Decimal(token), True
    return total + section + (pending if pending is not None else Decimal(0))


def parse_amount(text: str) -> float:
    """Return an amount of money in million yen (百万円).

    Reads 円, 千円, 万円, 百万円, 億円 and mixed forms such as 8億8千4百万円,
    thousands separators, full-width digits, kanji digits, a leading 約
    (approximately: the figure is taken as printed) and negatives written
    △, ▲ or with a minus sign. Anything else raises ValueError.

    >>> parse_amount("23.6億円")
    2360.0
    >>> parse_amount("△1,500千円")
    -1.5
    >>> parse_amount("884百万円")
    884.0
    >>> parse_amount("三百万円")
    3.0
    >>> parse_amount("12.3")
    Traceback (most recent call last):
    ...
    ValueError: '12.3': no currency unit (円, 千円, 百万円, 億円)
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r}: an amount must be a string")
    compact = _compact(text).replace(",", "")
    for kanji, digit in _KANJI_DIGITS.items():
        compact = compact.replace(kanji, digit)
    compact = compact.removeprefix("約")
    sign = 1
    if compact.startswith(_NEGATIVE_MARKS):
        sign, compact = -1, compact[1:]
    if not compact.endswith("円"):
        raise ValueError(f"{text!r}: no currency unit (円, 千円, 百万円, 億円)")
    yen = _yen(compact[:-1], text)
    return float(sign * yen / Decimal(10**6))


def format_oku_yen(amount_million_yen: float, decimals: int = 1) -> str:
    """Write an amount given in million yen as 億円, the way reports read.

    >>> format_oku_yen(2360.0)
    '23.6億円'
    >>> parse_amount(format_oku_yen(-884.0, decimals=2))
    -884.0
    """
    oku = amount_million_yen / 100
    sign = "△" if oku < 0 else ""
    return f"{sign}{abs(oku):,.{decimals}f}億円"


# ---------------------------------------------------------------- quantities

#: Printed unit -> the unit name used in every processed table.
UNITS = {"人": "persons", "%": "percent", "円": "million_yen"}

_COMPARATORS = {"以下": "<=", "以内": "<=", "以上": ">=", "未満": "<", "超": ">", "を超える": ">"}
_QUANTITY = re.compile(r"^(?P<number>[△▲\-−]?[\d,]+(?:\.\d+)?)(?P<unit>人|%)$")


@dataclass(frozen=True)
class Quantity:
    """A printed figure read into a number, its unit and an optional comparator.

    ``comparator`` is '<=', '>=', '<' or '>' when the text carries one
    (95.0%以下, 300億円以内, 22%超), else None.
    """

    value: float
    unit: str
    comparator: str | None = None


def parse_quantity(text: str) -> Quantity:
    """Read a printed figure with its unit: persons (人), percent (%) or money.

    Money is returned in million yen (see :func:`parse_amount`).

    >>> parse_quantity("910人")
    Quantity(value=910.0, unit='persons', comparator=None)
    >>> parse_quantity("300億円以内")
    Quantity(value=30000.0, unit='million_yen', comparator='<=')
    >>> parse_quantity("22％超")
    Quantity(value=22.0, unit='percent', comparator='>')
    >>> parse_quantity("九十")
    Traceback (most recent call last):
    ...
    ValueError: '九十': not a figure with a unit (人, %, 円)
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r}: a figure must be a string")
    compact = _compact(text)
    comparator = None
    for word, symbol in _COMPARATORS.items():
        if compact.endswith(word) and len(compact) > len(word):
            comparator, compact = symbol, compact[: -len(word)]
            break
    if compact.endswith("円"):
        return Quantity(parse_amount(compact), "million_yen", comparator)
    match = _QUANTITY.match(compact)
    if not match:
        raise ValueError(f"{text!r}: not a figure with a unit (人, %, 円)")
    number = match["number"].replace(",", "")
    sign = -1 if number[0] in "△▲-−" else 1
    try:
        value = sign * float(Decimal(number.lstrip("△▲-−")))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"{text!r}: not a number") from None
    return Quantity(value, UNITS[match["unit"]], comparator)


def parse_count(text: str) -> int:
    """Read a whole, non-negative count such as '62', '１５' or '1,234項目'.

    >>> parse_count("６２項目")
    62
    >>> parse_count("△3")
    Traceback (most recent call last):
    ...
    ValueError: '△3': not a whole non-negative count
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r}: a count must be a string")
    compact = _compact(text).replace(",", "").removesuffix("項目").removesuffix("件")
    if not compact.isdecimal():
        raise ValueError(f"{text!r}: not a whole non-negative count")
    return int(compact)
