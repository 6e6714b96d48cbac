"""Era notation once per year on a page: 2015（平成27）年度 the first time, 2015年度 after.

A notebook opts in with :func:`once` (the Japanese pages that do); from then on
:func:`kodaira_analysis.present.display.show` passes its Markdown and its tables, in the order the page shows
them, through :func:`first_only`, which keeps the era after the first use of each Western year and drops it
after later uses; a table's heads and cells show Western years only (:func:`table`). A range written with its
eras (2017～2020（平成29～令和2）年度) is treated alike, as one; an era date quoted as printed (「平成29年9月末」)
is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kodaira_analysis.present.figure import TableView

#: A Western year followed by its era year in brackets: 2015（平成27）, 2019（令和元）.
ERA_AFTER_YEAR = re.compile(r"(?P<year>(?<!\d)\d{4})（(?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元)）")

#: A range of Western years followed by its eras in brackets: 2017～2020（平成29～令和2）.
ERA_AFTER_RANGE = re.compile(
    r"(?P<years>(?<!\d)\d{4}～\d{4})（(?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元)～(?:明治|大正|昭和|平成|令和)?(?:\d{1,2}|元)）"
)

_state: dict[str, object] = {"on": False, "seen": set()}


def once(lang: str) -> None:
    """Start a page (``lang``: its language) on which each year's era is shown once; a no-op for English."""
    _state["on"] = lang == "ja"
    _state["seen"] = set()


def stop() -> None:
    """Leave every era as written (the default)."""
    _state["on"] = False


def first_only(text: str) -> str:
    """``text`` with the era kept after the first use of each year on the page and dropped after later uses.

    >>> once("ja"); first_only("2015（平成27）年度と2016（平成28）年度"), first_only("2015（平成27）年度末")
    ('2015（平成27）年度と2016（平成28）年度', '2015年度末')
    >>> first_only("2017～2020（平成29～令和2）年度"), first_only("2017～2020（平成29～令和2）年度")
    ('2017～2020（平成29～令和2）年度', '2017～2020年度')
    >>> stop(); first_only("2015（平成27）年度")
    '2015（平成27）年度'
    """
    if not _state["on"]:
        return text
    seen: set = _state["seen"]  # type: ignore[assignment]

    def keep_first(group: str):
        def keep(match: re.Match) -> str:  # the era the first time a year (or a range) is named; its years after
            years = match.group(group)
            if years in seen:
                return years
            seen.add(years)
            return match.group(0)

        return keep

    rebuilt = ERA_AFTER_YEAR.sub(keep_first("year"), ERA_AFTER_RANGE.sub(keep_first("years"), str(text)))
    return type(text)(rebuilt) if isinstance(text, str) and type(text) is not str else rebuilt


def western_only(text: str) -> str:
    """``text`` with every era after a Western year dropped.

    >>> western_only("2016年度 2018（平成30）年度")
    '2016年度 2018年度'
    """
    return ERA_AFTER_YEAR.sub(lambda match: match.group("year"), ERA_AFTER_RANGE.sub(lambda m: m.group("years"), text))


def table(view: TableView) -> TableView:
    """A table in Western years only, its caption and note as :func:`first_only` treats text.

    Within a table the first use of a year is an accident of column order: headers read '2016年度 | 2017年度 |
    2018（平成30）年度' when the text above had named 2016 and 2017. A table's heads and cells therefore show
    no era; the page's prose shows each one once.
    """
    if not _state["on"]:
        return view
    caption = first_only(view.caption)
    frame = view.frame.rename(columns=lambda c: western_only(c) if isinstance(c, str) else c)
    frame = frame.apply(lambda column: column.map(lambda v: western_only(v) if isinstance(v, str) else v))
    return replace(view, caption=caption, frame=frame, note=first_only(view.note))
