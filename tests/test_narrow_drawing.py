"""How a phone's variant draws its figure (present/narrow_labels.draw): nothing painted but the drawing saved, and
the variants byte for byte those of painting every drawing."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kodaira_analysis.present import narrow_chart, narrow_labels
from kodaira_analysis.present.style import format_fiscal_year_axis, new_figure, style
from tests.test_plots import every_chart

pytestmark = pytest.mark.figures


def _chart():
    fig, ax = new_figure(height=3.5)
    years = list(range(2011, 2023))
    with style():
        ax.plot(years, [90 + y % 4 for y in years], marker="o", label="経常収支比率")
        format_fiscal_year_axis(ax, years, "ja")
        ax.set_ylabel("経常収支比率（%）", fontsize=8)
        ax.legend()
    return fig, ax


def _other_renderer(fig):
    """A renderer of the same size and resolution that is not the figure's canvas's."""
    return FigureCanvasAgg(Figure(figsize=fig.get_size_inches(), dpi=fig.dpi)).get_renderer()


def test_the_drawing_paints_nothing_on_the_canvas_and_finds_the_texts_a_painted_one_finds():
    fig, _ = _chart()
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)  # as the page's PNG has drawn it
    found = [t.get_text() for t in narrow_labels.drawn_texts(fig, renderer)]
    assert not np.asarray(renderer.buffer_rgba())[..., 3].any(), "nothing painted (every pixel transparent)"
    other = _other_renderer(fig)
    assert found == [t.get_text() for t in narrow_labels.drawn_texts(fig, other)]
    assert np.asarray(other.buffer_rgba())[..., 3].any(), "another renderer than the canvas's is painted on"
    assert {"経常収支比率（%）", "2011", "90.0", "経常収支比率"} <= set(found), found


def test_a_variant_paints_only_the_drawing_it_saves(monkeypatch):
    fig, _ = _chart()
    calls = {"outside savefig": 0, "unpainted": 0, "saving": False}
    draw, unpainted, savefig = Figure.draw, Figure.draw_without_rendering, Figure.savefig

    def counted(self, renderer):
        calls["outside savefig"] += not calls["saving"]
        return draw(self, renderer)

    def counted_unpainted(self):
        calls["unpainted"] += 1
        return unpainted(self)

    def saving(self, *args, **kwargs):
        calls["saving"] = True
        try:
            return savefig(self, *args, **kwargs)
        finally:
            calls["saving"] = False

    monkeypatch.setattr(Figure, "draw", counted)
    monkeypatch.setattr(Figure, "draw_without_rendering", counted_unpainted)
    monkeypatch.setattr(Figure, "savefig", saving)
    assert narrow_chart.narrow_png(fig) is not None, narrow_chart.last_refusal
    assert calls["outside savefig"] >= 8 and calls["unpainted"] == calls["outside savefig"], calls


def _variants(monkeypatch, *, every_time: bool, count: int) -> list:
    with monkeypatch.context() as patch:
        if every_time:  # each drawing painted, as the variants were first drawn
            patch.setattr(Figure, "draw_without_rendering", lambda fig: fig.draw(fig.canvas.get_renderer()))
        found = []
        for chart in itertools.islice(every_chart("ja"), count):
            out = chart.render()  # as a page has it: the wide PNG, the phone's variant, the SVG
            found.append((chart.caption, out.narrow_png, narrow_chart.last_refusal["reason"], out.png, out.svg))
        return found


def test_the_variants_are_byte_for_byte_those_of_painting_every_drawing(monkeypatch):
    fast = _variants(monkeypatch, every_time=False, count=7)
    slow = _variants(monkeypatch, every_time=True, count=7)
    assert [(c, why) for c, _, why, *_ in fast] == [(c, why) for c, _, why, *_ in slow]
    assert fast == slow
    assert sum(1 for _, narrow, *_ in fast if narrow) >= 4, [(c, why) for c, _, why, *_ in fast]


def test_the_chart_keeps_its_axes_places_for_the_svg_saved_after_the_variant():
    """style.render saves the SVG after the variant with no layout: it had the phone's margins on the A4 width."""
    import io

    from kodaira_analysis.present.style import render

    fig, ax = _chart()
    fig.savefig(io.BytesIO(), format="png")  # the wide PNG's layout
    place = ax.get_position(original=True).bounds
    assert narrow_chart.narrow_png(fig) is not None, narrow_chart.last_refusal
    assert ax.get_position(original=True).bounds == place
    assert ax.get_in_layout(), "still placed by the layout"
    fig, ax = _chart()
    svg = render(fig, alt="a", caption="c", source="s").svg
    x0, _, width, _ = ax.get_position(original=True).bounds  # the PNG's layout, which the SVG keeps
    frame = re.search(r'<g id="patch_2">\s*<path d="M ([\d.]+) [\d.]+ \s*L ([\d.]+) ', svg)
    assert frame, "the axes' background in the SVG"
    width_pt = fig.get_size_inches()[0] * 72
    assert float(frame[1]) == pytest.approx(x0 * width_pt, abs=0.01)
    assert float(frame[2]) == pytest.approx((x0 + width) * width_pt, abs=0.01)
