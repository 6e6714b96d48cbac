"""What a notebook cell calls to show things: one call, ``show``, for sentences, tables and figures.

Everything is displayed as HTML or Markdown so that the rendered report reads
as a document (no code, no prompts) and each figure carries its alt text,
caption and source.
"""

from __future__ import annotations

from typing import Any

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.parameters import check_parameters
from kodaira_analysis.present.style import setup_style


def start(notebook: str, values: dict[str, Any]) -> None:
    """First call of every notebook: check parameters (ParameterError if not allowed), apply the house style.

    Returns None, so that nothing is displayed below the cell.
    """
    check_parameters(notebook, values)
    setup_style()


def show(*items: str | Chart | TableView) -> None:
    """Show each item in turn: a string as Markdown, a chart as an accessible figure, a table as HTML."""
    from IPython.display import HTML, Markdown, display

    for item in items:
        if isinstance(item, str):
            display(Markdown(item))
        elif isinstance(item, Chart):
            display(item.render())
        elif isinstance(item, TableView):
            display(HTML(item.to_html()))
        else:
            raise TypeError(f"show() takes Markdown text, a Chart or a TableView, not {type(item).__name__}")
