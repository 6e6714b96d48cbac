"""A label the wide chart keeps clear of the bars, run over them on a phone (read9a c2: 01 Figure 1's FY2015
「記載なし」 / 'not printed' across the FY2013 and FY2014 bars, so that it read as theirs).

A narrow drawing now counts bars as what a label may not cover, as it counts markers and lines, and Figure 1 writes
a year with no total upright in its empty slot.
"""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import kodaira_analysis as ka
from kodaira_analysis.present import narrow_chart, narrow_labels

pytestmark = pytest.mark.figures


def _bars_with_a_wide_label() -> Figure:
    fig = Figure(figsize=(7.0, 3.0))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar([2011, 2012, 2013, 2014], [285, 174, 338, 87], width=0.65)
    ax.annotate("not printed", (2015, 0), textcoords="offset points", xytext=(0, 3), ha="center")
    ax.set_xlim(2010.4, 2015.6)
    return fig


def test_a_label_over_a_bar_is_a_collision():
    fig = _bars_with_a_wide_label()
    renderer = fig.canvas.get_renderer()
    assert narrow_labels.collisions(fig, renderer) == []  # 7 in wide: the label is clear of the bars
    fig.set_size_inches(3.4, 3.0)
    assert narrow_labels.collisions(fig, fig.canvas.get_renderer()) == [("not printed", "a marker")]


def test_a_phone_variant_never_covers_a_bar_with_a_label_the_wide_chart_kept_clear():
    fig = _bars_with_a_wide_label()
    png = narrow_chart.narrow_png(fig)
    if png is not None:  # moved clear of the bars, or refused (the wide chart then scrolls)
        fig.set_size_inches(png[1], 3.0)
        assert narrow_labels.collisions(fig, fig.canvas.get_renderer()) == []
    else:
        assert "touches a marker" in narrow_chart.last_refusal["reason"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_01_figure_1_has_a_phone_variant_with_the_missing_year_clear_of_the_bars(lang):
    from kodaira_analysis.topics import fiscal

    chart = fiscal.effects_chart(ka.load("fiscal_effects"), lang)
    assert chart.narrow_png() is not None, narrow_chart.last_refusal


def test_two_value_labels_that_run_together_on_a_phone_refuse_the_variant():
    """01-en Figure 3's phone variant printed '91.291.4' and '93.092.7': labels the wide chart kept apart stood
    closer than LABEL_GAP of their height: such labels are moved apart, or the variant is refused."""
    from matplotlib.transforms import Bbox

    height = 20.0
    left = Bbox([[0, 0], [40, height]])
    assert narrow_labels.run_together(left, Bbox([[45, 2], [85, height + 2]]))  # 5 px apart on one line
    assert not narrow_labels.run_together(left, Bbox([[50, 0], [90, height]]))  # 10 px: half a height
    assert not narrow_labels.run_together(left, Bbox([[42, 30], [82, 50]]))  # one above the other


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_01_figure_3_keeps_a_phone_variant_whose_labels_stand_apart(lang):
    """A label that runs into its neighbour on the phone is moved clear (narrow_labels.clear_labels); a variant
    where two still run together is refused, so the variant drawn has them apart."""
    from tests.conftest import require_shared_ssdse
    from tests.test_plots import plan_period_charts

    require_shared_ssdse()  # Figure 3 continues the plan's ratio with SSDSE-A's settled figures
    chart = next(c for c in plan_period_charts(lang) if c.caption.startswith(("Figure 3. Current", "図3 経常収支比率")))
    assert chart.narrow_png() is not None, narrow_chart.last_refusal
