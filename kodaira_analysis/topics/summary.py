"""Topic: the committee's summary: the six targets, and whose verdict each is.

How the plan period went is in :mod:`kodaira_analysis.topics.summary_period`.

Every judgment says whose it is: the plan's own statement, a result settled
by later official statistics (SSDSE-A), or this project's projection or comparison
(``assess_targets()['verdict_by']``).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.present.dates import format_when
from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import (
    ASSESSMENT_METHOD,
    NOT_JUDGED_BY,
    PLAN_ALSO_MET,
    STATUS_LABELS,
    VERDICT_BY,
    fiscal_year_label,
    format_target,
    format_target_value,
    pick,
    verdict_label,
)
from kodaira_analysis.present.markdown import MarkdownText
from kodaira_analysis.present.sources import SSDSE_SOURCE, source_note
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.topics.period_common import fmt, source_words
from kodaira_analysis.topics.targets import latest_words, projection_range_words

INTRO = Wording(
    ja="第２次改革推進プログラムの主な数値目標のうち{plan}が第１章２（４）に抜粋した6つの目標（目標年度は2015（平成27）年度）の評価と、"
    "プランの期間（2017～2020年度）に財政・職員・高齢化の主な指標がどう動いたかをまとめます。"
    "評価ごとに、誰の判断か（プラン自身の記述か、プラン策定後の公的統計の確定値による本プロジェクトの判断か）を示します。本プロジェクトの推計は参考として"
    "示すだけで、実績が公表されている年度の判定には用いません。",
    en="This summary assesses the six main numerical targets of the 2nd Reform Programme, all set for FY2015, that "
    "the {plan} excerpts in Chapter 1, section 2(4), and shows how the main indicators of fiscal health, staffing and ageing moved "
    "during the plan period (FY2017-FY2020). Each verdict says whose it is: the plan's own statement, or this project's on a "
    "figure settled by later official statistics. This project's projections are shown for reference only and give no verdict on "
    "a year whose actual figure has been published.",
)
IMPLIED = Wording(
    ja="910人・30億円・20億円の目標には「以下」「以上」などの向きが記載されていません。本プロジェクトは、プランが932人を"
    "「達成できませんでした」、37.5億円と21.1億円を「達成」としていることから、定員を上限、2つの基金を下限と読んでいます。",
    en="The plan prints no direction (such as 'or less' or 'or more') for the targets of 910 staff, 3.0 billion yen "
    "and 2.0 billion yen. We read the quota as a ceiling and the two funds as floors, because the plan calls 932 "
    "staff a miss and 3.75 and 2.11 billion yen achievements.",
)
PLAN_BASIS = Wording(
    ja="プランは、財政の5つの目標のうち4つ（経常収支比率、2つの基金、一般会計の市債残高）の達成を2014年度決算で述べており、"
    "目標時点（2015年度末・2015年度決算）の実績は記載していません。5つ目の下水道の市債残高については、達成・未達成の"
    "どちらも述べていません。",
    en="The plan reports four of the five financial targets (the current balance ratio, the two funds and the "
    "general-account debt) as met on the FY2014 settlement; it prints no result for the target date (end of FY2015, "
    "or the FY2015 settlement). It says nothing, either way, about the fifth, the sewer debt.",
)
SETTLED = Wording(
    ja="経常収支比率の2015年度決算は{value}（SSDSE-A）で、目標「95.0%以下」を満たしました。この判定は、プラン策定後の公的統計の確定値による本プロジェクトのものです。",
    en="In the FY2015 settlement the current balance ratio was {value} (SSDSE-A), meeting the target of "
    "'95.0% or less'; this verdict is this project's, on later official statistics.",
)
PROJECTED = Wording(
    ja="{name}：プランに記載された最後の実績は{latest_year}の{latest}で、目標「{target}」の値を{gap}{side}水準でした（目標の時点は{year}）。"
    "本プロジェクトの推計（{method}）では{year}に{value}となり、目標を{verdict}。これは本プロジェクトの推計で、プランの判断ではありません。",
    en="{name}: the last result the plan prints is {latest} in {latest_year}, {gap} {side_en} the target of '{target}' (set for {year}). "
    "Our projection ({method}) gives {value} in {year}, which {verdict} the target. This is our projection, "
    "not the plan's verdict.",
)


def _gap_words(r: pd.Series, lang: str) -> dict[str, str]:
    """How far the last printed result stood from the target's value, as a fact of that year, not a verdict."""
    gap = abs(float(r["latest_value"]) - float(r["target_value"]))
    above = float(r["latest_value"]) > float(r["target_value"])
    return {
        "gap": fmt(gap, _unit(r["unit"]), lang),
        "side": "上回る" if above else "下回る",
        "side_en": "above" if above else "below",
    }


NOT_JUDGED = Wording(
    ja="{name}：プランに記載された最後の実績は{latest_year}の{latest}で、目標「{target}」の値を{gap}{side}水準でした（目標の時点は{year}）。プランは達成・"
    "未達成を述べておらず、{year}の実績は市の決算で公表されていますが、本プロジェクトの資料にはありません。過去の実績を"
    "延長した本プロジェクトの推計は{range}（{fits}通りの当てはめ方による幅）ですが、推計は実績の代わりにならないため判定しません。",
    en="{name}: the last result the plan prints is {latest} in {latest_year}, {gap} {side_en} the target of '{target}' (set for {year}). The "
    "plan gives no verdict, and the {year} figure, published in the city's settlement of accounts, is not in "
    "our sources. Extending the past results gives {range} (the range over {fits} ways of fitting them); a "
    "projection is no substitute for the published figure, so we give no verdict.",
    counts=("fits",),
)


def intro(lang: str) -> MarkdownText:
    """What the page holds and how verdicts are labelled."""
    from kodaira_analysis.present.i18n import PLAN_TITLE

    return INTRO.say(lang, plan=PLAN_TITLE[lang])


def _target_printed(row: pd.Series, lang: str) -> str:
    """The target as printed (Japanese), or its English rendering; a direction not printed is marked as ours."""
    if row["comparator_source"] == "printed":
        return str(row["target_printed"]) if lang == "ja" else format_target(row, lang)
    reading = pick(lang, "上限", "a ceiling") if row["comparator"] == "<=" else pick(lang, "下限", "a floor")
    if lang == "ja":
        return f"{row['target_printed']}（向きの記載なし。本プロジェクトは{reading}と読む）"
    value = (
        format_target_value(row, lang)
        if row["unit"] == "million_yen"
        else fmt(row["target_value"], _unit(row["unit"]), lang)
    )
    return f"{value} (no direction printed; read as {reading})"


def _unit(unit: str) -> str:
    return {"million_yen": "million_yen", "percent": "percent", "persons": "staff"}[unit]  # the quota counts staff


def verdict_words(row: pd.Series, lang: str) -> str:
    """The verdict; a projection is worded as ours, never like the plan's verdict."""
    if row["verdict_by"] == "projection" and row["status"] != "not_judged":
        inside = bool(row["on_track"])
        return STATUS_LABELS[lang]["on_track" if inside else "off_track"]
    return verdict_label(row, lang)


def whose_words(row: pd.Series, lang: str) -> str:
    """Whose verdict the status is; nobody's for a target not judged."""
    if row["status"] == "not_judged":
        return pick(lang, *NOT_JUDGED_BY)
    words = pick(lang, *VERDICT_BY[row["verdict_by"]])
    if row["verdict_by"] == "later_data" and row.get("plan_verdict") == "met":  # the plan said so too, on FY2014
        words += pick(lang, *PLAN_ALSO_MET)
    return words


def targets_frame(assessment: pd.DataFrame, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target: the target as printed, the result judged, the verdict, whose verdict."""
    extra = [c for c in ("target_printed", "comparator_source") if c not in assessment.columns]
    merged = (
        assessment.merge(targets[["indicator", *extra]], on="indicator", validate="one_to_one") if extra else assessment
    )
    rows = []
    for _, r in merged.iterrows():
        rows.append(
            {
                pick(lang, "指標", "Indicator"): r["indicator_ja"] if lang == "ja" else r["indicator_en"],
                pick(lang, "目標（プランの表記）", "Target as printed"): _target_printed(r, lang),
                pick(lang, "評価に用いた実績", "Result judged"): fmt(r["judged_value"], _unit(r["unit"]), lang),
                pick(lang, "時点・出典", "When, and source"): format_when(
                    int(r["judged_fiscal_year"]), r["judged_as_of"], r["unit"], lang, table=True
                )
                + f"{pick(lang, '・', ', ')}{source_words(r['judged_source'], lang)}",
                pick(lang, "評価", "Verdict"): verdict_words(r, lang),
                pick(lang, "最新の数値（年度・出典）", "Latest figure in our sources (year, source)"): latest_words(
                    r, lang
                ),
                pick(lang, "判断の主体", "Whose verdict"): whose_words(r, lang),
            }
        )
    return pd.DataFrame(rows)


def targets_table(assessment: pd.DataFrame, targets: pd.DataFrame, lang: str) -> TableView:
    """The six targets, each with whose verdict it is."""
    ssdse_used = assessment["judged_source"].astype(str).str.startswith("SSDSE").any()
    return TableView(
        targets_frame(assessment, targets, lang),
        caption=pick(
            lang,
            "表1 第２次改革推進プログラムの主な数値目標（2015年度目標、プランの抜粋）",
            "Table 1. Main numerical targets of the 2nd Reform Programme, set for FY2015 (as excerpted in the plan)",
        ),
        source=source_note("targets", lang) + (" / " + SSDSE_SOURCE[lang] if ssdse_used else ""),
    )


def targets_notes(assessment: pd.DataFrame, targets: pd.DataFrame, lang: str) -> MarkdownText:
    """What the plan itself says, what later data settles, and our projections, as a Markdown list."""
    printed = targets.set_index("indicator")["target_printed"]
    notes = [PLAN_BASIS.say(lang), IMPLIED.say(lang)]
    rows = assessment.set_index("indicator")
    cbr = rows.loc["current_balance_ratio"]
    if cbr["verdict_by"] == "later_data":
        notes.append(SETTLED.say(lang, value=fmt(cbr["judged_value"], "percent", lang)))
    for indicator, r in rows.iterrows():
        if r["verdict_by"] != "projection":
            continue
        if r["status"] == "not_judged":
            notes.append(
                NOT_JUDGED.say(
                    lang,
                    name=r["indicator_ja"] if lang == "ja" else r["indicator_en"],
                    year=fiscal_year_label(int(r["target_fiscal_year"]), lang),
                    target=printed[indicator] if lang == "ja" else format_target(r, lang),
                    latest=fmt(r["latest_value"], _unit(r["unit"]), lang),
                    latest_year=fiscal_year_label(int(r["latest_fiscal_year"]), lang),
                    **_gap_words(r, lang),
                    range=projection_range_words(r, lang),
                    fits=int(r["projection_fits"]),
                )
            )
            continue
        notes.append(
            PROJECTED.say(
                lang,
                name=r["indicator_ja"] if lang == "ja" else r["indicator_en"],
                year=fiscal_year_label(int(r["target_fiscal_year"]), lang),
                value=fmt(round(float(r["projected_value"]), 1), _unit(r["unit"]), lang),
                target=printed[indicator] if lang == "ja" else format_target(r, lang),
                latest=fmt(r["latest_value"], _unit(r["unit"]), lang),
                latest_year=fiscal_year_label(int(r["latest_fiscal_year"]), lang),
                **_gap_words(r, lang),
                method=ASSESSMENT_METHOD[lang][r["projection_method"]],
                verdict=pick(
                    lang,
                    "満たします" if r["on_track"] else "満たしません",
                    "would meet" if r["on_track"] else "would miss",
                ),
            )
        )
    return bullets(notes)
