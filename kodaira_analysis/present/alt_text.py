"""Alt text and captions of the report figures, generated from the data they show."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis.targets import STATUS_LABELS
from kodaira_analysis.present.i18n import fiscal_year_label, format_value, pick


def _join(parts: list[str], lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(parts)


def fiscal_effects(fe: pd.DataFrame, lang: str) -> str:
    """Describe the stacked bars: the yearly totals, and the years without figures."""
    by_year = fe.groupby("fiscal_year")["amount_million_yen"].sum(min_count=1)
    parts = [
        f"{fiscal_year_label(y, lang)} " + (f"{v:,.0f}" if pd.notna(v) else pick(lang, "記載なし", "not printed"))
        for y, v in by_year.items()
    ]
    return pick(
        lang,
        f"年度別・区分別の財政効果の積み上げ棒グラフ（百万円）。各年度の合計：{_join(parts, lang)}。",
        f"Stacked bar chart of the fiscal effect by category and fiscal year (million yen). Totals: {_join(parts, lang)}.",
    )


def indicators(assessment: pd.DataFrame, selected: list[str], lang: str) -> str:
    """Describe the grid: each indicator's latest result, target and status."""
    rows = assessment.set_index("indicator").loc[selected]
    parts = [
        f"{r['indicator_ja'] if lang == 'ja' else r['indicator_en']} "
        f"{format_value(r['latest_value'], r['unit'], lang)} → "
        f"{pick(lang, '目標', 'target')} {format_value(r['target_value'], r['unit'], lang)}"
        f"{pick(lang, '（', ' (')}{STATUS_LABELS[lang][r['status']]}{pick(lang, '）', ')')}"
        for _, r in rows.iterrows()
    ]
    return pick(
        lang,
        f"数値目標の指標ごとの折れ線グラフ。実績、目標線、目標年度、推計を示す。{_join(parts, lang)}。",
        f"Line charts of each target indicator with its results, target line, target year and projection. "
        f"{_join(parts, lang)}.",
    )


def staffing(staff: pd.DataFrame, target_value: float, lang: str) -> str:
    """Describe the headcount chart."""
    staff = staff.dropna(subset=["value"]).sort_values("as_of")
    parts = [f"{d.year}-{d.month:02d}-{d.day:02d} {v:.0f}" for d, v in zip(staff["as_of"], staff["value"], strict=True)]
    return pick(
        lang,
        f"定員の推移の折れ線グラフと前年からの増減の棒グラフ。目標は{target_value:.0f}人。{_join(parts, lang)}人。",
        f"Line chart of the staff quota with bars of the yearly change; target {target_value:.0f}. "
        f"{_join(parts, lang)}.",
    )


def aged_share(share: pd.DataFrame, lang: str) -> str:
    """Describe the 65+ chart, saying which point is a lower bound."""
    parts = []
    for _, r in share.sort_values("as_of").iterrows():
        day = r["as_of"]
        if r["bound"] == "lower":
            parts.append(
                pick(
                    lang,
                    f"{day.year}年1月1日 {r['value']:.0f}%超（下限）",
                    f"{day.year}-01-01 over {r['value']:.0f}% (lower bound)",
                )
            )
        else:
            parts.append(pick(lang, f"{day.year}年1月1日 {r['value']:.2f}%", f"{day.year}-01-01 {r['value']:.2f}%"))
    return pick(
        lang,
        f"65歳以上人口の割合。点は実績、上向きの矢印は下限（実際はそれより高い）を示す。{_join(parts, lang)}。",
        f"Share of residents aged 65 and over. Dots are exact figures; an upward arrow marks a lower bound "
        f"(the true value is higher). {_join(parts, lang)}.",
    )


def fertility(tfr: pd.DataFrame, lang: str) -> str:
    """Describe the fertility bars."""
    label = "area_ja" if lang == "ja" else "area_en"
    parts = [f"{a} {v:.2f}" for a, v in zip(tfr[label], tfr["value"], strict=True)]
    return pick(
        lang,
        f"合計特殊出生率の横棒グラフ。{_join(parts, lang)}。",
        f"Horizontal bar chart of the total fertility rate. {_join(parts, lang)}.",
    )


def progress(pp: pd.DataFrame, lang: str) -> str:
    """Describe the progress bars, policy by policy."""
    policy = "policy" if lang == "ja" else "policy_en"
    parts = []
    for (_, name), group in pp.groupby(["policy_no", policy], sort=True):
        counts = group.set_index("status")["items"]
        parts.append(
            pick(
                lang,
                f"{name}：前倒し{counts['ahead']}・予定どおり{counts['on_schedule']}・遅れ{counts['behind']}",
                f"{name}: {counts['ahead']} ahead, {counts['on_schedule']} on schedule, {counts['behind']} behind",
            )
        )
    return pick(
        lang,
        f"方針別・進捗別の項目数の横棒グラフ。{_join(parts, lang)}。",
        f"Horizontal stacked bars of items by policy and status. {'; '.join(parts)}.",
    )


def history(rh: pd.DataFrame, lang: str) -> str:
    """Describe the timeline of programmes."""
    name = "program" if lang == "ja" else "program_en"
    parts = []
    for _, r in rh.iterrows():
        items = (
            pick(lang, "項目数記載なし", "items not printed")
            if pd.isna(r["items"])
            else (pick(lang, f"{int(r['items'])}項目", f"{int(r['items'])} items"))
        )
        parts.append(f"{r[name]} {int(r['start_fiscal_year'])}-{int(r['end_fiscal_year'])} {items}")
    return pick(
        lang,
        f"行財政改革の計画の期間と項目数の年表。{_join(parts, lang)}。",
        f"Timeline of the reform programmes with their periods and items. {'; '.join(parts)}.",
    )


def extended_ratio(series: pd.DataFrame, lang: str) -> str:
    """Describe the extended current balance ratio chart."""
    shown = series.dropna(subset=["value"])
    parts = [f"{int(y)} {v:.1f}%" for y, v in zip(shown["fiscal_year"], shown["value"], strict=True)]
    return pick(
        lang,
        f"経常収支比率の折れ線グラフ（2014年度まではプラン、以降はSSDSE-A）。{_join(parts, lang)}。目標は95%以下。",
        f"Line chart of the current balance ratio (plan to FY2014, SSDSE-A after). {_join(parts, lang)}. Target: 95% or less.",
    )


def census_and_births(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> str:
    """Describe the census and births chart."""
    shares = [
        f"{int(r['census_year'])}: {r['aged_65_share']:.2f}% / {r['aged_75_share']:.2f}%" for _, r in ageing.iterrows()
    ]
    counts = [f"{int(r['year'])}: {r['births']:,.0f}" for _, r in born.iterrows()]
    return pick(
        lang,
        f"国勢調査の65歳以上・75歳以上の割合（{_join(shares, lang)}）と、各年の出生数（{_join(counts, lang)}）。",
        f"Shares aged 65+ / 75+ at the censuses ({_join(shares, lang)}) and births per year ({_join(counts, lang)}).",
    )


def peers(measures: pd.DataFrame, lang: str) -> str:
    """Describe the peer strip chart by the subject's rank on each measure."""
    subject = measures[measures["is_subject"]]
    parts = [
        f"{r['measure_ja'] if lang == 'ja' else r['measure_en']} {r['value']:.2f} ({r['rank']}/{r['of']})"
        for _, r in subject.iterrows()
    ]
    return pick(
        lang,
        f"近隣市の各指標の分布。対象の市の値と順位：{_join(parts, lang)}。",
        f"Each measure across the peer group; the subject's value and rank: {_join(parts, lang)}.",
    )
