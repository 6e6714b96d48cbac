"""04 Figure 2 drawn for a phone: each programme's name above its bar, so that the timeline has the chart's width.

Narrowed, the A4 drawing kept its long names beside the rows: at 400 px the timeline was 28 px wide with two years
marked and the item counts ran over the bars and out of the frame. Here each row is a line of its own for the name,
then the adoption mark and the bar; the count stands after the bar, or before it where the frame has no room after.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.axes import fiscal_year_tick
from kodaira_analysis.present.i18n import pick, text
from kodaira_analysis.present.narrow_chart import narrow_width_in
from kodaira_analysis.present.style import OKABE_ITO, drawn_in_house_style, new_figure

#: Each row's height (points): the name's line, the adoption mark and the bar.
ROW_PT = 40
#: Where in its row (in rows, from the row's middle; down is +) the bar begins, how tall it is and where the
#: adoption mark stands: the name's line 10-21 pt from the row's top, the mark 19-25 pt, the bar 25-37 pt (a name
#: stands nearer its own bar than the bar above).
BAR_TOP, BAR_HEIGHT, MARK_AT = 25 / ROW_PT - 0.5, 12 / ROW_PT, 22 / ROW_PT - 0.5
#: The text's size (points): at the phone's width, 9.5 CSS px on a 400 px screen.
TEXT_PT = 8


def site_page(r: pd.Series, sites: dict[str, pd.Series]) -> pd.Series | None:
    """The city's page that counts a programme whose items the plan does not print, if the sources hold one."""
    return sites.get(str(r["program_id"])) if pd.isna(r["items"]) else None


def followup_row_label(lang: str) -> str:
    """The name of the row of the FY2006 follow-up of the 1st-3rd plans (the plan does not say which plan's items)."""
    return pick(lang, "第１～３次行財政改革推進計画のフォローアップ", "Follow-up after the 1st-3rd reform plans")


def legend_handles(lang: str) -> list:
    """The legend's entries: the plan period, the follow-up and the adoption (the same on A4 and on a phone)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [
        Patch(color=OKABE_ITO[0], label=text("period", lang)),
        Patch(facecolor="white", edgecolor=OKABE_ITO[1], hatch="//", label=text("followup", lang)),
        Line2D(
            [],
            [],
            marker="v",
            color=OKABE_ITO[5],
            linestyle="none",
            label=pick(lang, "策定（プランの記載）", "Adopted (as the plan says)"),
        ),
    ]


@drawn_in_house_style
def phone_figure(rh: pd.DataFrame, lang: str, sites: dict[str, pd.Series]) -> Figure:
    """The timeline of the programmes for a phone: names above the bars, counts beside them inside the frame."""
    name = "program" if lang == "ja" else "program_en"
    rows = len(rh) + int((rh["followup_scope"] == "programmes_1_3").sum())
    fig, ax = new_figure(width=narrow_width_in(TEXT_PT), height=(rows * ROW_PT + 100) / 72)
    first, last = int(rh["start_fiscal_year"].min()), int(rh["end_fiscal_year"].max())
    left_edge, right_edge = first - 1.0, last + 2.0
    years_per_pt = (right_edge - left_edge) / ((fig.get_figwidth() - 0.4) * 72)  # the frame about 0.4 in narrower
    y = 0

    def row_name(words: str, at: int) -> None:  # at the top of the row, from the frame's left
        ax.annotate(words, (0, at - 0.5), xycoords=("axes fraction", "data"), textcoords="offset points",
                    xytext=(3, -10), ha="left", va="top", fontsize=TEXT_PT, color="#222222")  # fmt: skip

    for _, row in rh.iterrows():
        start, end = int(row["start_fiscal_year"]), int(row["end_fiscal_year"])
        row_name(row[name], y)
        ax.broken_barh([(start - 0.45, end - start + 0.9)], (BAR_TOP + y, BAR_HEIGHT), color=OKABE_ITO[0])
        items = row["items"]
        note = f"{items}{pick(lang, '項目', ' items')}" if pd.notna(items) else text("not_printed", lang)
        page = site_page(row, sites)
        if page is not None:  # the plan's silence and the city's page, each said as its own
            n = int(page["report_items"])
            note = pick(lang, f"{n}項目（市のページ）", f"{n} items (city's page)")
        own = pd.notna(row["followup_fiscal_year"]) and row["followup_scope"] == "this_programme"
        after = end + (1.5 if own else 0.6)
        wide_pt = len(note) * TEXT_PT * (1.0 if lang == "ja" else 0.55)  # about: a full-width character is 1 em
        fits_after = after + wide_pt * years_per_pt < right_edge
        ax.annotate(note, (after if fits_after else start - 0.6, y + BAR_TOP + BAR_HEIGHT / 2), ha="left" if fits_after else "right",
                    va="center", fontsize=TEXT_PT, color="#222222")  # fmt: skip
        if pd.notna(row["adopted_month"]):  # the month the plan says it was adopted, just above the bar
            day = row["adopted_month"]
            x = day.year - (1 if day.month < 4 else 0) + ((day.month - 4) % 12) / 12 - 0.45
            ax.plot([x], [y + MARK_AT], marker="v", color=OKABE_ITO[5], markersize=6, linestyle="none", zorder=4)
        if pd.notna(row["followup_fiscal_year"]):
            fy = int(row["followup_fiscal_year"])
            row_y = y
            if not own:  # the follow-up of the 1st-3rd plans: a row of its own, below
                y += 1
                row_y = y
                row_name(followup_row_label(lang), y)
            ax.broken_barh(
                [(fy - 0.45, 0.9)], (BAR_TOP + row_y, BAR_HEIGHT), facecolor="white", edgecolor=OKABE_ITO[1], hatch="//"
            )
        y += 1
    ax.set_ylim(y - 0.5, -0.5)
    ax.set_yticks([])
    years = range(first, last + 1, 4)
    ax.set_xticks(list(years), [fiscal_year_tick(t, lang) for t in years], fontsize=TEXT_PT)
    ax.set_xlim(left_edge, right_edge)
    ax.set_xlabel(text("fiscal_year", lang), fontsize=TEXT_PT + 1)
    fig.legend(handles=legend_handles(lang), loc="outside lower center", ncols=1, fontsize=TEXT_PT)
    return fig
