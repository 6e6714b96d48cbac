"""Topic: the reform programmes since FY1996: their periods, items, follow-ups and adoption, as the plan gives them."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.japanese import western_year
from kodaira_analysis.present.axes import fiscal_year_tick
from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.i18n import fiscal_year_label, pick, text
from kodaira_analysis.present.markdown import MarkdownText
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, new_figure
from kodaira_analysis.present.wording import Wording, sentences
from kodaira_analysis.present.wording import join as _join
from kodaira_analysis.topics.reform_history_phone import followup_row_label as _followup_row_label
from kodaira_analysis.topics.reform_history_phone import legend_handles, phone_figure
from kodaira_analysis.topics.reform_history_phone import site_page as _site_page

_HISTORY = Wording(
    ja="{first}～{last}の{n}つの計画の項目数は、プランが計画ごとに記す数を本プロジェクトが合計すると計{items}項目です{cite}。"
    "ただし、前の計画から引き継いだ項目が重ねて数えられている可能性があり（プランは重なりを示していません）、異なる項目の数ではありません。"
    "最も項目が多いのは{largest}の{largest_items}項目です。",
    en="The numbers of items the plan gives for the {n} plans and programmes of {first}-{last}{cite} add up, by our "
    "sum, to {items}. Items carried over from one plan to the next may be counted more than once (the plan does not say), "
    "so this is not a count of distinct items. The largest was the {largest}, with {largest_items} items.",
    counts=("n",),
)
_FOLLOWUP = {
    ("programmes_1_3", "done"): Wording(
        ja="第１～３次行財政改革推進計画の後、{fy}には、目標未達成の項目や継続した取組が必要な項目（{base}項目中{n}項目）について、"
        "さらに1年間のフォローアップを行いました（プランは、どの計画の項目かを示していません）。",
        en="After the 1st-3rd reform plans, a further one-year follow-up in {fy} covered {n} of {base} items (those whose "
        "targets were not met or that needed continued work); the plan does not say which plan's items these were.",
    ),
    ("this_programme", "under_way"): Wording(
        ja="{programme}の項目のうち、目標未達成の項目や継続した取組が必要な項目（{base}項目中{n}項目）について、"
        "{fy}に1年間のフォローアップを行っています（プラン策定時点で実施中）。",
        en="For the {programme}, a one-year follow-up of {n} of its {base} items (those whose targets were not met or "
        "that need continued work) was under way in {fy}, when the plan was written.",
    ),
}
_ADOPTED = Wording(
    ja="{programme}は{printed}に策定されました。",
    en="The {programme} was adopted in {month}.",
)
_ADOPTED_TWICE = Wording(
    ja="{programme}の策定時期について、プランは{printed}と記す一方、別の箇所では{other}としています。",
    en="The plan gives the adoption of the {programme} as {month} in one place and as {other_en} in another.",
)
#: The plan consists of its restructuring policy and its programme (位置付け（１）); the project's text of it does not
#: give the 3rd programme's items, which is all that may be said: "not in our text", never "not in the plan".
_UNCOUNTED = Wording(
    ja="{programme}の項目数は、本プロジェクトが持つプランの本文には記載がありません。",
    en="The plan's text, as we have it, does not give the number of items of the {programme}.",
)
_UNCOUNTED_SITE = Wording(
    ja="{programme}の項目数は、本プロジェクトが持つプランの本文には記載がありません（市のホームページ「{page}」（{updated}更新）は"
    "{items}項目を挙げています）。",
    en="The plan's text, as we have it, does not give the number of items of the {programme}; the city's progress "
    "page ('{page}', updated {updated}) lists {items}.",
)
#: The same, short, for a table's cell and a chart's alt text.
NOT_IN_OUR_TEXT = {"ja": "本プロジェクトが持つプランの本文に記載なし", "en": "not in the plan's text as we have it"}


def site_counts(pages: pd.DataFrame | None) -> dict[str, pd.Series]:
    """Each programme's progress page on the city's website (the first row of each report), by ``program_id``.

    The plan prints no count of the 3rd Reform Programme's items; the city's progress page does (43). The
    page's count is said as the page's, beside the plan's silence, never in place of it.
    """
    if pages is None or pages.empty:
        return {}
    firsts = pages.drop_duplicates("report_id")
    return {str(r["program_id"]): r for _, r in firsts.iterrows()}


def _page_words(page: pd.Series, lang: str) -> dict[str, str]:
    updated = page["page_updated"]
    return {
        "page": pick(lang, page["report"], page["report_en"]),
        "updated": pick(lang, f"{updated.year}年{updated.month}月{updated.day}日", format_date(updated, "en")),
        "items": str(int(page["report_items"])),
    }


def history_sentence(rh: pd.DataFrame, lang: str, pages: pd.DataFrame | None = None) -> MarkdownText:
    """How many programmes and items since FY1996, the largest, and the follow-ups as the plan words them."""
    counted = rh.dropna(subset=["items"])
    name = "program" if lang == "ja" else "program_en"
    largest = counted.loc[counted["items"].idxmax()]
    parts = [
        _HISTORY.say(
            lang,
            first=fiscal_year_label(int(counted["start_fiscal_year"].min()), lang),
            last=fiscal_year_label(int(counted["end_fiscal_year"].max()), lang),
            n=len(counted),
            items=int(counted["items"].sum()),
            largest=largest[name],
            largest_items=int(largest["items"]),
            cite=cite("第１章２（１）", lang),
        )
    ]
    for _, r in rh.dropna(subset=["followup_fiscal_year"]).iterrows():
        parts.append(
            _FOLLOWUP[(r["followup_scope"], r["followup_status"])].say(
                lang,
                fy=fiscal_year_label(int(r["followup_fiscal_year"]), lang),
                n=int(r["followup_items"]),
                base=int(r["followup_base_items"]),
                programme=r[name],
            )
        )
    for _, r in rh.dropna(subset=["adopted_printed"]).iterrows():
        other = r["adopted_other_printed"]
        words = _ADOPTED_TWICE if isinstance(other, str) and other else _ADOPTED
        parts.append(
            words.say(
                lang,
                programme=r[name],
                printed=r["adopted_printed"],
                month=r["adopted_month"].strftime("%B %Y"),
                other=other,
                other_en=f"FY{western_year(other, default_era='平成')}" if isinstance(other, str) and other else "",
            )
        )
    sites = site_counts(pages)
    for _, r in rh[rh["items"].isna()].iterrows():
        page = _site_page(r, sites)
        parts.append(
            _UNCOUNTED.say(lang, programme=r[name])
            if page is None
            else _UNCOUNTED_SITE.say(lang, programme=r[name], **_page_words(page, lang))
        )
    return sentences(parts, lang)


@drawn_in_house_style
def _history_figure(rh: pd.DataFrame, lang: str, sites: dict[str, pd.Series] | None = None) -> Figure:
    """Each reform programme as a span of fiscal years, with its number of items.

    The FY2006 follow-up of the 1st-3rd plans is a row of its own, as in the table: the plan does not
    say which plan's items it covered.
    """
    name = "program" if lang == "ja" else "program_en"
    fig, ax = new_figure(height=4.1, width=7.0)
    labels: list[str] = []
    for _, row in rh.iterrows():
        y = len(labels)
        labels.append(row[name])
        start, end = int(row["start_fiscal_year"]), int(row["end_fiscal_year"])
        ax.broken_barh([(start - 0.45, end - start + 0.9)], (y - 0.3, 0.6), color=OKABE_ITO[0])
        items = row["items"]
        note = f"{items}{pick(lang, '項目', ' items')}" if pd.notna(items) else text("not_printed", lang)
        page = _site_page(row, sites or {})
        if (
            page is not None
        ):  # the plan's silence and the city's page, each said as its own (the caption names the page)
            n = int(page["report_items"])
            note = pick(lang, f"{n}項目\n（市のページ）", f"{n} items\n(city's page)")
        own = pd.notna(row["followup_fiscal_year"]) and row["followup_scope"] == "this_programme"
        after = end + (1.5 if own else 0.6)  # beside the bar, in dark text
        ax.annotate(note, (after, y), ha="left", va="center", fontsize=8, color="#222222")
        if pd.notna(row["followup_fiscal_year"]):
            fy = int(row["followup_fiscal_year"])
            row_y = y
            if not own:  # the follow-up of the 1st-3rd plans: a row of its own, below
                row_y = len(labels)
                labels.append(_followup_row_label(lang))
            ax.broken_barh(
                [(fy - 0.45, 0.9)], (row_y - 0.3, 0.6), facecolor="white", edgecolor=OKABE_ITO[1], hatch="//"
            )
        if pd.notna(row["adopted_month"]):  # the month the plan says it was adopted, on the fiscal-year axis
            day = row["adopted_month"]
            x = day.year - (1 if day.month < 4 else 0) + ((day.month - 4) % 12) / 12 - 0.45
            ax.plot([x], [y - 0.42], marker="v", color=OKABE_ITO[5], markersize=7, linestyle="none", zorder=4)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    years = range(int(rh["start_fiscal_year"].min()), int(rh["end_fiscal_year"].max()) + 1, 4)
    ax.set_xticks(list(years), [fiscal_year_tick(y, lang) for y in years], fontsize=8)
    ax.set_xlim(min(years) - 1, max(rh["end_fiscal_year"]) + 4)
    ax.set_xlabel(text("fiscal_year", lang))
    ax.legend(
        handles=legend_handles(lang),
        loc="lower left",
        fontsize=8,
    )
    return fig


def _history_alt(rh: pd.DataFrame, lang: str, sites: dict[str, pd.Series] | None = None) -> str:
    """Describe the timeline of programmes."""
    name = "program" if lang == "ja" else "program_en"
    parts = []
    for _, r in rh.iterrows():
        page = _site_page(r, sites or {})
        items = (
            pick(lang, f"{int(r['items'])}項目", f"{int(r['items'])} items")
            if pd.notna(r["items"])
            else pick(lang, f"項目数は{NOT_IN_OUR_TEXT['ja']}", f"number of items {NOT_IN_OUR_TEXT['en']}")
            if page is None
            else pick(lang, f"項目数は{NOT_IN_OUR_TEXT['ja']}、市の進捗ページでは{int(page['report_items'])}項目",
                      f"number of items {NOT_IN_OUR_TEXT['en']}, {int(page['report_items'])} on the city's progress page")
        )  # fmt: skip
        parts.append(f"{r[name]} {int(r['start_fiscal_year'])}-{int(r['end_fiscal_year'])} {items}")
    return pick(
        lang,
        f"行財政改革の計画の期間と項目数の年表。{_join(parts, lang)}。",
        f"Timeline of the reform programmes with their periods and items. {'; '.join(parts)}.",
    )


_ADOPTED_COLUMN = {"ja": "策定（プランの記載）", "en": "Adopted (as the plan says)"}


def _history_frame(rh: pd.DataFrame, lang: str, sites: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """Each programme with its period, items and follow-up; the FY2006 follow-up of the 1st-3rd plans in a row of its own."""
    name = "program" if lang == "ja" else "program_en"

    def period(start: int, end: int) -> str:
        if start == end:
            return fiscal_year_label(start, lang)
        if lang == "ja":
            return f"{fiscal_year_label(start, lang).removesuffix('年度')}～{fiscal_year_label(end, lang)}"
        return f"{fiscal_year_label(start, lang)}–{fiscal_year_label(end, lang)}"

    def followup(r) -> str:
        base, n = int(r["followup_base_items"]), int(r["followup_items"])
        counted = pick(lang, f"{base}項目中{n}項目", f"{n} of {base} items")
        if r["followup_status"] == "under_way":
            counted += pick(lang, "（プラン策定時点で実施中）", " (under way when the plan was written)")
        return f"{fiscal_year_label(int(r['followup_fiscal_year']), lang)}{pick(lang, '：', ': ')}{counted}"

    def adopted(r) -> str:
        if not isinstance(r["adopted_printed"], str):
            return "—"
        other = r["adopted_other_printed"] if isinstance(r["adopted_other_printed"], str) else ""
        if lang == "ja":
            return r["adopted_printed"] + (f"（別の箇所では{other}）" if other else "")
        shown = r["adopted_month"].strftime("%B %Y")
        return shown + (f" (elsewhere FY{western_year(other, default_era='平成')})" if other else "")

    rows = []
    for _, r in rh.iterrows():
        own = pd.notna(r["followup_fiscal_year"]) and r["followup_scope"] == "this_programme"
        rows.append(
            {
                text("programme", lang): r[name],
                text("period", lang): period(int(r["start_fiscal_year"]), int(r["end_fiscal_year"])),
                pick(lang, "項目数", "Items"): _items_cell(r, sites or {}, lang),
                text("followup", lang): followup(r) if own else "—",
                _ADOPTED_COLUMN[lang]: adopted(r),
            }
        )
        if pd.notna(r["followup_fiscal_year"]) and r["followup_scope"] == "programmes_1_3":
            rows.append(
                {
                    text("programme", lang): _followup_row_label(lang),
                    text("period", lang): period(int(r["followup_fiscal_year"]), int(r["followup_fiscal_year"])),
                    pick(lang, "項目数", "Items"): "—",
                    text("followup", lang): followup(r),
                    _ADOPTED_COLUMN[lang]: "—",
                }
            )
    return pd.DataFrame(rows)


def _items_cell(r: pd.Series, sites: dict[str, pd.Series], lang: str) -> str:
    if pd.notna(r["items"]):
        return f"{int(r['items'])}"
    page = _site_page(r, sites)
    if page is None:
        return text("not_printed", lang)
    return pick(lang, f"{NOT_IN_OUR_TEXT['ja']}（市のページでは{int(page['report_items'])}）",
                f"{NOT_IN_OUR_TEXT['en']} ({int(page['report_items'])} on the city's page)")  # fmt: skip


def _site_words(rh: pd.DataFrame, sites: dict[str, pd.Series], lang: str) -> str:
    """Which counts are the city's page's, in short, for the chart's caption (the body says why, once)."""
    counts = [str(int(p["report_items"])) for _, r in rh.iterrows() if (p := _site_page(r, sites)) is not None]
    if not counts:
        return ""
    return pick(
        lang,
        f"ただし、{'項目・'.join(counts)}項目は市のホームページによる",
        f", except the {' and '.join(counts)}, from the city's progress page",
    )


def _sources(rh: pd.DataFrame, sites: dict[str, pd.Series], lang: str) -> str:
    pages = [p for _, r in rh.iterrows() if (p := _site_page(r, sites)) is not None]
    extra = "".join(pick(lang, f"；小平市ホームページ「{p['report']}」{p['source_url']}",
                         f"; Kodaira City website, '{p['report_en']}', {p['source_url']}") for p in pages)  # fmt: skip
    return source_note("reform_history", lang) + extra


def history_chart(rh: pd.DataFrame, lang: str, pages: pd.DataFrame | None = None) -> Chart:
    """Each programme's period and items, as one figure with its words (a count from the city's page said as such)."""
    sites = site_counts(pages)
    words = _site_words(rh, sites, lang)
    caption = pick(lang, "図2 各計画の期間と項目数", "Figure 2. Period and number of items of each programme")
    return Chart(
        _history_figure(rh, lang, sites),
        phone=phone_figure(rh, lang, sites),
        alt=_history_alt(rh, lang, sites),
        caption=caption
        + (pick(lang, f"（項目数はプランの記載。{words}）", f". Items are the plan's{words}.") if words else ""),
        source=_sources(rh, sites, lang),
    )


def history_table(rh: pd.DataFrame, lang: str, pages: pd.DataFrame | None = None) -> TableView:
    """Each programme with its period, items and follow-up."""
    sites = site_counts(pages)
    return TableView(
        _history_frame(rh, lang, sites),
        note=pick(
            lang,
            "第１～３次行財政改革推進計画の個々の期間は、プランの体系図の列見出しを順に当てはめたものです"
            "（本文は3計画をまとめて平成8～17年度としています）。",
            "The periods of the 1st-3rd reform plans come from the column headings of the plan's diagram, taken in "
            "order; the text gives only FY1996-FY2005 for the three together.",
        ),
        source=_sources(rh, sites, lang),
    )
