"""What a notebook cell calls to show things: one call, ``show``, for sentences, tables and figures.

Everything is displayed as HTML or Markdown so that the rendered report reads
as a document (no code, no prompts) and each figure carries its alt text,
caption and source.
"""

from __future__ import annotations

from typing import Any

from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.glossary import link_first_uses
from kodaira_analysis.present.parameters import check_parameters
from kodaira_analysis.present.style import setup_style


def start(notebook: str, values: dict[str, Any]) -> None:
    """First call of every notebook: check parameters (ParameterError if not allowed), apply the house style.

    Values given in another accepted form (a municipality code as a number) are put back in the
    notebook's namespace in their one form. Returns None, so that nothing is displayed below the cell.
    """
    values.update(check_parameters(notebook, values))
    setup_style()


def show(*items: str | Chart | TableView) -> None:
    """Show each item in turn: a string as Markdown, a chart as an accessible figure, a table as HTML."""
    from IPython.display import HTML, Markdown, display

    for item in items:
        if isinstance(item, str) and not item.strip():
            continue  # nothing to show (e.g. a glossary no term of the report needed)
        if isinstance(item, str) and item.lstrip().startswith("<section"):
            display(HTML(item))
        elif isinstance(item, str):
            display(Markdown(link_first_uses(item)))
        elif isinstance(item, Chart):
            display(item.render())
        elif isinstance(item, TableView):
            display(HTML(item.to_html()))
        else:
            raise TypeError(f"show() takes Markdown text, a Chart or a TableView, not {type(item).__name__}")
