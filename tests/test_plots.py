"""The house style: Japanese glyphs render, English figures carry no Japanese, alt text is required."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

import kodaira_analysis as ka
from kodaira_analysis.present import style as plots
from kodaira_analysis.topics import (
    ageing,
    census_births,
    fiscal,
    period_fiscal,
    period_resident,
    period_staffing,
    population,
    progress,
    reform_history,
    staffing,
    targets,
)
from tests.conftest import MIC_PRESENT, SSDSE_PRESENT

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def every_chart(lang: str):
    demographics = ka.load("demographics")
    assessment = ka.assess_targets()
    yield fiscal.effects_chart(ka.load("fiscal_effects"), lang)
    yield targets.targets_chart(
        ka.load("indicators"), ka.load("targets"), assessment, lang, selected=list(assessment["indicator"])
    )
    staff = ka.load("indicators").query("indicator == 'staff_quota'")
    yield staffing.quota_chart(staff, ka.load("targets").set_index("indicator").loc["staff_quota"], lang)
    yield ageing.aged_share_chart(demographics.query("indicator == 'aged_65_plus_share'"), lang, extend_to_year=2020)
    yield ageing.fertility_chart(demographics.query("indicator == 'total_fertility_rate'"), lang)
    yield progress.progress_chart(ka.load("program_progress"), lang, as_percent=True)
    yield reform_history.history_chart(ka.load("reform_history"), lang, ka.load("progress_reports"))
    if SSDSE_PRESENT:  # the later official data, the plan-period and the peer charts need SSDSE-A
        yield from plan_period_charts(lang)
        yield from peer_charts(lang)
    if MIC_PRESENT:  # MIC's indicators: the long run (01), the Laspeyres index (02), the plan period (00)
        yield from mic_charts(lang)


def mic_charts(lang: str):
    from kodaira_analysis.analysis import mic_long_run
    from kodaira_analysis.topics import mic_laspeyres, mic_summary
    from kodaira_analysis.topics import mic_long_run as long_run

    indicators, averages = ka.load("mic_indicators"), ka.load("mic_averages")
    lr = mic_long_run.long_run(indicators, averages)
    yield long_run.long_run_chart(lr, lang)
    yield mic_summary.glance_chart(lr, lang)
    yield mic_laspeyres.chart(lr, mic_long_run.laspeyres(indicators), lang)


def peer_charts(lang: str, outside_tama: bool = False):
    """Report 05's two charts: Kodaira among the Tama cities (or Ibaraki among the cities of Osaka Prefecture, whose
    names this project has in Japanese only, so its English charts carry Japanese)."""
    from kodaira_analysis.analysis import peer_data, peers
    from kodaira_analysis.topics import peer_charts as charts

    table, selected = ka.load("ssdse"), list(peer_data.MEASURES)
    for group_name, code, year in [("prefecture_cities", "27211", 2021) if outside_tama else ("tama26", "13211", 2024)]:
        group = peers.describe_group(group_name, code, table)
        yield charts.strip_chart(peers.peer_measures(group_name, code, year, table), group, lang, selected=selected)
        trends = peers.peer_trends(group_name, code, year, table)
        yield charts.trend_chart(trends, peers.trend_summary(trends), group, lang, selected=selected)


def plan_period_charts(lang: str):
    from kodaira_analysis.analysis import period, period_compare, series

    extended = series.extended_indicators()
    target = ka.load("targets").set_index("indicator").loc["current_balance_ratio"]
    yield fiscal.ratio_chart(extended.query("indicator == 'current_balance_ratio'"), target, lang)
    census = series.census_ageing().query("2011 <= census_year <= 2023")
    yield census_births.census_chart(census, series.births().query("2011 <= year <= 2023"), lang)
    table = ka.load("ssdse")
    fiscal_period = period.fiscal_series(table)
    medians = period_compare.tama_medians(table, fiscal_period)
    yield period_fiscal.ratios_chart(fiscal_period, lang)
    yield period_fiscal.money_chart(fiscal_period, lang)
    yield period_resident.welfare_chart(fiscal_period, lang)
    yield period_resident.per_resident_chart(fiscal_period, medians, lang)
    staff = period.staffing_series(table)
    yield period_staffing.staff_chart(staff, lang)
    yield period_staffing.per_1000_chart(period_compare.staff_per_1000(table, staff), lang)
    yield population.change_chart(period.population_change(table), lang)
    yield population.alone_chart(period.elderly_households(table), lang)


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_renders_without_missing_glyphs(lang):
    for chart in every_chart(lang):
        assert chart.alt.strip() and chart.caption.strip() and chart.source.strip(), "a chart carries its words"
        out = chart.render()
        fig = chart.figure
        assert out.png.startswith(b"\x89PNG")
        assert len(out.png) < 300_000, "figures stay small enough for a light report"
        texts = plots.figure_texts(fig)
        if lang == "en":
            assert not [t for t in texts if JAPANESE.search(t)], texts
        else:
            assert any(JAPANESE.search(t) for t in texts)


@pytest.mark.figures
def test_every_plotted_point_lies_inside_its_axes():
    """No point drawn outside the axes' limits, where it would be clipped away (as FY2015 once was in the
    per-resident panels, whose axis began at its first labelled year)."""
    import numpy as np

    for chart in every_chart("ja"):
        for ax in chart.figure.axes:
            (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
            for line in ax.get_lines():
                xs, ys = (np.asarray(v, dtype=float) for v in line.get_data())
                shown = ~(np.isnan(xs) | np.isnan(ys))
                if not line.get_marker() or line.get_marker() == "None":
                    continue  # a guide line (a target across the axis) may run past the edges
                outside = shown & ((xs < x0) | (xs > x1) | (ys < y0) | (ys > y1))
                assert not outside.any(), (chart.caption, ax.get_title(), xs[outside], ys[outside])


def _drawn(chart):
    """Draw the chart as its PNG is drawn; return the renderer that places its texts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    return canvas.get_renderer()


def _label_boxes(ax, renderer) -> list:
    """(text, box on the canvas) of each visible label or note drawn in an axes."""
    return [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_label_hides_another_or_sits_under_the_legend(lang):
    """Value labels and notes drawn in an axes never overlap each other or its legend (a legend once hid a
    bar's '22.7')."""
    for chart in every_chart(lang):
        renderer = _drawn(chart)
        for ax in chart.figure.axes:
            boxes = _label_boxes(ax, renderer)
            if ax.get_legend() is not None:
                boxes.append(("(legend)", ax.get_legend().get_window_extent(renderer)))
            clashes = [
                (a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :] if box_a.overlaps(box_b)
            ]
            assert not clashes, (chart.caption, ax.get_title(), clashes)


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_titles_of_panels_side_by_side_stand_apart(lang):
    """Two panels' titles in one row never meet: at least one character's width between them, measured as the PNG
    is drawn (report 05's '... ranked from the lowest' ran on into the next panel's '2021; ...'); and no two texts of
    a chart overlap, across its panels too (titles, axis titles, tick labels, notes, legends)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from kodaira_analysis.present.narrow_labels import texts

    outside_tama = peer_charts(lang, outside_tama=True) if SSDSE_PRESENT else []
    for chart in itertools.chain(every_chart(lang), outside_tama):
        fig = chart.figure
        fig.set_dpi(plots.DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        titles = [  # an axes' titles are the children whose text get_title gives, at each place
            (child.get_text(), child.get_window_extent(renderer), child.get_fontsize() * plots.DPI / 72)
            for ax in fig.axes
            if ax.get_visible()
            for place in ("left", "center", "right")
            if ax.get_title(loc=place).strip()
            for child in ax.get_children()
            if isinstance(child, Text) and child.get_visible() and child.get_text() == ax.get_title(loc=place)
        ]
        for (a, box_a, em), (b, box_b, _) in itertools.combinations(titles, 2):
            same_row = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 0
            left, right = sorted((box_a, box_b), key=lambda box: box.x0)
            assert not same_row or right.x0 - left.x1 >= em, (chart.caption[:40], a[-30:], b[:30])
        met = [
            (a.get_text()[:30], b.get_text()[:30])
            for (a, box_a), (b, box_b) in itertools.combinations(texts(fig, renderer), 2)
            if min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 1
            and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1
        ]
        assert not met, (chart.caption[:40], met)


def _axis_label_clashes(fig, renderer) -> list[tuple[str, str]]:
    """(axis title, text) for each axis title whose box overlaps another text of the figure (a tick label, a note)."""
    from kodaira_analysis.present.narrow_labels import texts

    drawn = texts(fig, renderer)
    return [
        (label.get_text(), t.get_text())
        for ax in fig.axes
        for label in (ax.xaxis.label, ax.yaxis.label)
        if label.get_text().strip()
        for t, box in drawn
        if t is not label and label.get_window_extent(renderer).overlaps(box)
    ]


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_axis_title_runs_into_another_text(lang):
    """02-en Figure 1: the lower panel's title 'Change from previous year (persons)' ran up beside the upper panel
    into its tick label '904' (on a phone, '(persons)904'); the narrow check let it pass, as the two boxes touched
    on the wide chart too. No axis title of any chart overlaps another text."""
    for chart in every_chart(lang):
        assert not _axis_label_clashes(chart.figure, _drawn(chart)), chart.caption


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_quota_charts_phone_variant_keeps_its_axis_titles_clear(lang):
    """02 Figure 1 drawn at its phone width: each axis title clear of every other text, within its own panel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from kodaira_analysis.present import narrow_chart
    from kodaira_analysis.present.narrow_labels import draw

    staff = ka.load("indicators").query("indicator == 'staff_quota' and 2012 <= fiscal_year <= 2016")
    chart = staffing.quota_chart(staff, ka.load("targets").set_index("indicator").loc["staff_quota"], lang)
    fig = chart.figure
    assert narrow_chart.narrow_png(fig) is not None, narrow_chart.last_refusal["reason"]
    width = narrow_chart.narrow_width_in(narrow_chart.smallest_text_pt(fig) or 0)
    fig.set_size_inches(width, fig.get_size_inches()[1])
    renderer = FigureCanvasAgg(fig).get_renderer()
    draw(fig, renderer)
    assert not _axis_label_clashes(fig, renderer)
    for ax in fig.axes[:2]:
        title, panel = ax.yaxis.label.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert panel.y0 - 1 <= title.y0 and title.y1 <= panel.y1 + 1, (ax.get_ylabel(), title, panel)


#: Charts (caption starts) whose labels are also checked against the sloped lines of their series.
SLOPED_CHECKED = ("図1 定員", "Figure 1. Staff quota", "図1 65歳以上人口", "Figure 1. Share of residents aged 65")


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_label_sits_on_a_plotted_point_or_across_a_line(lang):
    """A value label or note is never drawn over a marker (the target's triangle hid '91.8', the note
    '目標年度' ran into a projected point) nor across a horizontal line ('92.7' and '94.9' were struck through by
    the 95% target line). A sloped line (a series between its points) is checked in the charts of
    SLOPED_CHECKED only: the rising quota line ran through '919 (2015.4.1)'; in several other charts a series
    still runs through a label (report 01's figures 4-6, the census chart), not yet placed."""
    import numpy as np

    for chart in every_chart(lang):
        renderer = _drawn(chart)
        for ax in chart.figure.axes:
            labels = _label_boxes(ax, renderer)
            for line in ax.get_lines():
                xs, ys = (np.asarray(v, dtype=float) for v in line.get_data())
                points = line.get_transform().transform(np.column_stack([xs, ys]))  # target lines: x in axes units
                points = points[~np.isnan(points).any(axis=1)]
                if line.get_marker() and line.get_marker() != "None":
                    radius = line.get_markersize() / 2 * chart.figure.dpi / 72
                    for x, y in points:
                        hit = [t for t, box in labels if box.x0 < x + radius and x - radius < box.x1 and box.y0 < y + radius and y - radius < box.y1]  # fmt: skip
                        assert not hit, (chart.caption, ax.get_title(), hit, "on a marker")
                if line.get_linestyle() in ("None", "none", " ", ""):
                    continue
                horizontal = len(points) > 1 and np.allclose(points[:, 1], points[0, 1])
                if not horizontal and not any(chart.caption.startswith(c) for c in SLOPED_CHECKED):
                    continue
                for (x0, y0), (x1, y1) in itertools.pairwise(points):
                    along = np.linspace(0, 1, 200)
                    xs_on, ys_on = x0 + (x1 - x0) * along, y0 + (y1 - y0) * along
                    struck = [t for t, box in labels if ((xs_on > box.x0 + 1) & (xs_on < box.x1 - 1) & (ys_on > box.y0 + 1) & (ys_on < box.y1 - 1)).any()]  # fmt: skip
                    assert not struck, (chart.caption, ax.get_title(), struck, "across a line")


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_title_label_or_legend_runs_off_the_figure(lang):
    """Axis labels, titles, notes and legends lie inside the image (a long axis label was once cut off)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for chart in every_chart(lang):
        fig = chart.figure
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        texts = [*fig.texts, *(t for legend in fig.legends for t in legend.get_texts())]
        for ax in fig.axes:
            texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
            texts += ax.get_legend().get_texts() if ax.get_legend() is not None else []
        for text in texts:
            if text.get_visible() and text.get_text().strip():
                box = text.get_window_extent(renderer)
                inside = box.x0 >= -1 and box.y0 >= -1 and box.x1 <= fig.bbox.x1 + 1 and box.y1 <= fig.bbox.y1 + 1
                assert inside, (chart.caption, text.get_text(), box.bounds, fig.bbox.bounds)


def test_japanese_font_is_the_bundled_one():
    import matplotlib

    with plots.style():
        assert matplotlib.rcParams["font.family"][0] == plots.FONT_FAMILY
    from matplotlib import font_manager

    assert "ipaexg" in font_manager.findfont(plots.FONT_FAMILY).lower()


def test_missing_glyph_is_refused():
    fig, ax = plots.new_figure()
    ax.set_title("\U0001f600 \u0d05")  # an emoji and a Malayalam letter: not in IPAexGothic
    with pytest.raises(plots.MissingGlyphError, match="Glyph"):
        plots.render(fig, alt="x", caption="c", source="s")


@pytest.mark.parametrize(("setting", "with_svg"), [(None, True), ("1", True), ("0", False)])
def test_a_figure_carries_its_svg_unless_the_kernel_is_told_not_to(monkeypatch, setting, with_svg):
    from kodaira_analysis.present import SVG_ENV

    if setting is None:
        monkeypatch.delenv(SVG_ENV, raising=False)
    else:
        monkeypatch.setenv(SVG_ENV, setting)
    fig, ax = plots.new_figure()
    ax.plot([2015, 2016], [1, 2])
    bundle = plots.render(fig, alt="a", caption="c", source="s")._repr_mimebundle_()
    assert ("image/svg+xml" in bundle) is with_svg
    assert 'src="data:image/png;base64,' in bundle["text/html"]  # the page's PNG either way


def test_alt_text_is_required_and_escaped():
    fig, _ = plots.new_figure()
    with pytest.raises(ValueError, match="alt text"):
        plots.render(fig, alt=" ", caption="c", source="s")
    html = plots.render(fig, alt='say "<b>"', caption="<i>c</i>", source="s").to_html()
    assert 'alt="say &quot;&lt;b&gt;&quot;"' in html and "&lt;i&gt;c&lt;/i&gt;" in html


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_label_prints_at_8pt_or_more_on_a4(lang):
    """No figure is wider than A4's text column, and no label prints smaller than 8 pt."""
    from matplotlib.text import Text

    for chart in every_chart(lang):
        fig = chart.figure
        assert fig.get_figwidth() <= plots.MAX_WIDTH_IN
        small = [
            (t.get_text(), t.get_fontsize())
            for t in fig.findobj(Text)
            if t.get_text().strip() and plots.printed_font_pt(fig, t.get_fontsize()) < plots.MIN_FONT_PT
        ]
        assert not small, f"{chart.caption}: labels under 8 pt on A4: {small[:5]}"


def test_projection_is_hollow_and_the_last_actual_point_is_not():
    """Only the projected point is hollow; the last actual result keeps its solid marker."""
    assessment = ka.assess_targets()
    chart = targets.targets_chart(ka.load("indicators"), ka.load("targets"), assessment, "en", selected=["debt_sewer"])
    ax = chart.figure.axes[0]
    hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() in ("white", "w", (1.0, 1.0, 1.0, 1.0))]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [2015], "one hollow point, at the target year"
    solid = [line for line in ax.get_lines() if line.get_marker() == "o" and line not in hollow]
    assert solid and 2014 in list(solid[0].get_xdata()), "the last actual result (FY2014) is drawn solid"


def test_ceiling_and_floor_targets_have_distinct_markers():
    assessment = ka.assess_targets()
    chart = targets.targets_chart(
        ka.load("indicators"),
        ka.load("targets"),
        assessment,
        "en",
        selected=["debt_general_account", "fiscal_adjustment_fund"],
    )
    markers = [
        {line.get_marker() for line in ax.get_lines() if line.get_label().startswith("Target")}
        for ax in chart.figure.axes[:2]
    ]
    assert markers == [{"v"}, {"^"}]
    labels = [line.get_label() for line in chart.figure.axes[1].get_lines()]
    assert "Target (floor)*: our reading of its direction" in labels, (
        "a direction the plan does not print is marked as our reading"
    )


#: An era written on a figure: 平成27, 令和2 or their initials (H27, R2), as the axes once carried beneath each year.
ERA_ON_FIGURE = re.compile(r"(明治|大正|昭和|平成|令和)\s*(\d{1,2}|元)|(?<![A-Za-z])[MTSHR]\d{1,2}(?!\d)")


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_names_years_as_western_years_only(lang):
    """A page names each era once, in its prose; its tables and charts show Western years only (01 Figure 2 and
    04 Figure 2 labelled their axes 2015/H27 and 2013/(平成25) beneath each year)."""
    for chart in every_chart(lang):
        eras = [t for t in plots.figure_texts(chart.figure) if ERA_ON_FIGURE.search(t)]
        assert not eras, (chart.caption, eras)


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_targets_and_history_charts_keep_their_phone_variant(lang):
    """01 Figure 2 and 04 Figure 2 with Western-year axes still get a narrow variant (labels 9 px on a phone)."""
    from kodaira_analysis.present import narrow_chart

    assessment = ka.assess_targets()
    charts = [
        targets.targets_chart(
            ka.load("indicators"), ka.load("targets"), assessment, lang, selected=list(assessment["indicator"])
        ),
        reform_history.history_chart(ka.load("reform_history"), lang, ka.load("progress_reports")),
    ]
    for chart in charts:
        variant = chart.narrow_png()
        assert variant is not None, (chart.caption, narrow_chart.last_refusal["reason"])
        assert all(re.fullmatch(r"\d{4}", t.get_text()) for t in chart.figure.axes[0].get_xticklabels() if t.get_text())


@pytest.mark.figures
def test_a_chart_with_a_phone_variant_in_one_language_has_one_in_the_other():
    """02-ja Figures 1 and 4, 03-ja Figure 5 and 01-en Figure 3 lost theirs in one language only (at 400 px cut off):
    a stale tick label counted as drawn, a legend inside the chart over a value label, a value label over the axis's
    numbers, an upright axis label taller than the chart."""
    from kodaira_analysis.present import narrow_chart

    def variants(lang):
        found = []
        for chart in every_chart(lang):
            found.append((chart.caption, chart.narrow_png() is not None, narrow_chart.last_refusal["reason"]))
        return found

    ja, en = variants("ja"), variants("en")
    assert len(ja) == len(en)
    assert [(j, e) for j, e in zip(ja, en, strict=True) if j[1] != e[1]] == []
    drawn = [caption for caption, ok, _ in ja + en if ok]
    for caption in ("図1 定員", "図5 65歳以上", "図3 ラスパイレス指数", "Figure 3. Current balance ratio, plan"):
        assert any(c.startswith(caption) for c in drawn) or not (SSDSE_PRESENT and MIC_PRESENT), caption


@pytest.mark.figures
@pytest.mark.skipif(not SSDSE_PRESENT, reason="needs SSDSE-A")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_census_chart_labels_its_shares_as_the_text_and_table_give_them(lang):
    """03 Figure 3 said 22.4 / 11.2 where its text and table say 22.38 / 11.18 (shares of SSDSE-A's counts)."""
    from kodaira_analysis.analysis import series

    census = series.census_ageing().query("2011 <= census_year <= 2023")
    chart = census_births.census_chart(census, series.births().query("2011 <= year <= 2023"), lang)
    labels = {t.get_text() for t in chart.figure.axes[0].texts}
    shares = {f"{v:.2f}" for column in ("aged_65_share", "aged_75_share") for v in census[column]}
    assert shares and shares <= labels, (shares, labels)
    assert "22.38" in labels or not (census["census_year"] == 2015).any()


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_quota_chart_puts_each_quota_at_its_1_april(lang):
    """02 Figure 1 put 932 (1 April 2016) at 2015 on a fiscal-year axis while Figure 2 puts it at 2016: the axis is
    now the year of each 1 April, its target marker at its date (FY2015's target, 1 April 2016)."""
    staff = ka.load("indicators").query("indicator == 'staff_quota'")
    target = ka.load("targets").set_index("indicator").loc["staff_quota"]
    chart = staffing.quota_chart(staff, target, lang)
    top, bottom = chart.figure.axes[:2]
    line = top.get_lines()[0]
    at = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
    assert at[2016] == 932 and 2011 not in at
    marker = next(ln for ln in top.get_lines() if ln.get_marker() == "v")
    assert list(marker.get_xdata()) == [pd.Timestamp(target["target_as_of"]).year] == [2016]
    assert bottom.get_xlabel() == {"ja": "各年4月1日現在", "en": "As of 1 April"}[lang]
    assert "年度" not in bottom.get_xlabel() and "Fiscal" not in bottom.get_xlabel()


def test_the_english_quota_chart_writes_its_dates_in_english():
    """02-en's point labels read '(2012.4.1)', a Japanese way of writing a date: now '1 Apr 2012'."""
    staff = ka.load("indicators").query("indicator == 'staff_quota'")
    target = ka.load("targets").set_index("indicator").loc["staff_quota"]
    texts = {
        lang: [t.get_text() for t in staffing.quota_chart(staff, target, lang).figure.axes[0].texts]
        for lang in ("ja", "en")
    }
    assert any("(1 Apr 2012)" in t for t in texts["en"]), texts["en"]
    assert not any(re.search(r"\d{4}\.\d{1,2}\.\d{1,2}", t) for t in texts["en"]), texts["en"]
    assert any("(2012.4.1)" in t for t in texts["ja"]), texts["ja"]


@pytest.mark.figures
@pytest.mark.skipif(not SSDSE_PRESENT, reason="needs SSDSE-A")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_staff_chart_axis_dates_only_what_has_a_date(lang):
    """02 Figure 2's shared axis said '4月1日現在' for both panels; SSDSE-A gives its staff count no survey date."""
    from kodaira_analysis.analysis import period

    staff = period.staffing_series(ka.load("ssdse"))
    label = period_staffing.staff_chart(staff, lang).figure.axes[1].get_xlabel()
    assert (
        label
        == {"ja": "年（定員は4月1日現在、職員数はSSDSE-Aの年）", "en": "Year (quota: 1 April; staff: SSDSE-A's year)"}[
            lang
        ]
    )
    # Figure 3 draws no quota: its axis names only SSDSE-A's year (it said 'quota: 1 April' too)
    from kodaira_analysis.analysis import period_compare

    per_1000 = period_staffing.per_1000_chart(period_compare.staff_per_1000(ka.load("ssdse"), staff), lang)
    label = per_1000.figure.axes[0].get_xlabel()
    assert label == {"ja": "年（SSDSE-Aが示す年）", "en": "Year (as SSDSE-A gives it)"}[lang]
    assert "定員" not in label and "quota" not in label


@pytest.mark.figures
@pytest.mark.skipif(not SSDSE_PRESENT, reason="needs SSDSE-A")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_births_panel_starts_at_zero_and_its_labels_stand_apart(lang):
    """03 Figure 3 (fifth read): births from 1,200 made a 22% fall look larger; '1,276' and '1,281' overlapped;
    the axis said 'Year' for calendar years."""
    from kodaira_analysis.analysis import series

    census = series.census_ageing().query("2011 <= census_year <= 2023")
    chart = census_births.census_chart(census, series.births().query("2011 <= year <= 2023"), lang)
    births = chart.figure.axes[1]
    assert births.get_ylim()[0] == 0
    assert births.get_xlabel() == {"ja": "暦年", "en": "Calendar year"}[lang]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in births.texts]
    assert len(boxes) >= 2
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_fiscal_effect_is_said_as_the_plans_figure(lang):
    """01 said 'the reforms yielded ¥884 million' in our voice (fifth read): the figure is the plan's own claim."""
    from kodaira_analysis.topics import fiscal as fiscal_topic

    words = str(fiscal_topic.effects_summary(ka.load("fiscal_effects"), lang))
    assert {"ja": "プランによれば", "en": "According to the plan"}[lang] in words
    assert {"ja": "8億8,400万円", "en": "884"}[lang] in words or "884" in words
