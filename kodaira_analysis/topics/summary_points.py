"""Topic (00-summary): the main points first, five sentences a committee member can quote.

Each point is one plain sentence that opens by saying whose figure or judgment it is (the plan's, later
official data's: SSDSE-A or MIC, the city's own pages, or this project's computation) and carries its
numbers, every one computed here from the data (:attr:`Point.figures` keeps them for the tests).
A source the build lacks drops its point; the page never prints a number it did not compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kodaira_analysis.analysis import period
from kodaira_analysis.analysis.targets import PLAN_VERDICT_YEAR
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.wording import bullets
from kodaira_analysis.present.wording import number_en as _n
from kodaira_analysis.topics.period_common import fmt

FIRST, LAST = period.PLAN_PERIOD
#: The plan period's one name on every page (Japanese, English).
PLAN_PERIOD_NAME = (f"プランの期間（{FIRST}～{LAST}年度）", f"the plan period (FY{FIRST}-FY{LAST})")


@dataclass(frozen=True)
class Point:
    """One main point: whose it is, the sentence, and every number in it as computed from the data."""

    whose: str  # "plan", "ssdse", "mic", "city", "ours"
    sentence: str
    figures: dict[str, float] = field(default_factory=dict)


def _targets_point(assessment: pd.DataFrame, lang: str) -> Point:
    """The plan's own verdicts on the 2nd programme's targets: how many it judges, met and missed."""
    by_plan = assessment[assessment["plan_verdict"].notna()]  # what the plan says, whoever's figure is judged now
    met = by_plan[by_plan["plan_verdict"] == "met"]
    missed = by_plan[by_plan["plan_verdict"] == "not_met"]
    names = "、".join(missed["indicator_ja"]) if lang == "ja" else ", ".join(missed["indicator_en"].str.lower())
    total, judged = len(assessment), len(by_plan)
    year = int(assessment["target_fiscal_year"].max())
    on = PLAN_VERDICT_YEAR
    sentence = pick(
        lang,
        f"プランが抜粋した第２次改革推進プログラムの主な数値目標{total}件（{fiscal_year_label(year, 'ja')}目標）のうち、プラン自身が判定しているのは"
        f"{judged}件で、{len(met)}件が達成（いずれも目標年度の前年度にあたる{on}年度の決算による判定）、{len(missed)}件（{names}）が未達成です。",
        f"Of the {_n(total)} main numerical targets of the 2nd Reform Programme that the plan excerpts (set "
        f"for FY{year}), the plan itself judges {_n(judged)}: by its account, {_n(len(met))} were met, all on the "
        f"FY{on} settlement, a year before the target year, and {_n(len(missed))} ({names}) missed.",
    )
    return Point(
        "plan",
        sentence,
        {"year": year, "total": total, "judged": judged, "met": len(met), "missed": len(missed), "on": on},
    )


def _ratio_point(fiscal: pd.DataFrame, lang: str) -> Point:
    """SSDSE-A's current balance ratio in every year of the plan period, and the latest year it holds."""
    cbr = fiscal[fiscal["measure"] == "current_balance_ratio"].set_index("year")["value"]
    during = cbr.loc[FIRST:LAST]
    latest = int(cbr.index.max())
    low, high, last = (fmt(v, "percent", lang) for v in (during.min(), during.max(), cbr[latest]))
    sentence = pick(
        lang,
        f"プラン策定後の公的統計（SSDSE-A）によれば、経常収支比率は{PLAN_PERIOD_NAME[0]}の{len(during)}年度とも{low}～{high}で、"
        f"SSDSE-Aの最新の{latest}年度は{last}です。",
        f"According to later official statistics (SSDSE-A), the current balance ratio was between {low} and {high} in each "
        f"of the {_n(len(during))} years of {PLAN_PERIOD_NAME[1]}, and {last} in FY{latest}, the latest year SSDSE-A holds.",
    )
    return Point(
        "ssdse",
        sentence,
        {"years": len(during), "low": during.min(), "high": during.max(), "latest_year": latest, "latest": cbr[latest]},
    )


def _every(n: int, total: int) -> tuple[str, str]:
    """'毎年度' / 'in every year' only when every one of some years counts; else 'in n of total years'."""
    if total == 0:
        raise ValueError("no year to count: a point on no years says nothing")
    if n == total:
        return "毎年度", "in every year"
    return f"{total}年度のうち{n}年度で", f"in {_n(n)} of {_n(total)} years"


def _against_median(above: int, same: int, below: int, years: int) -> tuple[str, str]:
    """'多摩26市の中央値と同じ年度が3年度、上回った年度が1年度' from the counts, each kind of year said.

    None is folded into 'at or above': equal to the median is not above it.

    >>> _against_median(1, 3, 0, 4)[0]
    '4年度のうち多摩26市の中央値と同じ年度が3年度、上回った年度が1年度で'
    >>> _against_median(1, 3, 0, 4)[1]
    'equal to the median of the 26 Tama cities in three of the four years and above it in one'
    >>> _against_median(4, 0, 0, 4)
    ('毎年度多摩26市の中央値を上回り', 'above the median of the 26 Tama cities in every year')
    """
    kinds = [(same, "同じ", "equal to"), (above, "上回った", "above"), (below, "下回った", "below")]
    kinds = sorted([k for k in kinds if k[0]], key=lambda k: -k[0])
    if len(kinds) == 1:
        _, ja, en = kinds[0]
        verb = {"同じ": "と同じ", "上回った": "を上回り", "下回った": "を下回り"}[ja]
        return f"毎年度多摩26市の中央値{verb}", f"{en} the median of the 26 Tama cities in every year"
    particle = "と" if kinds[0][1] == "同じ" else "を"
    ja = f"{years}年度のうち多摩26市の中央値{particle}" + "、".join(f"{w}年度が{n}年度" for n, w, _ in kinds) + "で"
    first_n, _, first_en = kinds[0]
    en = f"{first_en} the median of the 26 Tama cities in {_n(first_n)} of the {_n(years)} years" + "".join(
        f"{' and' if i == len(kinds) - 1 else ','} {w} it in {_n(n)}" for i, (n, _, w) in enumerate(kinds[1:], 1)
    )
    return ja, en


def _mic_point(lr: pd.DataFrame, lang: str) -> Point | None:
    """MIC's fiscal capability index against the Tama median, and the future burden ratio's dash, in the plan period.

    None when MIC's files hold no year of the plan period for either indicator (the point would have nothing to say).
    """
    during = lr[lr["fiscal_year"].between(FIRST, LAST)]
    fci = during[during["indicator"] == "fiscal_capability_index"].dropna(subset=["value"])
    burden = during[during["indicator"] == "future_burden_ratio"]
    burden = burden[burden["value"].notna() | burden["no_net_burden"].astype(bool)]
    if fci.empty or burden.empty:
        return None
    gap = (fci["value"].astype(float) - fci["group_median"].astype(float)).round(6)
    above, same, below = int(gap.gt(0).sum()), int(gap.eq(0).sum()), int(gap.lt(0).sum())
    dashes = int(burden["no_net_burden"].astype(bool).sum())
    years = len(fci)
    median_ja, median_en = _against_median(above, same, below, years)
    dash_ja, dash_en = _every(dashes, len(burden))
    sentence = pick(
        lang,
        f"プラン策定後の公的統計（総務省の主要財政指標）によれば、{PLAN_PERIOD_NAME[0]}の財政力指数は{fci['value'].min():.2f}～{fci['value'].max():.2f}で、"
        f"{median_ja}、将来負担比率は{dash_ja}「－」（充てられる財源が将来負担を上回る）でした。",
        f"According to later official statistics, the main fiscal indicators of the Ministry of Internal Affairs and "
        f"Communications (MIC): in {PLAN_PERIOD_NAME[1]} the fiscal capability index was {fci['value'].min():.2f} to {fci['value'].max():.2f}, "
        f"{median_en}, and the future burden ratio was a dash (the "
        f"resources that can meet the future burden exceed it) {dash_en}.",
    )
    return Point(
        "mic",
        sentence,
        {
            "low": fci["value"].min(),
            "high": fci["value"].max(),
            "above": above,
            "same": same,
            "below": below,
            "years": years,
            "dashes": dashes,
        },
    )


def _city_point(pages: pd.DataFrame, lang: str) -> Point:
    """The city's own progress page on the 3rd programme: items on schedule and behind, and where the delays were."""
    from kodaira_analysis.topics.progress_pages import _counts, _report, when

    part = _report(pages, "programme_3")
    counts = _counts(part)
    behind = part[(part["status"] == "behind") & (part["items"] > 0)]
    where = (
        "「" + "」「".join(behind["policy"]) + "」"
        if lang == "ja"
        else ", ".join(f"'{p}'" for p in behind["policy_en"])
    )
    row = part.iloc[0]
    as_of = when(row["as_of"], row["as_of_printed"], lang)
    caption = when(row["caption_as_of"], row["caption_as_of_printed"], lang)
    caption_short = when(row["caption_as_of"], row["caption_as_of_printed"], lang, short=True)  # no nested brackets
    total = int(row["report_items"])
    sentence = pick(
        lang,
        f"市のホームページによれば、第３次改革推進プログラムの{total}項目のうち{counts['on_schedule']}項目が予定どおり、"
        f"{counts['behind']}項目が予定より遅れており"
        + (f"、遅れはすべて{where}の項目でした" if counts["behind"] else "でした")
        + f"（{as_of}現在。表の表題では{caption}）。",
        f"According to the city's website, of the {total} items of the 3rd Reform Programme, {_n(counts['on_schedule'])} "
        f"were on schedule and {_n(counts['behind'])} behind"
        + (f", all of them in {where}" if counts["behind"] else "")
        + f" (as at {as_of}; the caption of the page's table gives the {caption_short}).",
    )
    dates = {
        "as_of_year": row["as_of"].year,
        "as_of_month": row["as_of"].month,
        "caption_year": row["caption_as_of"].year,
        "caption_day": row["caption_as_of"].day,
        "caption_fiscal_year": row["caption_as_of"].year - (row["caption_as_of"].month <= 3),
    }
    return Point("city", sentence, {"total": total, **counts, **dates})


def _jump_point(fiscal: pd.DataFrame, lang: str) -> Point:
    """Our computation from SSDSE-A: FY2020's rise in expenditure, and every later year against FY2019."""
    from kodaira_analysis.analysis import period_compare

    jump = period_compare.period_change(fiscal, "expenditure", LAST - 1, LAST)
    up = jump["percent"] > 0
    later = sorted(int(y) for y in fiscal.loc[fiscal["measure"] == "expenditure", "year"] if y > LAST)
    above = period_compare.against_year(fiscal, "expenditure", LAST - 1, later)
    parts = pick(
        lang,
        "、".join(f"{y}年度は{p:+.1f}%" for y, p in above.items()),
        " and ".join(f"{p:+.1f}% in FY{y}" for y, p in above.items()),
    )
    rest = pick(lang, f"その後は{LAST - 1}年度比で{parts}です", f"against FY{LAST - 1} it was {parts}")
    if not above:
        rest = pick(lang, "その後の年度の数値はありません", "no later year is in the data")
    sentence = pick(
        lang,
        f"本プロジェクトがSSDSE-Aから計算すると、{LAST}年度の歳出決算総額は前年度比{jump['percent']:+.1f}%と{'増え' if up else '減り'}、"
        f"{rest}。",
        f"By our computation from SSDSE-A, total settled expenditure {'rose' if up else 'fell'} by {abs(jump['percent']):.1f}% in FY{LAST} on the year "
        f"before, and {rest}.",
    )
    return Point(
        "ours", sentence, {"jump": round(jump["percent"], 1), **{str(y): round(p, 1) for y, p in above.items()}}
    )


def main_points(
    assessment: pd.DataFrame,
    pages: pd.DataFrame,
    lang: str,
    fiscal: pd.DataFrame | None = None,
    lr: pd.DataFrame | None = None,
) -> list[Point]:
    """The main points, in order: the plan's, SSDSE-A's, MIC's, the city's, ours (a missing source drops its point).

    ``fiscal`` is Kodaira's ``period.fiscal_series`` (SSDSE-A), ``lr`` MIC's ``mic_long_run.long_run``; either may
    be None when its files are absent.
    """
    points = [_targets_point(assessment, lang)]
    if fiscal is not None:
        points.append(_ratio_point(fiscal, lang))
    mic = _mic_point(lr, lang) if lr is not None else None
    if mic is not None:
        points.append(mic)
    points.append(_city_point(pages, lang))
    if fiscal is not None:
        points.append(_jump_point(fiscal, lang))
    return points


def main_points_section(points: list[Point], lang: str) -> MarkdownText:
    """The section a member reads first: a heading, one line on whose each point is, the points."""
    lead = pick(
        lang,
        "各文の冒頭に、誰の数値・判断かを示しています（プラン、プラン策定後の公的統計、市のホームページ、本プロジェクト）。"
        "本プロジェクトとは、このレポートを作成した kodaira-analysis プロジェクトです。",
        "Each sentence opens by saying where its figure or judgment comes from: the plan, later official statistics, "
        "the city's website, or this project. 'We' and 'the project' are the kodaira-analysis project, which produced this report.",
    )
    heading = markdown(pick(lang, "## 要点", "## Main points") + "\n\n" + lead + "\n\n")
    return heading + bullets([p.sentence for p in points])
