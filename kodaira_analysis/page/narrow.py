"""What a phone shows of a report's charts: never text under 9 CSS px (its tables: present/figure.table_html)."""

from __future__ import annotations

import math
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


#: The page's padding beside the column on a phone (CSS px): at 400 px the column is 366 (present/narrow_chart.py).
PAGE_PADDING_PX = 34


def phone_css(figures: list[tuple[str, str, bool]]) -> str:
    """CSS that keeps the text of each figure (id, SVG, has a phone's variant) at least :data:`MIN_TEXT_PX` high.

    On a narrow screen a chart without a variant gets the least width at which its smallest text is that high,
    and scrolls in its box; a line says so only on a screen too narrow for that width.

    >>> print(phone_css([("figure-1", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', False),
    ...                  ("figure-2", '<svg viewBox="0 0 486 300"><text style="font-size: 8px"/></svg>', True)]))
    @media screen and (max-width: 40rem) {
      #figure-1 { overflow-x: auto; }
      #figure-1 img { min-width: 547px; }
    }
    @media screen and (max-width: 580px) {
      #figure-1::before { content: var(--kodaira-scroll-cue); }
    }
    """
    rules, cues = [], []
    for anchor, svg, narrow in figures:
        text = None if narrow else chart_text(svg)
        if text is not None:
            least = math.ceil(MIN_TEXT_PX * text.width / text.smallest)  # the width at which it is 9 px high
            rules.append(f"  #{anchor} {{ overflow-x: auto; }}\n  #{anchor} img {{ min-width: {least}px; }}\n")
            cues.append(
                f"@media screen and (max-width: {least + PAGE_PADDING_PX - 1}px) {{\n"
                f"  #{anchor}::before {{ content: var(--kodaira-scroll-cue); }}\n}}"
            )
    if not rules:
        return ""
    return "\n".join(["@media screen and (max-width: 40rem) {\n" + "".join(rules) + "}", *cues])
