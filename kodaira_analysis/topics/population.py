"""Topic: population before, during and after the plan period (FY2017-FY2020), from SSDSE-A.

Natural and social change, older people living alone, and the link to welfare
expenditure; the censuses' ageing shares are in :mod:`kodaira_analysis.topics.census_births`.

Years are as SSDSE-A publishes them: census years (1 October) for the shares
and households, calendar years for births, deaths and moves (ssdse/indicators.csv: year_kind).
"""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.analysis import period
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import pick
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import SSDSE_SOURCE, cite
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, integer_axis, label_above, new_figure
from kodaira_analysis.present.wording import Wording
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.period_common import fmt, period_of, shade_plan_period, year_axis

HEADING = Wording(
    ja="## プランの期間（2017～2020年度）の前後の人口（プラン策定後の公的統計）",
    en="## Population before and after the plan period (FY2017-FY2020): later official statistics",
)
#: Births, deaths and moves are calendar-year counts (ssdse/indicators.csv: year_kind of A4101, A4200, A5101, A5102).
CHANGE = Wording(
    ja="出生と死亡の差（自然増減）は、{first}～{last}年{natural_sign}、{natural_low}（{natural_low_year}年）から"
    "{natural_high}（{natural_high_year}年）の間でした。"
    "転入と転出の差（社会増減）は、{social_first_year}～{social_last_year}年{social_sign}、最も多い年が{social_high_year}年の"
    "{social_high}{social_next}、最も少ない年が{social_low_year}年の{social_low}でした"
    "（いずれも暦年）。",
    en="Births less deaths (natural change) in the calendar years {first}-{last} {natural_lead} from {natural_low} "
    "({natural_low_year}) to {natural_high} ({natural_high_year}). Moves in less moves out (social change) in the "
    "calendar years {social_first_year}-{social_last_year} {social_lead} in {social_high_year} ({social_high}){social_next} "
    "and lowest in {social_low_year} ({social_low}).",
)
#: Years SSDSE-A holds moves for but not births and deaths (its latest edition gives moves a year further).
NOT_YET = Wording(
    ja="「—」は、SSDSE-Aに数値がないことを示します（{years}年の出生数・死亡数と、それから求める自然増減）。",
    en="A dash marks a figure SSDSE-A does not hold: births and deaths for {years}, and so natural change.",
)
CHANGE_PERIOD = Wording(
    ja="2017～2020年の4年間（暦年）では、自然増減が計{natural}、社会増減が計{social}でした。"
    "暦年は1月に始まるため、プランの期間（2017年4月～2021年3月）とは3か月ずれています。",
    en="Over the calendar years 2017-2020, natural change was {natural} in all and social change {social}. "
    "Calendar years start in January, three months before the plan period's fiscal years (April 2017 to March 2021).",
)
#: The first year whose moves SSDSE-A gives as Japanese nationals only (its 2020 edition on; MOVES_BASIS).
JAPANESE_MOVERS_FROM = 2018
MOVES_BASIS = Wording(
    ja="転入・転出は、SSDSE-Aの2020年版以降（2018年以降の数値）が「日本人移動者」の数です。それより前の数値にはその限定の記載がなく、"
    "2017年までと2018年以降の社会増減は、同じ範囲の移動者を数えたものとは限りません。",
    en="From its 2020 edition (figures for 2018 on) SSDSE-A gives moves of Japanese nationals only; the earlier "
    "figures carry no such qualifier, so social change before 2018 and from 2018 on may not count the same movers.",
)
ALONE = Wording(
    ja="プランは、一人暮らしの高齢者が増えているなかで高齢者向けの行政サービスをどう提供するかを大きな課題としています{cite}。"
    "国勢調査では、65歳以上の単独世帯（一人暮らしの世帯）は{first}年の{alone_first}から{last}年の{alone_last}（{pct}）に増え、"
    "65歳以上人口100人当たりでは{per100_first}人から{per100_last}人になりました。",
    en="The plan names services for older people, as more of them live alone, as a large task{cite}. At the "
    "censuses, one-person households of people aged 65 or over rose from {alone_first} in {first} to {alone_last} "
    "in {last} ({pct}), or from {per100_first} to {per100_last} per 100 residents aged 65 and over.",
)
ALONE_ONE = Wording(
    ja="プランは、一人暮らしの高齢者が増えているなかで高齢者向けの行政サービスをどう提供するかを大きな課題としています{cite}。"
    "{year}年の国勢調査では、65歳以上の単独世帯（一人暮らしの世帯）は{alone}（65歳以上人口100人当たり{per100}人）でした。",
    en="The plan names services for older people, as more of them live alone, as a large task{cite}. At the {year} "
    "census there were {alone} of one person aged 65 or over ({per100} per 100 residents aged 65 and over).",
)
WELFARE_LINK = Wording(
    ja="社会福祉・高齢者福祉・児童福祉・生活保護などの経費である民生費は、{base_year}の{base}から{end_year}の{end}（{change}）、"
    "{last_year}には{last}になりました（図と表はレポート{report}の「{section}」の節）。SSDSE-Aは民生費の内訳を"
    "掲載していないため、そのうち高齢化に伴う分はこのデータからは分かりません。",
    en="Welfare expenditure, the city's spending on social welfare, welfare for older people and children, public "
    "assistance and the like, went from {base} in {base_year} to {end} in {end_year} ({change}), and to {last} in "
    "{last_year} (figure and table in the report {report}, section '{section}'). "
    "SSDSE-A does not break welfare expenditure down, so these data cannot tell how much of it comes with ageing.",
)
#: The fiscal report of each language (a sibling file of this report).
FISCAL_REPORT = {  # written here, not data: a link, kept as Markdown (a plain str would be escaped to text)
    "ja": markdown("[「財政の推移」](01-fiscal-trends-ja.html)"),
    "en": markdown("['Fiscal trends'](01-fiscal-trends-en.html)"),
}


def heading(lang: str) -> MarkdownText:
    """The section's heading."""
    return HEADING.say(lang)


@drawn_in_house_style
def change_chart(change: pd.DataFrame, lang: str) -> Chart:
    """Births and deaths (natural change), and moves in and out (social change), each year as published."""
    fig, axes = new_figure(2, 1, height=4.6, sharex=True)  # fits below the census table on a printed page
    panels = (
        (
            ("births", OKABE_ITO[2], pick(lang, "出生数", "Births")),
            ("deaths", OKABE_ITO[5], pick(lang, "死亡数", "Deaths")),
        ),
        (
            ("moves_in", OKABE_ITO[0], pick(lang, "転入者数", "Moves in")),
            ("moves_out", OKABE_ITO[3], pick(lang, "転出者数", "Moves out")),
        ),
    )
    titles = (
        pick(lang, "自然増減：出生と死亡", "Natural change: births and deaths"),
        pick(lang, "社会増減：転入と転出", "Social change: moves in and out"),
    )
    for ax, panel, title in zip(axes, panels, titles, strict=True):
        shade_plan_period(ax, lang, fiscal=False)
        for column, colour, label in panel:
            rows = change.dropna(subset=[column])
            ax.plot(rows["year"], rows[column], marker="o", markersize=4, color=colour, label=label)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(pick(lang, "人", "Persons"))
        ax.margins(y=0.15)
        integer_axis(ax)
    year_axis(axes[1], change["year"], lang)
    axes[1].set_xlabel(pick(lang, "年（暦年）", "Calendar year"))
    handles, labels = axes[0].get_legend_handles_labels()
    more, more_labels = axes[1].get_legend_handles_labels()
    fig.legend(handles + more[1:], labels + more_labels[1:], loc="outside lower center", ncols=3, fontsize=8)
    parts = "; ".join(
        f"{int(r['year'])}: "
        + ", ".join(fmt(r[c], "persons", lang) for c in ("births", "deaths", "moves_in", "moves_out"))
        for _, r in change.iterrows()
    )
    return Chart(
        fig,
        alt=pick(
            lang,
            f"2段の折れ線グラフ。上は出生数と死亡数、下は転入者数と転出者数。2017～2020年を網掛け。各年の出生・死亡・転入・転出：{parts}",
            f"Two line charts: births and deaths above, moves in and out below; 2017-2020 shaded. Births, deaths, "
            f"moves in, moves out each year: {parts}",
        ),
        caption=pick(
            lang,
            "図4 出生と死亡（自然増減）、転入と転出（社会増減）（暦年）",
            "Figure 4. Births and deaths (natural change), moves in and out (social change), by calendar year",
        ),
        source=SSDSE_SOURCE[lang],
    )


def change_table(change: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 4, with natural and social change; a year SSDSE-A does not hold is '—'."""
    columns = {
        "births": ("出生数", "Births"),
        "deaths": ("死亡数", "Deaths"),
        "natural_change": ("自然増減", "Natural change"),
        "moves_in": ("転入者数", "Moves in"),
        "moves_out": ("転出者数", "Moves out"),
        "social_change": ("社会増減", "Social change"),
    }
    frame = pd.DataFrame({pick(lang, "年（暦年）", "Calendar year"): change["year"].astype(int)})
    frame[pick(lang, "プラン期間", "Plan period")] = [period_of(int(y), lang) for y in change["year"]]
    for column, words in columns.items():
        signed = column.endswith("_change")
        frame[pick(lang, *words)] = [fmt(v, "persons", lang, signed=signed) for v in change[column]]
    missing = change.loc[change["natural_change"].isna() & change["social_change"].notna(), "year"].astype(int)
    not_yet = NOT_YET.text(lang, years=pick(lang, "・", ", ").join(map(str, missing))) if len(missing) else ""
    return TableView(
        frame,
        caption=pick(lang, "表 図4の数値", "Table: the numbers of Figure 4"),
        note=MOVES_BASIS.text(lang) + pick(lang, "", " ") + not_yet if not_yet else MOVES_BASIS.text(lang),
        source=SSDSE_SOURCE[lang],
    )


def _extremes(rows: pd.DataFrame, kind: str, lang: str, *, second: bool) -> dict[str, object]:
    """The lowest and highest year of a series (and the next highest), and its sign where every year shares one."""
    values = rows.set_index(rows["year"].astype(int))[f"{kind}_change"].astype(float)
    ranked = values.sort_values(ascending=False, kind="stable")

    def said(year: int) -> str:
        return fmt(values[year], "persons", lang, signed=True)

    sign_ja = "の毎年プラスで" if (values > 0).all() else "の毎年マイナスで" if (values < 0).all() else "は"
    sign = "positive" if (values > 0).all() else "negative" if (values < 0).all() else ""
    verb, ing = ("was highest", "highest") if second else ("ranged", "ranging")
    lead_en = f"was {sign} in every year, {ing}" if sign else verb
    out: dict[str, object] = {
        f"{kind}_sign": sign_ja.removeprefix("は") or "",
        f"{kind}_lead": lead_en,
        f"{kind}_high_year": int(ranked.index[0]),
        f"{kind}_high": said(int(ranked.index[0])),
        f"{kind}_low_year": int(ranked.index[-1]),
        f"{kind}_low": said(int(ranked.index[-1])),
    }
    if second:  # the next highest year, where a third year is left to be the lowest
        nxt = int(ranked.index[1]) if len(ranked) > 2 else None
        out[f"{kind}_next"] = (
            "" if nxt is None else pick(lang, f"、次いで{nxt}年の{said(nxt)}", f", next in {nxt} ({said(nxt)})")
        )
    return out


def change_sentence(change: pd.DataFrame, lang: str) -> MarkdownText:
    """Natural and social change, each from the first to the last year SSDSE-A holds it, and over the plan period."""
    both = change.dropna(subset=["natural_change", "social_change"])
    natural, social = change.dropna(subset=["natural_change"]), change.dropna(subset=["social_change"])
    first, last = natural.iloc[0], natural.iloc[-1]
    social_first, social_last = social.iloc[0], social.iloc[-1]
    years = range(period.PLAN_PERIOD[0], period.PLAN_PERIOD[1] + 1)
    during = both[both["year"].isin(years)]
    said = CHANGE.say(
        lang,
        first=int(first["year"]),
        last=int(last["year"]),
        social_first_year=int(social_first["year"]),
        social_last_year=int(social_last["year"]),
        **_extremes(natural, "natural", lang, second=False),
        **_extremes(social, "social", lang, second=True),
    )
    if (
        int(social_first["year"]) < JAPANESE_MOVERS_FROM <= int(social_last["year"])
    ):  # the two ends count different movers
        said = said + pick(lang, "", " ") + MOVES_BASIS.say(lang)
    if len(during) < len(years):  # the range chosen leaves out part of the plan period: no total
        return said
    total = CHANGE_PERIOD.say(
        lang,
        natural=fmt(during["natural_change"].sum(), "persons", lang, signed=True),
        social=fmt(during["social_change"].sum(), "persons", lang, signed=True),
    )
    return said + pick(lang, "", " ") + total


@drawn_in_house_style
def alone_chart(households: pd.DataFrame, lang: str) -> Chart:
    """One-person households of people aged 65+ at each census, with the plan period shaded."""
    fig, ax = new_figure(width=5.5, height=3.6)
    shade_plan_period(ax, lang, fiscal=False)
    ax.bar(
        households["census_year"],
        households["aged_65_alone"],
        width=1.2,
        color=OKABE_ITO[0],
        label=pick(lang, "65歳以上の単独世帯", "One-person households aged 65+"),
    )
    for _, r in households.iterrows():
        note = f"{r['aged_65_alone']:,.0f}\n" + pick(
            lang,
            f"（65歳以上100人当たり{r['alone_per_100_aged_65']:.1f}）",
            f"({r['alone_per_100_aged_65']:.1f} per 100 aged 65+)",
        )
        label_above(ax, r["census_year"], r["aged_65_alone"], note, dy=4)
    ax.set_ylabel(pick(lang, "世帯", "Households"))
    ax.margins(y=0.3)
    integer_axis(ax)
    years = [int(y) for y in households["census_year"]]
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(*years, period.PLAN_PERIOD[0]) - 1.2, max(*years, period.PLAN_PERIOD[1]) + 1.2)
    ax.set_xlabel(pick(lang, "国勢調査の年（10月1日）", "Census year (1 October)"))
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    parts = _join(
        [f"{int(r['census_year'])} {fmt(r['aged_65_alone'], 'households', lang)}" for _, r in households.iterrows()],
        lang,
    )
    return Chart(
        fig,
        alt=pick(
            lang,
            f"65歳以上の単独世帯数の棒グラフ（国勢調査）：{parts}。",
            f"Bar chart of one-person households of people aged 65 or over (censuses): {parts}.",
        ),
        caption=pick(
            lang,
            "図5 65歳以上の単独世帯（国勢調査、10月1日）",
            "Figure 5. One-person households of people aged 65 or over (censuses, 1 October)",
        ),
        source=SSDSE_SOURCE[lang],
    )


def alone_table(households: pd.DataFrame, lang: str) -> TableView:
    """The numbers of Figure 5."""
    frame = pd.DataFrame(
        {
            pick(lang, "国勢調査（10月1日）", "Census (1 October)"): households["census_year"].astype(int),
            pick(lang, "世帯数", "Households"): [fmt(v, "households", lang) for v in households["households"]],
            pick(lang, "65歳以上の単独世帯", "One-person households aged 65+"): [
                fmt(v, "households", lang) for v in households["aged_65_alone"]
            ],
            pick(lang, "世帯に占める割合", "Share of households"): [
                fmt(v, "percent", lang) for v in households["alone_share_of_households"]
            ],
            pick(lang, "65歳以上人口100人当たり", "Per 100 residents aged 65+"): [
                f"{v:.1f}" for v in households["alone_per_100_aged_65"]
            ],
        }
    )
    return TableView(
        frame, caption=pick(lang, "表 図5の数値", "Table: the numbers of Figure 5"), source=SSDSE_SOURCE[lang]
    )


def alone_sentence(households: pd.DataFrame, lang: str) -> MarkdownText:
    """What the plan says about older people living alone, and the census counts."""
    first, last = households.iloc[0], households.iloc[-1]
    if len(households) == 1:
        return ALONE_ONE.say(
            lang,
            cite=cite("第１章３（２）", lang),
            year=int(last["census_year"]),
            alone=fmt(last["aged_65_alone"], "households", lang),
            per100=f"{last['alone_per_100_aged_65']:.1f}",
        )
    return ALONE.say(
        lang,
        cite=cite("第１章３（２）", lang),
        first=int(first["census_year"]),
        last=int(last["census_year"]),
        alone_first=fmt(first["aged_65_alone"], "households", lang),
        alone_last=fmt(last["aged_65_alone"], "households", lang),
        pct=f"{(last['aged_65_alone'] / first['aged_65_alone'] - 1) * 100:+.1f}%",
        per100_first=f"{first['alone_per_100_aged_65']:.1f}",
        per100_last=f"{last['alone_per_100_aged_65']:.1f}",
    )


def welfare_link(fiscal: pd.DataFrame, lang: str) -> MarkdownText:
    """Welfare expenditure over the plan period, pointing to the fiscal report, and what these data cannot say."""
    from kodaira_analysis.topics.period_fiscal import HEADING
    from kodaira_analysis.topics.period_resident import welfare_values

    section = HEADING.say(lang).removeprefix("## ")  # the heading as the fiscal report prints it
    return WELFARE_LINK.say(lang, report=FISCAL_REPORT[lang], section=section, **welfare_values(fiscal, lang))
