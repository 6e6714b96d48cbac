"""Eras, fiscal years and dates as Japanese government tables print them.

Fiscal years (年度) run from April 1 to March 31 of the next calendar year.

>>> western_year("平成23年度")
2011
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

from kodaira_analysis.japanese.text import _compact


class Era(NamedTuple):
    """An era: its name, its initial, its first and last day (Gregorian; None while it lasts)."""

    name: str
    initial: str
    first_day: date
    last_day: date | None


#: The eras as data: a date printed in an era must fall within these days (平成元年1月7日 never existed).
#: 明治 begins here on 1 January 1873 (明治6年), when Japan adopted the Gregorian calendar: earlier 明治
#: dates are of the lunisolar calendar, which this reader does not convert.
ERAS = (
    Era("明治", "M", date(1873, 1, 1), date(1912, 7, 29)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1), None),
)
#: First Gregorian year of each era; era year N is ``start + N - 1``.
ERA_START_YEAR = {"明治": 1868, **{era.name: era.first_day.year for era in ERAS[1:]}}
_ERA_ABBREVIATIONS = {era.initial: era.name for era in ERAS}
_ERA_DAYS = {era.name: era for era in ERAS}


def check_era_date(day: date, era: str | None, label: str) -> date:
    """``day`` if it falls within ``era`` (None: a Gregorian date, always fine); else ValueError naming both.

    >>> check_era_date(date(1989, 1, 8), "平成", "平成元年1月8日")
    datetime.date(1989, 1, 8)
    >>> check_era_date(date(1989, 1, 7), "平成", "平成元年1月7日")
    Traceback (most recent call last):
    ...
    ValueError: '平成元年1月7日': no such date in 平成 (1989-01-07; 平成 ran from 1989-01-08 to 2019-04-30)
    """
    if era is None:
        return day
    name = _ERA_ABBREVIATIONS.get(era.upper(), era)
    bounds = _ERA_DAYS.get(name)
    if bounds is None:
        raise ValueError(f"{label!r}: unknown era {era!r}")
    if day < bounds.first_day or (bounds.last_day is not None and day > bounds.last_day):
        if bounds.last_day is None:
            span = f"{name} began on {bounds.first_day.isoformat()}"
        else:
            ran = "dates are read" if name == "明治" else "ran"  # before 1873: the lunisolar calendar
            span = f"{name} {ran} from {bounds.first_day.isoformat()} to {bounds.last_day.isoformat()}"
        raise ValueError(f"{label!r}: no such date in {name} ({day.isoformat()}; {span})")
    return day


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


_YEAR_MONTH = re.compile(r"^(?P<year>.+?年)(?P<month>\d{1,2})月$")


def parse_year_month(label: str, *, default_era: str | None = None) -> date:
    """A month as the plan prints an adoption date (平成23年3月), as the first day of that month.

    >>> parse_year_month("平成 23 年 3 月")
    datetime.date(2011, 3, 1)
    >>> parse_year_month("平成23年13月")
    Traceback (most recent call last):
    ...
    ValueError: '平成23年13月': no such month
    """
    match = _YEAR_MONTH.match(_compact(label))
    if not match:
        raise ValueError(f"{label!r}: not a year and month (e.g. 平成23年3月)")
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        raise ValueError(f"{label!r}: no such month")
    return date(western_year(match.group("year"), default_era=default_era), month, 1)


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
        era = max(
            (e for e, start in ERA_START_YEAR.items() if start <= year), key=ERA_START_YEAR.__getitem__, default=None
        )
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
    >>> parse_date("令和元年4月30日")
    Traceback (most recent call last):
    ...
    ValueError: '令和元年4月30日': no such date in 令和 (2019-04-30; 令和 began on 2019-05-01)
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
        found = date(year, month, day)
    except ValueError:
        raise ValueError(f"{label!r}: no such date ({year}-{month}-{day})") from None
    era = match["era"] or (default_era if match["year"] == "元" or int(match["year"]) < 1000 else None)
    return check_era_date(found, era, label)


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
            end = date(year, month, calendar.monthrange(year, month)[1])
            era = re.match(r"^(明治|大正|昭和|平成|令和|[MTSHR])", match["year"], re.I)
            return check_era_date(end, era[1] if era else None, label)
    except ValueError as exc:
        if "no such date in" in str(exc):
            raise
        raise ValueError(f"{label!r}: not an as-of note ({exc})") from None
    try:
        return parse_date(compact, default_era=default_era)
    except ValueError as exc:
        if "no such date" in str(exc) or "unknown era" in str(exc):  # "no such date in 平成" too
            raise ValueError(f"{label!r}: {str(exc).split(': ', 1)[1]}") from None
        raise ValueError(
            f"{label!r}: not an as-of note (a date such as H28.4.1, 27年度末, 23決算 or 平成28年3月末)"
        ) from None
