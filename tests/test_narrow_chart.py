"""The phone's variant of a chart (present/narrow_chart.py): narrower, labels at their size, the chart untouched."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kodaira_analysis.present import narrow_chart
from kodaira_analysis.present.style import format_fiscal_year_axis, new_figure, render, style

pytestmark = pytest.mark.figures


def _years_chart(note: str = ""):
    fig, ax = new_figure(height=3.5)
    years = list(range(2005, 2023))
    with style():
        ax.plot(years, [90 + (y % 5) for y in years], marker="o")
        format_fiscal_year_axis(ax, years, "ja")
        ax.set_ylabel("経常収支比率（%）", fontsize=8)
        if note:
            ax.annotate(note, (2005, 92), fontsize=8)
    return fig


def test_a_chart_of_18_years_gets_a_variant_whose_smallest_label_is_9_px_on_a_phone():
    fig = _years_chart()
    size = tuple(fig.get_size_inches())
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    png, width_in = narrow_chart.narrow_png(fig)
    assert narrow_chart.last_refusal["reason"] == ""
    image = Image.open(io.BytesIO(png))
    assert image.width == pytest.approx(width_in * narrow_chart.NARROW_DPI, abs=2)
    smallest = narrow_chart.smallest_text_pt(fig)
    shown_px = smallest * narrow_chart.PHONE_COLUMN_PX / (width_in * 72)
    assert shown_px >= 9.0, shown_px
    # The chart itself is as it was: its size and its year labels (every year labelled on A4).
    assert tuple(fig.get_size_inches()) == size
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == labels


def test_a_chart_whose_note_would_fall_outside_gets_no_variant():
    fig = _years_chart(note="2012・2013年度は国の給与減額の影響を受けた年度で、比較には注意が要ります（長い注記）")
    assert narrow_chart.narrow_png(fig) is None
    # wrapped into more lines (narrow_chart._wrap_outside), the note still does not fit: the layout has no room left
    assert any(why in narrow_chart.last_refusal["reason"] for why in ("falls outside", "layout collapsed"))


def test_the_page_shows_the_variant_after_the_chart_with_the_same_alt_text():
    html = render(_years_chart(), alt="経常収支比率の推移", caption="図", source="出典").to_html()
    assert html.count('alt="経常収支比率の推移"') == 2
    assert html.index('<img src="data:image/png') < html.index('<img class="kodaira-narrow"')


def test_a_legend_too_wide_for_the_phone_is_drawn_below_in_the_japanese_font_and_put_back():
    fig, ax = new_figure(height=3.5)
    years = list(range(2016, 2024))
    with style():
        for n, name in enumerate(["出生数", "死亡数", "転入者数", "転出者数"]):
            ax.plot(years, [n + y % 3 for y in years], label=name)
        format_fiscal_year_axis(ax, years, "ja")
        legend = fig.legend(loc="outside lower center", ncols=4, fontsize=8)
    variant = narrow_chart.narrow_png(fig)
    assert variant is not None, narrow_chart.last_refusal["reason"]  # a missing glyph would refuse it
    assert fig.legends == [legend] and legend.get_visible(), "the chart keeps its own legend"


def test_years_that_would_run_together_are_labelled_every_other_year():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _years_chart()
    narrow_chart.narrow_png(fig)
    # Drawn at the narrow width, as narrow_png draws it: the labels left stand apart by half their height.
    fig.set_size_inches(narrow_chart.narrow_width_in(8.0), 3.5)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    narrow_chart._thin_year_ticks(fig, renderer)
    fig.draw(renderer)
    shown = [t for t in fig.axes[0].get_xticklabels() if t.get_text().strip()]
    assert 3 <= len(shown) < 18
    assert not narrow_chart._labels_crowded([t.get_window_extent(renderer) for t in shown])


def test_tick_labels_an_axis_keeps_from_a_taller_drawing_are_not_counted_as_drawn():
    """An axis keeps the tick objects of an earlier drawing that had more ticks, their old wording and place,
    undrawn: counted as drawn, they refused 02-ja Figure 4 ('指数（国＝100）' "overlapped" a '110.0' not drawn)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig, ax = new_figure(height=6.0)
    with style():
        ax.plot(range(2006, 2022), [95 + (y % 7) * 2.8 for y in range(2006, 2022)])
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    tall = {t.get_text() for t in ax.get_yticklabels()}
    fig.set_size_inches(6.75, 1.6)
    # A witness: the one-line texts the renderer is asked to draw (it is given the text as ``mtext``).
    witnessed = []
    draw_text = renderer.draw_text
    renderer.draw_text = lambda *a, mtext=None, **k: (witnessed.append(mtext), draw_text(*a, mtext=mtext, **k))[1]
    drawn = [t for t, _ in narrow_chart._texts(fig, renderer)]
    del renderer.draw_text
    labels = [tick.label1 for tick in ax.yaxis.majorTicks if tick.label1.get_text() in tall]
    kept = [t for t in labels if t not in witnessed]
    assert kept, "the short drawing keeps undrawn tick labels of the tall one (else this test shows nothing)"
    assert {id(t) for t in labels if t in drawn} == {id(t) for t in labels if t in witnessed}


def test_the_scroll_line_shows_only_where_the_chart_is_wider_than_the_column():
    """03-ja Figure 2 (least width 360 px at 9 px text) fits a 400 px screen's 366 px column: no scroll line there."""
    import re

    from kodaira_analysis.page.narrow import phone_css

    fits = '<svg viewBox="0 0 360 300"><text style="font-size: 9px"/></svg>'  # least width 360 px
    wide = '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>'  # least width 547 px
    css = phone_css([("figure-2", fits, False), ("figure-3", wide, False)])

    def cued_at(width_px: int) -> set[str]:
        cued = set()
        for limit, body in re.findall(r"@media screen and \(max-width: (\d+)px\) \{(.*?)\n\}", css, re.S):
            if width_px <= int(limit):
                cued |= set(re.findall(r"#([\w-]+)::before", body))
        return cued

    assert cued_at(400) == {"figure-3"}
    assert cued_at(380) == {"figure-2", "figure-3"}
    assert "::before" not in css.split("\n}\n")[0], "the 40rem block sets widths only"
