"""Chart text readable on a phone: a figure is never shown so small that its smallest label is under 9 px.

A chart drawn for A4 (486 pt wide, labels of 8 to 12 pt) shrinks to about 376 px on a 400 px phone: its
8-pt labels would be 6 px high. Each figure's SVG (kept beside its PNG in the notebook) gives the width of
the drawing and the size of its smallest text; the page's CSS then sets, on narrow screens only, the
figure's least width at which that text is 9 CSS px, and the figure scrolls sideways inside its own box
when the screen is narrower, under a line that says so. Wide screens and print are unchanged (print has its own sizes, see style.py).
A chart with a narrow variant (drawn again for a phone: present/narrow_chart.py) shows that variant instead
and needs no rule here; this is the fallback for a chart whose variant was refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The least height of chart text on screen, in CSS px.
MIN_TEXT_PX = 9.0
_VIEWBOX = re.compile(r'<svg[^>]*\sviewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"')
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")


@dataclass(frozen=True)
class ChartText:
    """A figure's drawing width and its smallest text, both in the SVG's units (matplotlib's points)."""

    width: float
    smallest: float

    def text_px(self, shown_width_px: float) -> float:
        """How high the smallest text is when the figure is shown ``shown_width_px`` CSS px wide."""
        return self.smallest * shown_width_px / self.width

    def least_width_px(self, min_text_px: float = MIN_TEXT_PX) -> float:
        """The narrowest the figure may be shown for its smallest text to be ``min_text_px`` high."""
        return min_text_px * self.width / self.smallest


def chart_text(svg: str) -> ChartText | None:
    """The drawing width and smallest text of a matplotlib SVG (svg.fonttype 'none'), or None without text.

    >>> chart_text('<svg width="486pt" viewBox="0 0 486 374.9"><text style="font-size: 11px"/>'
    ...            '<text style="font-size: 8px"/></svg>')
    ChartText(width=486.0, smallest=8.0)
    """
    box = _VIEWBOX.search(svg)
    sizes = [float(s) for s in _FONT_SIZE.findall(svg)]
    if box is None or not sizes or float(box.group(1)) <= 0 or min(sizes) <= 0:
        return None
    return ChartText(float(box.group(1)), min(sizes))


def phone_css(figures: list[tuple[str, str, bool]]) -> str:
    """The CSS that keeps each figure's text at least :data:`MIN_TEXT_PX` high on narrow screens.

    ``figures``: (the figure's id, its SVG, whether it has a phone's variant) in the page's order. A figure with
    a phone's variant needs no rule: report.css shows the variant on a narrow screen.

    >>> print(phone_css([("figure-1", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', False),
    ...                  ("figure-2", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', True)]))
    @media screen and (max-width: 40rem) {
      #figure-1 { overflow-x: auto; }
      #figure-1 img { min-width: 547px; }
      #figure-1::before { content: var(--kodaira-scroll-cue); }
    }
    """
    import math

    rules = []
    for anchor, svg, narrow in figures:
        text = None if narrow else chart_text(svg)
        if text is not None:
            rules.append(
                f"  #{anchor} {{ overflow-x: auto; }}\n  #{anchor} img {{ min-width: {math.ceil(text.least_width_px())}px; }}\n"
                # a line above the chart says that it scrolls (report.css words it in the page's language)
                f"  #{anchor}::before {{ content: var(--kodaira-scroll-cue); }}\n"
            )
    return "@media screen and (max-width: 40rem) {\n" + "".join(rules) + "}" if rules else ""
