"""Topic: the six numerical targets of the 2nd programme, their results, the projections.

The sentences, the one-glance table and the figure as one object (its panels are drawn by
:mod:`kodaira_analysis.topics.target_figures`); used by the fiscal report and the index.
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.targets import was_met
from kodaira_analysis.present.dates import format_when
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import (
    NOT_JUDGED_BY,
    VERDICT_BY,
    fiscal_year_label,
    format_points,
    format_target,
    format_value,
    implied_direction_note,
    pick,
    round_as_printed,
    text,
    verdict_label,
)
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import PLAN_VERDICTS, cite, source_note, with_ssdse
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.topics.period_common import source_words
from kodaira_analysis.topics.target_figures import grid_alt, grid_figure

#: The range of the current balance ratio the plan's footnote calls desirable (percent).
DESIRABLE_BAND = (70.0, 80.0)


#: A target whose actual the city has published but our sources lack: our projection is shown, nobody judges.


def target_phrase(row: pd.Series, lang: str) -> str:
    """The target as the plan prints it ('300億円以内'), a direction it does not print marked as ours."""
    return format_target(row, lang)


def projected_value(row: pd.Series, lang: str) -> str:
    """The projection at the target year, to the precision the plan prints, the same in both languages."""
    return format_value(round_as_printed(float(row["projected_value"]), row["unit"]), row["unit"], lang)


_PLAN_MET = Wording(
    ja="{name}は{when}で{latest}でした。プランは、この実績をもって目標（{target}、{target_when}）を達成したとしています。",
    en="{name} was {latest} {when}; the plan counts this as meeting its target ({target} {target_when}).",
)
_PLAN_NOT_MET = Wording(
    ja="{name}は{when}で{latest}となり、目標（{target}、{target_when}）を達成できませんでした。",
    en="{name} was {latest} {when} and missed its target ({target} {target_when}).",
)
_PLAN_OWN = Wording(
    ja="以上のうち{names}の達成・未達成は、プラン自身の記述によるものです{cite}。",
    en="The verdicts on {names} are the plan's own{cite}.",
)
_PLAN_ALSO = Wording(
    ja="{names}については、プランも2014年度決算の実績をもって目標を達成したとしています{cite}。上の判定は、プラン策定後の公的統計の確定値によるものです。",
    en="The plan, too, counts {names} as meeting its target on the FY2014 settlement{cite}; the verdict above rests "
    "on the later settled figure.",
)
_LATER_DATA = Wording(
    ja="{name}は{when}で{latest}（統計センターSSDSE-Aによる確定値）となり、目標（{target}、{target_when}）を{verdict}。",
    en="{name} was {latest} {when} (a settled figure from the Statistics Center's SSDSE-A), so its target "
    "({target} {target_when}) was {verdict}.",
)
_PROJECTED = Wording(
    ja="{name}は{when}で{latest}でした。プランはこの目標（{target}、{target_when}）の達成状況に触れていません。"
    "本プロジェクトの推計では{target_when}に{projected}となり、目標を{verdict}計算になります（推計であり、プランの判断ではありません）。",
    en="{name} was {latest} {when}. The plan does not say whether this target ({target} {target_when}) was met. "
    "Our projection gives {projected} {target_when}, which {verdict} the target (a projection, not the plan's verdict).",
)
_NOT_JUDGED = Wording(
    ja="{name}は{when}で{latest}でした。プランはこの目標（{target}、{target_when}）の達成状況に触れておらず、"
    "{target_year}の実績は本プロジェクトの資料にありません（市の{target_year}決算で公表されています）。"
    "参考までに、過去の実績を延長した本プロジェクトの推計は{target_when}に{range}です（{fits}通りの当てはめ方による幅）。"
    "推計は実績の代わりにならないため、達成・未達成の判定はしません。",
    en="{name} was {latest} {when}. The plan does not say whether this target ({target} {target_when}) was met, and "
    "our sources do not hold the {target_year} figure, which the city publishes in its {target_year} settlement of "
    "accounts. For reference only, extending the past results gives {range} {target_when} (the range over "
    "{fits} ways of fitting them). A projection is no substitute for the published figure, so we give no verdict.",
    counts=("fits",),
)


def _and_en(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _subject_en(name: str) -> str:
    """An indicator's English name as the subject of a sentence: 'The staff quota'."""
    return name if name.startswith("Municipal") else "The " + name[0].lower() + name[1:]


def _when(row: pd.Series, lang: str, *, target: bool, table: bool = False) -> str:
    prefix = "target" if target else "judged"  # the result the status rests on (assess_targets)
    as_of = row.get(f"{prefix}_as_of")
    return format_when(row[f"{prefix}_fiscal_year"], as_of, row["unit"], lang, target=target, table=table)


def projection_range_words(row: pd.Series, lang: str) -> str:
    """The projections' range at the target year, to the precision the plan prints: '81.9～84.7億円'."""
    unit = row["unit"]
    low, high = (round_as_printed(float(row[c]), unit) for c in ("projection_low", "projection_high"))
    if low == high:
        return format_value(low, unit, lang)
    if lang == "ja":
        return f"{format_value(low, unit, lang).rstrip('億円%人')}～{format_value(high, unit, lang)}"
    return f"{format_value(low, unit, lang)} to {format_value(high, unit, lang)}"


def target_sentence(row: pd.Series, lang: str) -> MarkdownText:
    """One indicator: the latest result against the target as printed, worded by whose verdict it is."""
    values = {
        "name": row["indicator_ja"] if lang == "ja" else _subject_en(row["indicator_en"]),
        "latest": format_value(row["judged_value"], row["unit"], lang),
        "when": _when(row, lang, target=False),
        "target": target_phrase(row, lang),
        "target_when": _when(row, lang, target=True),
    }
    source = row["verdict_by"]
    if source == "plan":
        return (_PLAN_MET if row["status"] == "met" else _PLAN_NOT_MET).say(lang, **values)
    if source == "later_data":
        # a later settled figure was judged: met is True or False (was_met raises on a row no one judged)
        verdict = pick(lang, "達成しました", "met") if was_met(row) else pick(lang, "達成できませんでした", "missed")
        return _LATER_DATA.say(lang, verdict=verdict, **values)
    if row["status"] == "not_judged":
        return _NOT_JUDGED.say(
            lang,
            target_year=fiscal_year_label(int(row["target_fiscal_year"]), lang),
            range=projection_range_words(row, lang),
            fits=int(row["projection_fits"]),
            **values,
        )
    meets = row["on_track"]
    ceiling = row["comparator"] == "<="
    verdict = (
        pick(lang, ("下回る" if ceiling else "上回る"), "would meet")
        if meets
        else pick(lang, ("上回る" if ceiling else "下回る"), "would miss")
    )
    return _PROJECTED.say(lang, projected=projected_value(row, lang), verdict=verdict, **values)


_BAND = Wording(
    ja="プランの注1によれば、経常収支比率は概ね{low}～{high}%が望ましいとされています{cite}。{fy}の{value}は{where}。",
    en="The plan's footnote 1 notes that a current balance ratio of roughly {low}-{high}% is generally considered "
    "desirable{cite}; the {fy} figure of {value} is {where}.",
)


def band_sentence(row: pd.Series, band: tuple[float, float], lang: str) -> MarkdownText:
    """How the current balance ratio compares with the range the plan's footnote reports as desirable."""
    low, high = band
    value = row["judged_value"]
    above = value - high
    where = (
        pick(
            lang,
            f"その上限を{format_points(above, lang, 1)}上回っています",
            f"{format_points(above, lang, 1)} above its upper end",
        )
        if above > 0
        else pick(lang, "この範囲に収まっています", "within that range")
    )
    return _BAND.say(
        lang,
        low=f"{low:.0f}",
        high=f"{high:.0f}",
        cite=cite("第１章２（４）注1", lang),
        fy=fiscal_year_label(int(row["judged_fiscal_year"]), lang),
        value=format_value(value, "percent", lang),
        where=where,
    )


_METHOD = Wording(
    ja="推計は本プロジェクトによるもので、プランの見通しではありません。表の推計欄は、過去の実績を目標年度まで延長した"
    "3通りの当てはめ（すべての実績に最小二乗法で当てはめた直線、直近3年の実績に当てはめた直線、直近1年間の増減が続く場合）"
    "の最小と最大です。目標年度の実績がある指標は推計せず、その実績で評価しています。目標年度の実績が市の決算で公表済みで"
    "本プロジェクトの資料にない指標は、推計を参考として示すだけで、本プロジェクトは判定しません。{single}",
    en="Projections are this project's, not the plan's. The table's projection column gives the lowest and highest "
    "of three fits extended to the target's fiscal year: a least-squares line through every result, one through the "
    "last three results, and the last yearly change repeated. An indicator with a result for its target year is "
    "judged on that result, not on a projection; one whose target-year figure the city has published but our sources "
    "do not hold is not judged by this project.{single}",
)
_SINGLE = Wording(
    ja="本文で推計を一つの値で示す指標は、{method}値です。",
    en=" Where the text gives one projected figure, it is the {method}.",
)


def method_sentence(method: str, lang: str, assessment: pd.DataFrame | None = None) -> MarkdownText:
    """How the projections were made, whose they are, and what 'settled' means: one statement of the column's method.

    The method that gives a single projected figure is named only if a sentence gives one (a target judged on a
    projection: ``assessment`` has an on_track or off_track row; without ``assessment``, always).
    """
    single = assessment is None or bool(assessment["status"].isin(["on_track", "off_track"]).any())
    words = _SINGLE.say(lang, method=_SINGLE_METHOD[lang][method]) if single else markdown("")
    return _METHOD.say(lang, single=words)


#: The method behind a single projected figure, as a noun phrase (ASSESSMENT_METHOD words it as a clause).
_SINGLE_METHOD = {
    "ja": {
        "linear": "すべての実績に最小二乗法で当てはめた直線を延長した",
        "last_change": "直近1年間の増減が続くと仮定した",
    },
    "en": {
        "linear": "least-squares line through every result, extended to the target's fiscal year",
        "last_change": "last year-on-year change repeated until the target's fiscal year",
    },
}


def latest_words(row: pd.Series, lang: str) -> str:
    """The latest figure any of our sources holds, with its year and source: '85.2%（2022（令和4）年度決算、SSDSE-A 2026）'."""
    when = format_when(row["latest_fiscal_year"], row.get("latest_as_of"), row["unit"], lang, table=True)
    source = str(row.get("latest_source", "plan"))
    source = pick(lang, "プラン", "the plan") if source == "plan" else source_words(source, lang)
    return f"{format_value(row['latest_value'], row['unit'], lang)}{pick(lang, '（', ' (')}{when}{pick(lang, '、', ', ')}{source}{pick(lang, '）', ')')}"


def _table_frame(assessment: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The one-glance summary: indicator, target and its year, latest result and its year, status, projection."""
    rows = []
    for _, row in assessment.iterrows():
        rows.append(
            {
                text("indicator", lang): row["indicator_ja"] if lang == "ja" else row["indicator_en"],
                text("target", lang): target_phrase(row, lang),
                pick(lang, "目標の時点", "Target date"): _when(row, lang, target=True, table=True),
                pick(lang, "評価に用いた実績", "Result judged"): format_value(row["judged_value"], row["unit"], lang),
                pick(lang, "実績の時点", "Date of result"): _when(row, lang, target=False, table=True),
                text("latest", lang): latest_words(row, lang),
                text("status", lang): verdict_label(row, lang),
                pick(lang, "判断の主体", "Whose verdict"): pick(
                    lang, *(NOT_JUDGED_BY if row["status"] == "not_judged" else VERDICT_BY[row["verdict_by"]])
                ),
                text("projected", lang): "—" if row["settled"] else projection_range_words(row, lang),
            }
        )
    return pd.DataFrame(rows)


def targets_chart(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    assessment: pd.DataFrame,
    lang: str,
    *,
    selected: list[str],
    show_targets: bool = True,
) -> Chart:
    """Each selected indicator against its target, as one figure with its words."""
    return Chart(
        grid_figure(indicators, targets, assessment, lang, selected=selected, show_targets=show_targets),
        alt=grid_alt(assessment, selected, lang),
        caption=pick(
            lang,
            "図2 第２次改革推進プログラムの数値目標（2015年度目標）の指標と目標",
            "Figure 2. The indicators of the 2nd Reform Programme's FY2015 targets against those targets",
        ),
        source=with_ssdse(source_note("indicators", lang), lang)
        if _uses_later_data(indicators, selected)
        else source_note("indicators", lang),
    )


def _uses_later_data(indicators: pd.DataFrame, selected: list[str]) -> bool:
    """Whether a value drawn for the selected indicators comes from later data (SSDSE-A), not the plan."""
    if "source" not in indicators:
        return False
    drawn = indicators[indicators["indicator"].isin(selected) & indicators["value"].notna()]
    return bool((drawn["source"] != "plan").any())


def results_frame(indicators: pd.DataFrame, selected: list[str], lang: str) -> pd.DataFrame:
    """The results Figure 2 draws: one row per selected indicator, one column per fiscal year, as printed."""
    years = sorted(int(y) for y in indicators["fiscal_year"].unique())
    rows = []
    for indicator in selected:
        own = indicators[indicators["indicator"] == indicator].set_index("fiscal_year")
        first = own.iloc[0]
        row = {text("indicator", lang): first["indicator_ja"] if lang == "ja" else first["indicator_en"]}
        for year in years:
            value = own["value"].get(year)
            row[fiscal_year_label(year, lang)] = (
                "—" if value is None or pd.isna(value) else format_value(float(value), first["unit"], lang)
            )
        rows.append(row)
    return pd.DataFrame(rows)


_QUOTA_COLUMN = Wording(
    ja="定員は、プランの表のとおり、各年度の列に翌年度の4月1日現在の人数を示しています（例：2011年度の列は2012年4月1日現在）。",
    en="The staff quota is shown, as in the plan's table, in each fiscal year's column as the count on 1 April "
    "of the following fiscal year (the FY2011 column: 1 April 2012).",
)


def results_table(indicators: pd.DataFrame, selected: list[str], lang: str) -> TableView:
    """The yearly results of the selected indicators (the values Figure 2 draws), and whose figures they are.

    A blank is a year the plan prints no result for; a figure from SSDSE-A rather than the plan is named
    in the note. The target and the projection of each indicator are in the table of the targets at a glance.
    """
    shown = indicators[indicators["indicator"].isin(selected)]
    later = shown[(shown["source"] != "plan") & shown["value"].notna()] if "source" in shown else shown.iloc[0:0]
    notes = []
    if "staff_quota" in selected:
        notes.append(_QUOTA_COLUMN.text(lang))
    notes.append(
        pick(lang, "「—」はプランに実績の記載がない年度です。", "A dash marks a year the plan prints no result for.")
    )
    for _, row in later.sort_values(["indicator", "fiscal_year"]).iterrows():
        name = row["indicator_ja"] if lang == "ja" else row["indicator_en"]
        notes.append(
            pick(
                lang,
                f"{fiscal_year_label(int(row['fiscal_year']), lang)}の{name}はプランではなく"
                f"{source_words(row['source'], lang)}の値です。",
                f"The {name.lower()} for {fiscal_year_label(int(row['fiscal_year']), lang)} is from "
                f"{source_words(row['source'], lang)}, not from the plan.",
            )
        )
    source = source_note("indicators", lang)
    return TableView(
        results_frame(shown, selected, lang),
        caption=pick(lang, "表 図2の実績値（年度別）", "Table: the results in Figure 2, by fiscal year"),
        note=("" if lang == "ja" else " ").join(notes),
        source=with_ssdse(source, lang) if len(later) else source,
    )


def targets_table(assessment: pd.DataFrame, lang: str) -> TableView:
    """The targets at a glance: target, latest result, status, projection."""
    return TableView(
        _table_frame(assessment, lang),
        caption=pick(
            lang,
            "表 第２次改革推進プログラムの数値目標（2015年度目標）の評価（一覧）",
            "Table: assessment of the 2nd Reform Programme's targets for FY2015 (at a glance)",
        ),
        note=implied_direction_note([r for _, r in assessment.iterrows()], lang, cite(PLAN_VERDICTS, lang)),
        source=source_note("targets", lang),
    )


def target_sentences(selected: pd.DataFrame, lang: str) -> MarkdownText:
    """One sentence per indicator, and the desirable band of the current balance ratio, as a Markdown list."""
    sentences = [target_sentence(row, lang) for _, row in selected.iterrows()]
    own = selected[selected["verdict_by"] == "plan"]
    # the plan's own word on a target whose verdict here is later data's
    also = selected.iloc[:0]
    if "plan_verdict" in selected.columns:
        also = selected[(selected["plan_verdict"] == "met") & (selected["verdict_by"] == "later_data")]
    for wording, rows in ((_PLAN_OWN, own), (_PLAN_ALSO, also)):
        if len(rows):
            names = rows["indicator_ja"] if lang == "ja" else "the " + rows["indicator_en"].str.lower()
            joined = "・".join(names) if lang == "ja" else _and_en(list(names))
            sentences.append(wording.say(lang, names=joined, cite=cite("第１章２（４）", lang)))
    if "current_balance_ratio" in set(selected["indicator"]):
        sentences.append(
            band_sentence(selected.set_index("indicator").loc["current_balance_ratio"], DESIRABLE_BAND, lang)
        )
    return bullets(sentences)
