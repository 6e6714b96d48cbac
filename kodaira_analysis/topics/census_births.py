"""Topic: the censuses and births (SSDSE-A): the 65+ and 75+ shares at each census, births per year.

Later official statistics beside the plan's own figures (:mod:`kodaira_analysis.topics.ageing`), with other
dates: the censuses describe 1 October, the plan's shares 1 January.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import SSDSE_SOURCE
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, integer_axis, label_above, new_figure
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.present.wording import number_en, sentences
from kodaira_analysis.topics.period_common import fmt


def census_sentence(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> MarkdownText:
    """The census shares and the trend in births, for whatever years the range keeps (numbers only, escaped)."""
    parts = []
    if len(ageing):
        shares = [(int(r["census_year"]), r["aged_65_share"], r["aged_75_share"]) for _, r in ageing.iterrows()]
        unknown = [(int(r["census_year"]), r["age_not_stated"]) for _, r in ageing.iterrows()]
        parts.append(
            pick(
                lang,
                "国勢調査（10月1日現在）では、年齢が分かる人口に占める65歳以上・75歳以上の割合は"
                + "、".join(f"{y}年{a:.2f}%・{b:.2f}%" for y, a, b in shares)
                + "でした（年齢不詳は"
                + "、".join(f"{y}年{n:,.0f}人" for y, n in unknown)
                + "で、割合の分母から除いています）。プランの数値（1月1日現在）とは基準日が異なり、"
                "プランはその基礎となる統計を示していません。",
                "At the censuses (1 October) the shares aged 65 and over and 75 and over, of the residents whose age "
                "is known, were "
                + "; ".join(f"{a:.2f}% and {b:.2f}% in {y}" for y, a, b in shares)
                + " (the age of "
                + " and ".join(f"{n:,.0f} residents in {y}" for y, n in unknown)
                + " was not stated; they are left out of the shares). These census figures differ in date from the "
                "plan's figures (1 January), for which the plan names no source.",
            )
        )
    if len(born) >= 2:
        b0, b1 = born.iloc[0], born.iloc[-1]
        change = (b1["births"] - b0["births"]) / b0["births"]
        steps = born["births"].diff().dropna()  # every year, not two endpoints: how often it rose and fell
        up, down, same = int((steps > 0).sum()), int((steps < 0).sum()), int((steps == 0).sum())
        parts.append(
            pick(
                lang,
                f"出生数（暦年）は{int(b0['year'])}年の{b0['births']:,.0f}人から{int(b1['year'])}年の{b1['births']:,.0f}人へ"
                f"{abs(change):.0%}{'減少' if change < 0 else '増加'}しました。この間、前年より増えた年が{up}年、減った年が{down}年"
                + (f"、前年と同じだった年が{same}年" if same else "")
                + "でした。",
                f"Births (calendar years) went from {b0['births']:,.0f} in {int(b0['year'])} to {b1['births']:,.0f} in "
                f"{int(b1['year'])}, {'down' if change < 0 else 'up'} {abs(change):.0%}. {_year_on_year(up, down, same)}",
            )
        )
    elif len(born) == 1:
        b = born.iloc[0]
        parts.append(
            pick(
                lang,
                f"{int(b['year'])}年の出生数は{b['births']:,.0f}人でした。",
                f"There were {b['births']:,.0f} births in {int(b['year'])}.",
            )
        )
    if not parts:
        return markdown(
            pick(
                lang,
                "選んだ期間には、国勢調査と出生数のデータがありません。",
                "There is no census or births figure in the years chosen.",
            )
        )
    return sentences(parts, lang)


@drawn_in_house_style
def _census_figure(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> Figure:
    """Shares aged 65+ and 75+ at the censuses, and births per year."""
    fig, (ax, ax2) = new_figure(1, 2, width=10, height=3.8)
    width = 0.35
    x = np.arange(len(ageing))
    for offset, column, colour, label in (
        (-width / 2, "aged_65_share", OKABE_ITO[0], pick(lang, "65歳以上", "65 and over")),
        (width / 2, "aged_75_share", OKABE_ITO[3], pick(lang, "75歳以上", "75 and over")),
    ):
        ax.bar(x + offset, ageing[column], width, color=colour, label=label)
        for xi, value in zip(x + offset, ageing[column], strict=True):
            # two decimals, as the page's text and table give them: shares we compute from SSDSE-A's counts of persons
            label_above(ax, xi, value, f"{value:.2f}", dy=2)
    ax.set_xticks(x, [pick(lang, f"{int(y)}年国勢調査", f"{int(y)} census") for y in ageing["census_year"]])
    ax.set_ylabel(pick(lang, "年齢が分かる人口に\n占める割合（%）", "Share of residents\nof known age (%)"))
    ax.set_ylim(0, float(ageing[["aged_65_share", "aged_75_share"]].max().max()) * 1.45)  # room for the legend
    ax.legend(fontsize=8, loc="upper left", ncols=2)
    ax2.plot(born["year"], born["births"], marker="o", color=OKABE_ITO[5])
    # every other label below its point: neighbouring years of nearly equal births printed over each other
    for i, (_, row) in enumerate(born.iterrows()):
        label_above(ax2, row["year"], row["births"], f"{row['births']:,.0f}", dy=6 if i % 2 == 0 else -6,
                    va="baseline" if i % 2 == 0 else "top")  # fmt: skip
    ax2.set_ylabel(pick(lang, "出生数（人）", "Births (persons)"))
    integer_axis(ax2)
    ax2.set_xticks(list(born["year"].astype(int)), [str(int(y)) for y in born["year"]], fontsize=8)
    ax2.set_xlabel(pick(lang, "暦年", "Calendar year"))
    # from 0, so that the fall is drawn to its size (from 1,200 it looked several times larger than 22%)
    ax2.set_ylim(0, float(born["births"].max()) * 1.2 if len(born) else 1)
    return fig


def _census_alt(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> str:
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


def census_chart(ageing: pd.DataFrame, born: pd.DataFrame, lang: str) -> Chart:
    """The census shares and births per year, as one figure with its words."""
    return Chart(
        _census_figure(ageing, born, lang),
        alt=_census_alt(ageing, born, lang),
        caption=pick(
            lang, "図3 国勢調査による高齢者の割合と出生数", "Figure 3. Older residents at the censuses, and births"
        ),
        source=SSDSE_SOURCE[lang],
    )


def census_table(census: pd.DataFrame, lang: str) -> TableView:
    """The 65+ and 75+ shares at each census (the numbers of the census chart)."""
    frame = pd.DataFrame(
        {
            pick(lang, "国勢調査（10月1日）", "Census (1 October)"): [int(y) for y in census["census_year"]],
            pick(lang, "総人口", "Population"): [fmt(v, "persons", lang) for v in census["population"]],
            pick(lang, "うち年齢不詳", "Of which age not stated"): [
                fmt(v, "persons", lang) for v in census["age_not_stated"]
            ],
            pick(lang, "65歳以上の割合", "Share aged 65+"): [f"{v:.2f}%" for v in census["aged_65_share"]],
            pick(lang, "75歳以上の割合", "Share aged 75+"): [f"{v:.2f}%" for v in census["aged_75_share"]],
        }
    )
    return TableView(
        frame,
        caption=pick(lang, "表 国勢調査による高齢者の割合", "Table: older residents at the censuses"),
        source=SSDSE_SOURCE[lang],
        note=pick(
            lang,
            "割合の分母は年齢が分かる人口（総人口から年齢不詳を除いたもの）です。",
            "The shares divide by the residents whose age is known (the population less those whose age was "
            "not stated).",
        ),
    )


def _year_on_year(up: int, down: int, same: int = 0) -> str:
    """How many years births were above, below or level with the year before, in words.

    >>> _year_on_year(2, 5)
    'Births were higher than the year before in two years and lower in five.'
    >>> _year_on_year(2, 4, 1)
    'Births were higher than the year before in two years, lower in four and the same in one.'
    >>> _year_on_year(0, 3), _year_on_year(0, 2, 1)
    ('Births were lower than the year before in each of the three years.', 'Births were lower than the year before in two years and the same in one.')
    """
    moves = [(words, n) for words, n in (("higher than", up), ("lower than", down), ("the same as", same)) if n]
    if len(moves) <= 1:
        return "".join(f"Births were {w} the year before in each of the {number_en(n)} years." for w, n in moves)
    (first, n), *rest = moves
    said = [f"{first} the year before in {number_en(n)} {'year' if n == 1 else 'years'}"]
    said += [f"{w.removesuffix(' than').removesuffix(' as')} in {number_en(n)}" for w, n in rest]
    return "Births were " + ", ".join(said[:-1]) + " and " + said[-1] + "."
