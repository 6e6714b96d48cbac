"""What a notebook cell calls to show things: headings, sentences, tables, figures.

Everything is displayed as HTML or Markdown so that the rendered report reads
as a document (no code, no prompts) and each figure carries its alt text,
caption and source.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from kodaira_analysis.present.parameters import check_parameters
from kodaira_analysis.present.style import render, setup_style


def start(notebook: str, values: dict[str, Any]) -> None:
    """First call of every notebook: check parameters (ParameterError if not allowed), apply the house style.

    Returns None, so that nothing is displayed below the cell.
    """
    check_parameters(notebook, values)
    setup_style()


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def show_markdown(markdown: str) -> None:
    """Show a block of Markdown (headings, sentences, lists)."""
    from IPython.display import Markdown

    _display(Markdown(markdown))


def show_table(frame: pd.DataFrame, caption: str = "", source: str = "") -> None:
    """Show a table as a plain, readable HTML table with an optional caption and source."""
    from IPython.display import HTML

    table = table_html(frame)
    parts = []
    if caption:
        parts.append(f'<p class="kodaira-caption">{html.escape(caption)}</p>')
    parts.append(table)
    if source:
        parts.append(f'<p class="kodaira-source">{html.escape(source)}</p>')
    _display(HTML('<div class="kodaira-table-block">' + "".join(parts) + "</div>"))


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


def show_figure(fig, *, alt: str, caption: str, source: str) -> None:
    """Render a figure (refusing missing glyphs) and show it with alt text, caption and source."""
    _display(render(fig, alt=alt, caption=caption, source=source))
