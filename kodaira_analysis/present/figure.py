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
    """A figure with its alt text, caption and source.

    ``phone``: the chart drawn for a phone by its topic, where the figure drawn narrower would not read well;
    without it, the phone's variant is the figure narrowed (present/narrow_chart.py).
    """

    figure: Figure
    alt: str
    caption: str
    source: str
    phone: Figure | None = None

    def render(self) -> FigureOutput:
        """The figure as PNG with its words (refuses missing glyphs and empty alt text)."""
        return render(self.figure, alt=self.alt, caption=self.caption, source=self.source, phone=self.phone)

    def narrow_png(self) -> tuple[bytes, float] | None:
        """The phone's variant as PNG and its width in inches, or None (why: ``narrow_chart.last_refusal``)."""
        from kodaira_analysis.present.narrow_chart import narrow_png

        return narrow_png(self.figure, phone=self.phone)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.render()._repr_mimebundle_(include, exclude)


_NUMBER = re.compile(r"^[+\-−△]?[\d,]+(\.\d+)?\s*(%|人|億円|万円|円)?$")
_MISSING = "—"


def _is_number(shown: str) -> bool:
    return bool(_NUMBER.match(shown.strip()))


def numeric_columns(frame: pd.DataFrame) -> list[bool]:
    """Which columns are numeric: at least half of the cells that are not blank are numbers.

    A numeric column is right-aligned as a whole, header and words such as 記載なし included,
    so that each column has one alignment.

    >>> numeric_columns(pd.DataFrame({"a": ["x", "y"], "b": ["5", "記載なし"], "c": ["—", "FY2006: 26 of 52"]}))
    [False, True, False]
    """
    flags = []
    for column in frame.columns:
        shown = [_MISSING if pd.isna(v) else str(v).strip() for v in frame[column]]
        filled = [v for v in shown if v != _MISSING]
        numbers = sum(_is_number(v) for v in filled)
        flags.append(numbers > 0 and 2 * numbers >= len(filled))
    return flags


#: A text column whose longest cell is longer than this is prose: its lines break between phrases.
PROSE_LENGTH = 15


def column_classes(frame: pd.DataFrame) -> list[str]:
    """The class of every cell of each column: 'num' (numeric), 'prose' (long text) or ''.

    >>> column_classes(pd.DataFrame({"a": ["x"], "b": ["5"], "c": ["a sentence longer than fifteen"]}))
    ['', 'num', 'prose']
    """
    classes = []
    for column, numeric in zip(frame.columns, numeric_columns(frame), strict=True):
        longest = max((len(str(v)) for v in frame[column] if not pd.isna(v)), default=0)
        classes.append("num" if numeric else "prose" if longest > PROSE_LENGTH else "")
    return classes


#: The longest run of rows one merged cell spans. Chromium never breaks a page inside a rowspan, so a longer
#: group (01's five indicators over 17 years) moved whole to the next page and left most of a page empty:
#: such a run is not merged, its repeated labels are shown subdued (class 'kodaira-repeat', report.css).
MAX_MERGED_ROWS = 8


def _row_spans(values: list[str], longest: int = MAX_MERGED_ROWS) -> list[int]:
    """Rowspan of each cell of a column merged where a value repeats (0: covered by the cell above).

    A run longer than ``longest`` rows is left unmerged (-1: a repeat of the label above).

    >>> _row_spans(["a", "a", "b", "a"])
    [2, 0, 1, 1]
    >>> _row_spans(["a", "a", "a", "b"], longest=2)
    [1, -1, -1, 1]
    """
    spans = [1] * len(values)
    first = 0
    for i in range(1, len(values)):
        if values[i] == values[first]:
            spans[first] += 1
            spans[i] = 0
        else:
            first = i
    for start, span in enumerate(list(spans)):
        if span > longest:
            spans[start : start + span] = [1] + [-1] * (span - 1)
    return spans


def table_html(frame: pd.DataFrame, *, merge_first_column: bool = False) -> str:
    """A plain HTML table: text columns left-aligned, numeric columns (class 'num') right-aligned.

    Columns of long text are marked 'prose' (report.css breaks their lines between phrases;
    short labels such as '2015（平成27）年度' break only at a space or a bracket).

    With ``merge_first_column``, a value of the first column that repeats on consecutive rows
    is one cell spanning them (``rowspan``), as the plan prints its structure; a run of more than
    :data:`MAX_MERGED_ROWS` rows repeats its label instead, subdued, so a printed page can break inside it.

    >>> table_html(pd.DataFrame({"a": ["x"], "b": ["5"]}))
    '<table class="kodaira-table"><thead><tr><th>a</th><th class="num">b</th></tr></thead><tbody><tr><td>x</td><td class="num">5</td></tr></tbody></table>'
    >>> table_html(pd.DataFrame({"a": ["x", "x"], "b": ["p", "q"]}), merge_first_column=True).split("<tbody>")[1]
    '<tr><th scope="rowgroup" rowspan="2">x</th><td>p</td></tr><tr><td>q</td></tr></tbody></table>'
    """
    classes = column_classes(frame)
    rows = [[_MISSING if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)]
    spans = _row_spans([row[0] for row in rows]) if merge_first_column and len(frame.columns) else [1] * len(rows)

    def cell(tag: str, text: str, kind: str, extra: str = "") -> str:
        kind = f' class="{kind}"' if kind else ""
        return f"<{tag}{kind}{extra}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", str(c), k) for c, k in zip(frame.columns, classes, strict=True))
    body = ""
    for row, span in zip(rows, spans, strict=True):
        cells = [cell("td", text, k) for text, k in zip(row, classes, strict=True)]
        if merge_first_column and span < 0:  # a long run, unmerged: the label again, subdued
            cells[0] = cell("th", row[0], f"{classes[0]} kodaira-repeat".strip(), ' scope="row"')
        elif merge_first_column:
            merged = ' scope="rowgroup"' + (f' rowspan="{span}"' if span > 1 else "")
            cells[0] = cell("th", row[0], classes[0], merged) if span else ""
        body += "<tr>" + "".join(cells) + "</tr>"
    return f'<table class="kodaira-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


#: A table of at most this many rows is printed whole, on one page (report.css: .kodaira-table-small).
SMALL_TABLE_ROWS = 12


@dataclass
class TableView:
    """A table as a committee reads it, with an optional caption, note and source.

    ``merge_first_column``: a first-column value that repeats on consecutive rows is shown once,
    as one cell spanning them. A ``note`` of several lines is shown as a list, one note a line.
    """

    frame: pd.DataFrame
    caption: str = ""
    source: str = ""
    note: str = ""
    merge_first_column: bool = False

    def to_html(self) -> str:
        """The table block: caption, table (in a wrapper that scrolls when the screen is narrow), note, source."""
        parts = []
        if self.caption:
            parts.append(f'<p class="kodaira-caption">{html.escape(self.caption)}</p>')
        table = table_html(self.frame, merge_first_column=self.merge_first_column)
        parts.append(f'<div class="kodaira-table-scroll">{table}</div>')
        if "\n" in self.note:  # several notes, one a line: a list, each note on one topic
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self.note.splitlines() if line.strip())
            parts.append(f'<ul class="kodaira-note">{items}</ul>')
        elif self.note:
            parts.append(f'<p class="kodaira-note">{html.escape(self.note)}</p>')
        if self.source:
            parts.append(f'<p class="kodaira-source">{html.escape(self.source)}</p>')
        small = " kodaira-table-small" if len(self.frame) <= SMALL_TABLE_ROWS else ""
        return f'<div class="kodaira-table-block{small}">' + "".join(parts) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()
