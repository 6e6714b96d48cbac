"""Topic: a municipality among its peers (SSDSE-A): ranks, medians, the spread of each measure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.style import OKABE_ITO, new_figure
from kodaira_analysis.present.wording import join as _join


def peer_sentence(measures: pd.DataFrame, lang: str) -> str:
    """Where the subject stands on each measure: rank of n against the group median."""
    subject = measures[measures["is_subject"]]
    name = subject["municipality" if lang == "ja" else "municipality_en"].iloc[0]
    parts = []
    for _, row in subject.iterrows():
        label = row["measure_ja"] if lang == "ja" else row["measure_en"]
        side = (
            ("above" if row["value"] > row["group_median"] else "below")
            if lang == "en"
            else ("上回る" if row["value"] > row["group_median"] else "下回る")
        )
        parts.append(
            pick(
                lang,
                f"{label}は{row['of']}市中{row['rank']}位（中央値を{side}）",
                f"{label}: {row['rank']} of {row['of']} ({side} the median)",
            )
        )
    return pick(
        lang,
        f"{name}：" + "、".join(parts) + "。順位は値の大きい順です。",
        f"{name}: " + "; ".join(parts) + ". Ranks count from the highest value.",
    )


def _strip_figure(measures: pd.DataFrame, lang: str, *, selected: list[str]) -> Figure:
    """One row per measure: every peer as a dot, the subject highlighted, the group median marked."""
    n = len(selected)
    fig, axes = new_figure(n, 1, width=9, height=1.25 * n + 0.8)
    axes = np.atleast_1d(axes)
    for ax, measure in zip(axes, selected, strict=True):
        rows = measures[measures["measure"] == measure]
        others, subject = rows[~rows["is_subject"]], rows[rows["is_subject"]]
        ax.scatter(others["value"], np.zeros(len(others)), color="#999999", s=22, zorder=2)
        ax.scatter(subject["value"], np.zeros(len(subject)), color=OKABE_ITO[5], s=70, zorder=3, marker="D")
        ax.axvline(rows["group_median"].iloc[0], color=OKABE_ITO[0], linestyle=":", linewidth=1.2)
        label = rows["measure_ja" if lang == "ja" else "measure_en"].iloc[0]
        unit = {
            "persons": pick(lang, "人", "persons"),
            "percent": "%",
            "thousand_yen": pick(lang, "千円", "thousand yen"),
        }[rows["unit"].iloc[0]]
        ax.set_title(f"{label}（{unit}）" if lang == "ja" else f"{label} ({unit})", fontsize=9, loc="left")
        if len(subject):
            s = subject.iloc[0]
            ax.annotate(
                f"{s['municipality'] if lang == 'ja' else s['municipality_en']} {s['value']:.1f} "
                f"({int(s['rank'])}/{int(s['of'])})",
                (s["value"], 0),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
                color=OKABE_ITO[5],
            )
        ax.set_yticks([])
        ax.set_ylim(-1, 1.6)
        ax.tick_params(axis="x", labelsize=8)
    return fig


def _strip_alt(measures: pd.DataFrame, lang: str) -> str:
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


def _unit_text(unit: str, lang: str) -> str:
    return {"persons": pick(lang, "人", "persons"), "percent": "%", "thousand_yen": pick(lang, "千円", "thousand yen")}[
        unit
    ]


def _summary_frame(measures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The subject's value, rank and the group median for each measure, with the year it describes."""
    subject = measures[measures["is_subject"]]
    return pd.DataFrame(
        {
            pick(lang, "指標", "Measure"): subject["measure_ja" if lang == "ja" else "measure_en"],
            pick(lang, "年（年度）", "Year"): subject["year"].astype(int).astype(str),
            pick(lang, "値", "Value"): [f"{v:,.2f}" for v in subject["value"]],
            pick(lang, "単位", "Unit"): [_unit_text(u, lang) for u in subject["unit"]],
            pick(lang, "順位", "Rank"): [f"{r} / {n}" for r, n in zip(subject["rank"], subject["of"], strict=True)],
            pick(lang, "中央値", "Group median"): [f"{v:,.2f}" for v in subject["group_median"]],
            pick(lang, "算式（SSDSE-Aの指標コード）", "Formula (SSDSE-A codes)"): subject["formula"],
        }
    )


def _ranking_frame(measures: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """Every peer on one measure, highest first; the subject marked."""
    rows = measures[measures["measure"] == measure]
    return pd.DataFrame(
        {
            pick(lang, "順位", "Rank"): rows["rank"].astype(int),
            pick(lang, "市", "City"): [
                f"▶ {m}" if s else m
                for m, s in zip(
                    rows["municipality" if lang == "ja" else "municipality_en"], rows["is_subject"], strict=True
                )
            ],
            pick(lang, "地域コード", "Code"): rows["municipality_code"],
            pick(lang, "値", "Value"): [f"{v:,.2f}" for v in rows["value"]],
        }
    )


def strip_chart(measures: pd.DataFrame, lang: str, *, selected: list[str]) -> Chart:
    """Every peer on each measure, the subject highlighted, as one figure with its words."""
    return Chart(
        _strip_figure(measures, lang, selected=selected),
        alt=_strip_alt(measures, lang),
        caption=pick(
            lang,
            "図1 各指標の分布（◆が対象の市、点線が中央値）",
            "Figure 1. Each measure across the group (diamond: the subject; dotted: median)",
        ),
        source=SSDSE_SOURCE[lang],
    )


def summary_table(measures: pd.DataFrame, lang: str) -> TableView:
    """The subject's value, rank and the group median on each measure."""
    return TableView(_summary_frame(measures, lang), source=SSDSE_SOURCE[lang])


def ranking_table(measures: pd.DataFrame, measure: str, lang: str) -> TableView:
    """Every peer on one measure, highest first."""
    return TableView(_ranking_frame(measures, measure, lang), source=SSDSE_SOURCE[lang])
