"""A figure and a table as one object each, with what a reader needs beside them.

A topic function returns a :class:`Chart` (the matplotlib figure, its alt
text, caption and source) or a :class:`TableView` (the frame, caption and
source); a notebook shows either with one call, ``display.show``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from kodaira_analysis.present.style import FigureOutput, render


@dataclass
class Chart:
    """A figure with its alt text, caption and source."""

    figure: Figure
    alt: str
    caption: str
    source: str

    def render(self) -> FigureOutput:
        """The figure as PNG with its words (refuses missing glyphs and empty alt text)."""
        return render(self.figure, alt=self.alt, caption=self.caption, source=self.source)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.render()._repr_mimebundle_(include, exclude)


_NUMBER = re.compile(r"^[+\-−△]?[\d,]+(\.\d+)?\s*(%|人|億円|万円|円)?$|^—$")


def table_html(frame: pd.DataFrame) -> str:
    """A plain HTML table: text cells left-aligned, numeric cells (class 'num') right-aligned.

    >>> table_html(pd.DataFrame({"a": ["x"], "b": ["5"]}))
    '<table class="kodaira-table"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>x</td><td class="num">5</td></tr></tbody></table>'
    """

    def td(value) -> str:
        shown = "—" if pd.isna(value) else str(value)
        number = ' class="num"' if _NUMBER.match(shown.strip()) else ""
        return f"<td{number}>{html.escape(shown)}</td>"

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(td(v) for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f'<table class="kodaira-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass
class TableView:
    """A table as a committee reads it, with an optional caption, note and source."""

    frame: pd.DataFrame
    caption: str = ""
    source: str = ""
    note: str = ""

    def to_html(self) -> str:
        """The table block: caption, table, note, source."""
        parts = []
        if self.caption:
            parts.append(f'<p class="kodaira-caption">{html.escape(self.caption)}</p>')
        parts.append(table_html(self.frame))
        if self.note:
            parts.append(f'<p class="kodaira-note">{html.escape(self.note)}</p>')
        if self.source:
            parts.append(f'<p class="kodaira-source">{html.escape(self.source)}</p>')
        return '<div class="kodaira-table-block">' + "".join(parts) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()
