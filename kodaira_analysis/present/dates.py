"""Dates as the reports write them: a day (2016（平成28）年4月1日 / 1 April 2016), and when a figure holds."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from kodaira_analysis.japanese import era_year_label
from kodaira_analysis.present.i18n import check_lang, fiscal_year_label

#: Japan's time zone: the reports' and the runner's times are given in it.
JST = timezone(timedelta(hours=9), "JST")


def now_jst() -> str:
    """The current time in Japan, to the second, ISO 8601 (when a page was made; a build's and a job's times)."""
    return datetime.now(JST).isoformat(timespec="seconds")


def format_date(day, lang: str, *, era: bool = True) -> str:
    """A date, in Japanese with the Western year first and its era beside it: 2016（平成28）年4月1日 / 1 April 2016.

    ``era=False`` leaves the era out (2016年4月1日), as a figure's alt text writes a date: it is read apart from
    the page's prose, which shows each year's era once.

    >>> import datetime
    >>> format_date(datetime.date(2016, 4, 1), "ja"), format_date(datetime.date(2016, 4, 1), "en")
    ('2016（平成28）年4月1日', '1 April 2016')
    >>> format_date(datetime.date(2011, 1, 1), "ja", era=False), format_date(datetime.date(2011, 1, 1), "en", era=False)
    ('2011年1月1日', '1 January 2011')
    """
    if check_lang(lang) == "ja":
        if not era:
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.year}（{era_year_label(day.year, suffix='')}）年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_when(fiscal_year, as_of, unit: str, lang: str, *, target: bool = False, table: bool = False) -> str:
    """When a figure holds, as the plan prints it: a settlement, a fiscal year's end, or a date.

    A ratio is a settlement figure (27年決算); a stock dated 31 March is the end of a fiscal year
    (27年度末); a count dated 1 April is that date (H28.4.1). ``target`` words it for a target;
    ``table`` gives the bare noun phrase a table cell wants ('end of FY2015').

    >>> import pandas as pd
    >>> format_when(2014, pd.Timestamp("2015-03-31"), "percent", "ja"), format_when(2014, None, "percent", "en")
    ('2014（平成26）年度決算', 'in the FY2014 settlement')
    >>> format_when(2015, pd.Timestamp("2016-03-31"), "million_yen", "ja"), format_when(2015, pd.Timestamp("2016-03-31"), "million_yen", "en", target=True)
    ('2015（平成27）年度末', 'by the end of FY2015')
    >>> format_when(2015, pd.Timestamp("2016-04-01"), "persons", "ja"), format_when(2015, pd.Timestamp("2016-04-01"), "persons", "en", target=True)
    ('2016（平成28）年4月1日現在', 'for 1 April 2016')
    """
    dated = as_of is not None and not (isinstance(as_of, float) and math.isnan(as_of)) and str(as_of) != "NaT"
    if unit == "percent" or not dated:
        ja, en = (
            f"{fiscal_year_label(int(fiscal_year), 'ja')}決算",
            f"the {fiscal_year_label(int(fiscal_year), 'en')} settlement",
        )
        return ja if check_lang(lang) == "ja" else (f"for {en}" if target else f"in {en}")
    if (as_of.month, as_of.day) == (3, 31):
        ja, en = (
            f"{fiscal_year_label(int(fiscal_year), 'ja')}末",
            f"the end of {fiscal_year_label(int(fiscal_year), 'en')}",
        )
        return ja if check_lang(lang) == "ja" else (f"by {en}" if target else f"at {en}")
    if check_lang(lang) == "ja":
        return f"{format_date(as_of, 'ja')}現在"
    return f"{'for' if target else 'on'} {format_date(as_of, 'en')}"
