"""Amounts of money, quantities and counts as Japanese government tables print them.

>>> parse_amount("約8億8千4百万円")
884.0
>>> parse_quantity("95.0%以下")
Quantity(value=95.0, unit='percent', comparator='<=')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kodaira_analysis.japanese.text import _compact

# ---------------------------------------------------------------- amounts

_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", "0123456789", strict=True))
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_AMOUNT_TOKEN = re.compile(r"\d+(?:\.\d+)?|[十百千万億兆]")
_NEGATIVE_MARKS = ("△", "▲", "-", "−")
#: A run of digits, commas and points: commas are allowed only between groups of three digits.
_DIGIT_RUN = re.compile(r"[\d,.]+")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _without_thousands_commas(compact: str, label: str) -> str:
    """``compact`` without its thousands separators; a comma anywhere else is refused, never guessed at.

    >>> _without_thousands_commas("1,500億円", "x")
    '1500億円'
    >>> _without_thousands_commas("1,5億円", "1,5億円")
    Traceback (most recent call last):
    ...
    ValueError: '1,5億円': a comma that does not separate thousands ('1,5'; write 1,500 or 1.5)
    """
    for run in _DIGIT_RUN.findall(compact):
        if "," in run and not _GROUPED.fullmatch(run):
            raise ValueError(f"{label!r}: a comma that does not separate thousands ({run!r}; write 1,500 or 1.5)")
    return compact.replace(",", "")


def _finite(value: float, label: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{label!r}: too large a number to be a figure")
    return value


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
    >>> parse_amount("1,5億円")
    Traceback (most recent call last):
    ...
    ValueError: '1,5億円': a comma that does not separate thousands ('1,5'; write 1,500 or 1.5)
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r}: an amount must be a string")
    compact = _without_thousands_commas(_compact(text), text)
    for kanji, digit in _KANJI_DIGITS.items():
        compact = compact.replace(kanji, digit)
    compact = compact.removeprefix("約")
    sign = 1
    if compact.startswith(_NEGATIVE_MARKS):
        sign, compact = -1, compact[1:]
    if not compact.endswith("円"):
        raise ValueError(f"{text!r}: no currency unit (円, 千円, 百万円, 億円)")
    yen = _yen(compact[:-1], text)
    return _finite(float(sign * yen / Decimal(10**6)), text)


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
#: A number with optional thousands commas between groups of three (never a comma alone), then 人 or %.
_QUANTITY = re.compile(r"^(?P<number>[△▲\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<unit>人|%)$")


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
    >>> parse_quantity(",人")
    Traceback (most recent call last):
    ...
    ValueError: ',人': not a figure with a unit (人, %, 円)
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
        try:
            return Quantity(parse_amount(compact), "million_yen", comparator)
        except ValueError as exc:  # name the input as given, not its compacted form
            raise ValueError(f"{text!r}: {str(exc).split(': ', 1)[-1]}") from None
    match = _QUANTITY.match(compact)
    if not match:
        raise ValueError(f"{text!r}: not a figure with a unit (人, %, 円)")
    number = match["number"].replace(",", "")
    sign = -1 if number[0] in "△▲-−" else 1
    try:
        value = sign * float(Decimal(number.lstrip("△▲-−")))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"{text!r}: not a number") from None
    return Quantity(_finite(value, text), UNITS[match["unit"]], comparator)


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
    compact = _without_thousands_commas(_compact(text), text).removesuffix("項目").removesuffix("件")
    if not compact.isdecimal():
        raise ValueError(f"{text!r}: not a whole non-negative count")
    return int(compact)
