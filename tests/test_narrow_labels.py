"""A phone's variant keeps every value and note label clear of the data (present/narrow_labels.py).

At 400 px a committee reader found 01 Figure 2's points over 'target year' / 目標年度 and 目標（2016.4.1）, Figure 4's
markers over the first digit of 93.0 and 91.0 and a line through 91.8, a line through Figure 5's 899 and a marker on
Figure 6's 39.4. The narrow drawing is checked here as it is saved, with geometry of the test's own: each line
walked pixel by pixel, each marker a disc.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.conftest import SSDSE_PRESENT
from tests.test_plots import every_chart

pytestmark = pytest.mark.figures


def _label_hits(fig) -> list[str]:
    """Each label beside a point (ax.texts) in the figure as drawn now that covers a marker or a line, or leaves its chart."""
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72
    hits = []
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        for label in ax.texts:
            if not label.get_visible() or not label.get_text().strip():
                continue
            box = label.get_window_extent(renderer)
            # a label of a point inside the chart stays inside (a plan's name over its band stands above by design)
            of_point = getattr(label, "xycoords", None) == "data" and frame.contains(*ax.transData.transform(label.xy))
            outside = (
                box.x0 < frame.x0 - 0.5 or box.x1 > frame.x1 + 0.5 or box.y0 < frame.y0 - 0.5 or box.y1 > frame.y1 + 0.5
            )
            if of_point and outside:
                hits.append(f"{label.get_text()!r} leaves its chart")
            for line in ax.get_lines():
                xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
                if line.get_marker() not in (None, "None", "none", "", " "):
                    radius = 0.45 * line.get_markersize() * px_per_pt
                    for x, y in xy[~np.isnan(xy).any(axis=1)]:
                        nx, ny = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
                        if np.hypot(x - nx, y - ny) < radius:
                            hits.append(f"{label.get_text()!r} covers a marker at {x:.0f},{y:.0f}")
                if line.get_linestyle() in ("None", "none", "", " "):
                    continue
                width = 0.4 * line.get_linewidth() * px_per_pt
                for (x0, y0), (x1, y1) in itertools.pairwise(xy):
                    if np.isnan([x0, y0, x1, y1]).any():
                        continue
                    steps = np.linspace(0, 1, int(np.hypot(x1 - x0, y1 - y0)) + 2)
                    xs, ys = x0 + steps * (x1 - x0), y0 + steps * (y1 - y0)
                    shown = (xs >= frame.x0) & (xs <= frame.x1) & (ys >= frame.y0) & (ys <= frame.y1)
                    inside = (
                        (xs > box.x0 - width) & (xs < box.x1 + width) & (ys > box.y0 - width) & (ys < box.y1 + width)
                    )
                    if (shown & inside).any():
                        hits.append(f"{label.get_text()!r} is crossed by a line")
                        break
    return hits


def _narrow_hits(chart):
    """Draw the chart's phone variant; return the label hits of that drawing, as it is saved (None: no variant)."""
    fig = chart.phone or chart.figure
    found: list[list[str]] = []
    save = fig.savefig

    def checked_save(*args, **kwargs):
        fig.draw(fig.canvas.get_renderer())
        found.append(_label_hits(fig))
        return save(*args, **kwargs)

    fig.savefig = checked_save
    try:
        variant = chart.narrow_png()
    finally:
        del fig.savefig
    return None if variant is None else found[-1]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_phone_variant_keeps_its_labels_clear_of_markers_and_lines(lang):
    checked = []
    for chart in every_chart(lang):
        hits = _narrow_hits(chart)
        if hits is None:
            continue
        checked.append(chart.caption)
        assert hits == [], (chart.caption, hits)
    # 01 Figures 2-6 keep their variant (refused, the page would scroll the wide chart): Figures 3-6 need SSDSE-A
    figures = {
        "ja": ["図2 第２次", "図3 経常収支比率の推移", "図4 経常収支比率と実質公債費比率", "図5 歳入・歳出", "図6 民生費"],
        "en": ["Figure 2. The indicators", "Figure 3. Current balance ratio, plan", "Figure 4. Current balance ratio and",
               "Figure 5. Total revenue", "Figure 6. Welfare expenditure"],
    }[lang]  # fmt: skip
    for figure in figures if SSDSE_PRESENT else figures[:1]:
        assert any(c.startswith(figure) for c in checked), (figure, checked)


def test_a_label_under_a_point_on_the_phone_moves_clear_and_the_chart_is_put_back():
    """A value label a neighbouring point covers at 4.25 in (not at 6.75 in) is moved for the phone only."""
    from kodaira_analysis.present.figure import Chart
    from kodaira_analysis.present.style import label_above, new_figure, style

    fig, ax = new_figure(height=3.0)
    years = list(range(2011, 2023))
    values = [92.7, 91.2, 91.4, 93.9, 91.8, 94.9, 93.0, 92.7, 93.7, 91.0, 83.1, 85.2]
    with style():
        ax.plot(years, values, marker="s")
        for x, y in zip(years, values, strict=True):
            label_above(ax, x, y, f"{y:.1f}", dy=5)
        ax.set_ylabel("%", fontsize=8)
    offsets = [t.xyann for t in ax.texts]
    hits = _narrow_hits(Chart(fig, alt="a", caption="c", source="s"))
    assert hits == []
    assert [t.xyann for t in ax.texts] == offsets


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_timeline_of_the_programmes_gives_a_phone_its_width_and_keeps_its_counts_off_the_bars(lang):
    """04 Figure 2 narrowed kept its long names beside the rows: the timeline 28 px wide with two years marked, the
    counts (76項目 ...) over the bars and out of the frame. Drawn for a phone, the names stand above the bars."""
    import kodaira_analysis as ka
    from kodaira_analysis.topics import reform_history

    chart = reform_history.history_chart(ka.load("reform_history"), lang, ka.load("progress_reports"))
    assert chart.phone is not None
    hits = _narrow_hits(chart)
    assert hits == [], hits
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = chart.phone
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    (ax,) = fig.axes
    frame = ax.get_window_extent(renderer)
    assert frame.width > 0.85 * fig.bbox.width, "the timeline has the chart's width"
    years = [t for t in ax.get_xticklabels() if t.get_text()]
    assert len(years) >= 5, [t.get_text() for t in years]
    bars = [c.get_transform().transform_path(path).get_extents() for c in ax.collections for path in c.get_paths()]
    assert len(bars) >= 7
    names = set(rh_names := list(ka.load("reform_history")["program" if lang == "ja" else "program_en"]))
    shown = {t.get_text() for t in ax.texts}
    assert names <= shown, rh_names
    for label in ax.texts:
        box = label.get_window_extent(renderer)
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1), label.get_text()
        assert not [b for b in bars if box.overlaps(b)], label.get_text()
