"""Topic: the plan's own history as it dates it, and the city-tax trend it gives as background.

The reform outline, the review committee, the revision of the 2nd programme and why the 3rd plan ends in FY2020.
Every date and year comes from the ``plan_history`` table (data/raw/plan_history.csv), each with the plan's section.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.japanese import era_year_label
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick
from kodaira_analysis.present.markdown import MarkdownText
from kodaira_analysis.present.sources import cite, section_label, source_note
from kodaira_analysis.present.wording import Wording, join_markdown

_OUTLINE = Wording(
    ja="プランによると、市は{month}に行財政改革大綱を策定し、それに基づく第１～３次行財政改革推進計画によって"
    "{period}に改革を進めました{cite}。",
    en="According to the plan, the city adopted its Outline of Administrative and Fiscal Reform in {month} and "
    "carried out the reforms of the 1st-3rd reform plans based on it in {period}{cite}.",
)
_COMMITTEE = Wording(
    ja="行財政再構築方針は、市が{established}に設置した小平市行財政再構築方針検討委員会（{reappointed}に委員改選）の"
    "検討結果を踏まえて策定されたものです{cite}。",
    en="The restructuring policy rests on the findings of the Kodaira City Review Committee on the Restructuring "
    "Policy, which the city set up in {established} and whose membership was renewed in {reappointed}{cite}.",
)
_REVISED = Wording(
    ja="第２次改革推進プログラムの{items}項目は、{fy}末に、項目ごとの達成状況や社会経済状況の変化に応じて、"
    "実施内容・成果指標・年度計画などが見直され、改訂されました{cite}。",
    en="At the end of {fy}, each of the 2nd Reform Programme's {items} items was reviewed against its progress and "
    "changes in social and economic conditions, and its content, performance indicators and yearly schedule "
    "revised{cite}.",
)
_WHY_2020 = Wording(
    ja="プランの期間が{plan}の{years}年間であるのは、第三次長期総合計画（{long_term}）と終了年度を合わせ、"
    "「中期的な施策の取組方針・実行プログラム」の計画期間（{medium}）に合わせたためです{cite}。",
    en="The 3rd plan covers the {years} years {plan} because it ends with the 3rd Long-Term Comprehensive Plan "
    "({long_term}) and matches the period of the Medium-Term Policy Directions and Action Programme ({medium}){cite}.",
    counts=("years",),
)
_CITY_TAX = Wording(
    ja="プランは財政の背景として、市税が{decline_fy}後半からの世界的な景気後退で減少傾向となり、{first_rise}に法人市民税の"
    "回復などから4年ぶりに前年度を上回り、{streak_end}まで{streak}年連続で増加したと記しています{cite}。"
    "プランは市税の金額を示していません。",
    en="As background to the finances, the plan says that city tax turned downward with the global recession from "
    "the second half of {decline_fy}, rose above the previous year in {first_rise} for the first time in four years, "
    "helped by a recovery in corporate municipal tax, and rose for {streak} consecutive years to {streak_end}{cite}. "
    "The plan gives no amounts of city tax.",
    counts=("streak",),
)


def month_label(day: pd.Timestamp, lang: str) -> str:
    """A month as a reader expects it: 1996（平成8）年12月 / December 1996.

    >>> month_label(pd.Timestamp("1996-12-01"), "ja"), month_label(pd.Timestamp("1996-12-01"), "en")
    ('1996（平成8）年12月', 'December 1996')
    """
    if lang == "ja":
        return f"{day.year}（{era_year_label(day.year, suffix='')}）年{day.month}月"
    return day.strftime("%B %Y")


def period_label(start: int, end: int, lang: str) -> str:
    """A span of fiscal years: 2006～2020（平成18～令和2）年度 / FY2006-FY2020.

    >>> period_label(2006, 2020, "ja"), period_label(2006, 2020, "en")
    ('2006～2020（平成18～令和2）年度', 'FY2006-FY2020')
    """
    if lang == "ja":
        return f"{start}～{end}（{era_year_label(start, suffix='')}～{era_year_label(end, suffix='')}）年度"
    return f"FY{start}-FY{end}"


def _when(row: pd.Series, lang: str) -> str:
    """The time of one fact, in the reader's calendar (the plan's own wording is in the table)."""
    start, end, kind = int(row["start_fiscal_year"]), int(row["end_fiscal_year"]), row["when_kind"]
    if kind == "month":
        return month_label(row["month"], lang)
    if kind in ("fiscal_years", "run_to"):
        return period_label(start, end, lang)
    if kind == "fiscal_year_end":
        return pick(lang, f"{fiscal_year_label(start, lang)}末", f"end of {fiscal_year_label(start, lang)}")
    if kind == "fiscal_year_second_half_on":
        return pick(lang, f"{fiscal_year_label(start, lang)}後半から", f"from the second half of FY{start}")
    return fiscal_year_label(start, lang)


def history_facts_sentence(ph: pd.DataFrame, rh: pd.DataFrame, lang: str) -> MarkdownText:
    """The plan's history in the order it happened, each fact with its date and the plan's section."""
    facts = ph.set_index("event_id")
    programmes = rh.set_index("program_id")
    parts = []
    if "reform_outline_adopted" in facts.index and {"reform_1", "reform_3"} <= set(programmes.index):
        outline = facts.loc["reform_outline_adopted"]
        parts.append(
            _OUTLINE.say(
                lang,
                month=month_label(outline["month"], lang),
                period=period_label(
                    int(programmes.at["reform_1", "start_fiscal_year"]),
                    int(programmes.at["reform_3", "end_fiscal_year"]),
                    lang,
                ),
                cite=cite(outline["section"], lang),
            )
        )
    if {"review_committee_established", "review_committee_reappointed"} <= set(facts.index):
        set_up = facts.loc["review_committee_established"]
        parts.append(
            _COMMITTEE.say(
                lang,
                established=month_label(set_up["month"], lang),
                reappointed=month_label(facts.at["review_committee_reappointed", "month"], lang),
                cite=cite(set_up["section"], lang),
            )
        )
    if "programme_2_revised" in facts.index and "restructuring_2" in programmes.index:
        revised = facts.loc["programme_2_revised"]
        parts.append(
            _REVISED.say(
                lang,
                items=int(programmes.at["restructuring_2", "items"]),
                fy=fiscal_year_label(int(revised["start_fiscal_year"]), lang),
                cite=cite(revised["section"], lang),
            )
        )
    if {"long_term_plan_period", "medium_term_programme_period"} <= set(facts.index) and (
        "restructuring_3" in programmes.index
    ):
        start = int(programmes.at["restructuring_3", "start_fiscal_year"])
        end = int(programmes.at["restructuring_3", "end_fiscal_year"])
        long_term, medium = facts.loc["long_term_plan_period"], facts.loc["medium_term_programme_period"]
        parts.append(
            _WHY_2020.say(
                lang,
                plan=period_label(start, end, lang),
                years=end - start + 1,
                long_term=period_label(int(long_term["start_fiscal_year"]), int(long_term["end_fiscal_year"]), lang),
                medium=period_label(int(medium["start_fiscal_year"]), int(medium["end_fiscal_year"]), lang),
                cite=cite(medium["section"], lang),
            )
        )
    return join_markdown(parts, "" if lang == "ja" else " ")


def city_tax_sentence(ph: pd.DataFrame, lang: str) -> str:
    """The city-tax trend the plan gives as background (第１章３（１）); empty when its facts are not in ``ph``."""
    facts = ph.set_index("event_id")
    if not {"city_tax_decline", "city_tax_first_rise", "city_tax_rise_streak"} <= set(facts.index):
        return ""
    first_rise = int(facts.at["city_tax_first_rise", "start_fiscal_year"])
    streak = facts.loc["city_tax_rise_streak"]
    return _CITY_TAX.say(
        lang,
        decline_fy=fiscal_year_label(int(facts.at["city_tax_decline", "start_fiscal_year"]), lang),
        first_rise=fiscal_year_label(first_rise, lang),
        streak=int(streak["end_fiscal_year"]) - int(streak["start_fiscal_year"]) + 1,
        streak_end=fiscal_year_label(int(streak["end_fiscal_year"]), lang),
        cite=cite(streak["section"], lang),
    )


def history_facts_table(ph: pd.DataFrame, lang: str, *, number: int | None = None) -> TableView:
    """Every dated fact: what, when as the plan prints it, when in the reader's calendar, and the plan's section.

    ``number``: the table's number on its page (04: 2); None leaves it unnumbered.
    """
    columns = {pick(lang, "事項", "Fact"): ph["event" if lang == "ja" else "event_en"]}
    if lang == "ja":  # the plan's own wording; the English page gives the reading only
        columns["時期（プランの記載）"] = ph["when_printed"]
    frame = pd.DataFrame(
        {
            **columns,
            pick(lang, "時期", "When"): [_when(r, lang) for _, r in ph.iterrows()],
            pick(lang, "出典（プランの節）", "Section of the plan"): [section_label(s, lang) for s in ph["section"]],
        }
    )
    return TableView(
        frame,
        caption=pick(
            lang,
            f"表{number or ''} プランが時期を記している事項（経過と背景）",
            f"Table{f' {number}' if number else ''}. The facts the plan dates (history and background)",
        ),
        note=pick(
            lang,
            "「時期」は本プロジェクトが西暦を添えたものです。",
            "'When' is our reading of the plan's Japanese-era dates.",
        ),
        source=source_note("plan_history", lang),
    )
