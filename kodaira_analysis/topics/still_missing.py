"""Topic: what we still lack: the figures for the plan period (FY2016-FY2020) that no source here holds.

Said once on each page that needs it (the summary and 01): for each figure, what the project's sources
hold and where the missing years are published. The list is the project's own account of its sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown


@dataclass(frozen=True)
class Missing:
    """One figure the committee would want for the plan period, in both languages."""

    figure_ja: str
    figure_en: str
    held_ja: str
    held_en: str
    published_ja: str
    published_en: str


MISSING: tuple[Missing, ...] = (
    Missing(
        "基金残高（財政調整基金・公共施設整備基金）、2016～2020年度末",
        "Fund balances (fiscal adjustment fund, public facilities fund), ends of FY2016-FY2020",
        "プランの表に2014年度末まで",
        "The plan's table, to the end of FY2014",
        "総務省「決算カード」（積立金現在高：財政調整基金、減債基金、その他特定目的基金）・「財政状況資料集」；基金ごとの残高は市の決算書",
        "MIC's settlement summary cards (kessan kādo: reserves as fiscal adjustment fund, debt-reduction fund and other "
        "special-purpose funds) and fiscal condition sheets (zaisei jōkyō shiryōshū); each fund by name in the city's "
        "settlement",
    ),
    Missing(
        "市債残高（一般会計・下水道）、2016～2020年度末",
        "Municipal debt (general account, sewer account), ends of FY2016-FY2020",
        "プランの表に2014年度末まで",
        "The plan's table, to the end of FY2014",
        "総務省「決算カード」（地方債現在高、普通会計）・「財政状況資料集」；下水道は市の下水道事業会計の決算",
        "MIC's settlement cards (outstanding local bonds, ordinary account basis) and fiscal condition sheets; the "
        "sewer debt in the settlement of the city's sewer account",
    ),
    Missing(
        "定員、2017～2021年の各4月1日",
        "Staff quota, 1 April of each year 2017-2021",
        "プランに2016年4月1日（932人）まで；SSDSE-Aの一般行政部門職員数（別の数え方）",
        "The plan, to 1 April 2016 (932); SSDSE-A's general-administration staff (a different count)",
        "総務省「地方公共団体定員管理調査」（部門別の職員数、4月1日現在）；定員そのものは市の定員管理の計画と人事行政の運営等の状況の公表",
        "MIC's survey of local government staff numbers (teiin kanri chōsa: staff by department on 1 April); the quota "
        "itself in the city's staffing plan and its yearly report on personnel administration",
    ),
    Missing(
        "改革推進プログラムのその後の進捗と最終結果（第３次は2017～2020年度、第２次のフォローアップは2017年度以降）",
        "The reform programmes' later progress and final results (the 3rd, FY2017-FY2020; the 2nd plan's follow-up after FY2016)",
        "市のホームページの2ページ（2017年9月末または2016年度末、2016年度末）",
        "Two pages of the city's website (end of September 2017 or end of FY2016; end of FY2016)",
        "市ホームページの進捗状況のページ（企画政策部 行政経営課）と行財政再構築推進委員会の資料",
        "The city's progress pages (Planning and Policy Department, Administrative Management Division) and the "
        "papers of its restructuring committee (gyōzaisei saikōchiku suishin iinkai)",
    ),
)


def missing_sentence(lang: str) -> MarkdownText:
    """One paragraph: what no source here holds for the plan period, and that the table says where it is."""
    return markdown(
        pick(
            lang,
            "本プロジェクトの資料には、プランの期間（2017～2020年度）について委員会が求めるであろう数値のうち、"
            "基金残高、市債残高、定員、改革推進プログラムの最終結果がありません。次の表は、それぞれについて本プロジェクトが"
            "持つ資料と、数値が公表されている場所を示します（本プロジェクトの整理）。",
            "The project's sources do not hold several figures the committee would want for the plan period "
            "(FY2017-FY2020): fund balances, municipal debt, the staff quota and the reform programmes' final results. "
            "The table below gives, for each, what the sources hold and where the figures are published (the project's "
            "own account).",
        )
    )


def missing_frame(lang: str) -> pd.DataFrame:
    """Figure, what the sources hold, where it is published."""
    columns = (
        pick(lang, "数値", "Figure"),
        pick(lang, "本プロジェクトの資料にあるもの", "What the project's sources hold"),
        pick(lang, "公表されている場所", "Where it is published"),
    )
    rows = [
        (m.figure_ja, m.held_ja, m.published_ja) if lang == "ja" else (m.figure_en, m.held_en, m.published_en)
        for m in MISSING
    ]
    return pd.DataFrame(rows, columns=list(columns))


def missing_table(lang: str) -> TableView:
    """What we still lack, as a table with its caption and whose list it is."""
    return TableView(
        missing_frame(lang),
        caption=pick(
            lang,
            "表 本プロジェクトの資料にない数値と、その公表先",
            "Table. Figures the project's sources lack, and where they are published",
        ),
        source=pick(
            lang,
            "出典：本プロジェクトの整理",
            "Source: the project's own account of its sources",
        ),
    )
