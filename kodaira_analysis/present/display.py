"""What a notebook cell calls to show things: one call, ``show``, for sentences, tables and figures.

Everything is displayed as HTML or Markdown so that the rendered report reads
as a document (no code, no prompts) and each figure carries its alt text,
caption and source.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markupsafe import Markup

from kodaira_analysis.analysis import dataset
from kodaira_analysis.present import abbreviations, era
from kodaira_analysis.present.abbreviations import first_only as spell_out
from kodaira_analysis.present.figure import Chart, TableView
from kodaira_analysis.present.glossary import link_first_uses, note_uses
from kodaira_analysis.present.markdown import MarkdownText, keep_ranges_whole, markdown
from kodaira_analysis.present.parameters import check_parameters
from kodaira_analysis.present.style import setup_style

__all__ = ["markdown", "show", "start"]


def start(notebook: str, values: dict[str, Any]) -> None:
    """First call of every notebook: check parameters (ParameterError if not allowed), register the Japanese font.

    Values given in another accepted form (a municipality code as a number) are put back in the
    notebook's namespace in their one form. Returns None, so that nothing is displayed below the cell.
    """
    values.update(check_parameters(notebook, values))
    era.stop()  # a page shows every era as written unless its notebook calls era.once
    abbreviations.start(str(values.get("lang", "")))  # an English page spells out each abbreviation once
    setup_style()
    _report_tables_loaded()


#: The output that tells the report page which tables the notebook read (kodaira_analysis.page.provenance
#: reads it for the provenance and removes it; no page shows it).
TABLES_LOADED_MIMETYPE = "application/vnd.kodaira.tables-loaded+json"


def _report_tables_loaded() -> None:
    """After every cell, record in the notebook the tables read so far, when that list grew."""
    from IPython import get_ipython
    from IPython.display import publish_display_data

    shell = get_ipython()
    if shell is None or getattr(shell, "kodaira_reports_tables", False):
        return
    shell.kodaira_reports_tables = True
    dataset.LOADED.clear()
    reported: set[str] = set()

    def after_cell(result=None) -> None:
        if dataset.LOADED - reported:
            reported.update(dataset.LOADED)
            publish_display_data({TABLES_LOADED_MIMETYPE: {"tables": sorted(reported)}})

    shell.events.register("post_run_cell", after_cell)


def table_text(view: TableView) -> str:
    """Every word a table shows: its caption, its heads, its text cells and its note."""
    cells = [str(v) for column in view.frame.columns for v in view.frame[column] if isinstance(v, str)]
    return "\n".join([view.caption, *map(str, view.frame.columns), *cells, view.note])


def show(*items: MarkdownText | Markup | Chart | TableView) -> None:
    """Show each item in turn: Markdown text, HTML we made, a chart as an accessible figure, a table as HTML.

    Text must be :class:`~kodaira_analysis.present.markdown.MarkdownText` (a sentence of a
    :class:`~kodaira_analysis.present.wording.Wording`, or :func:`markdown` for a heading written in the
    notebook), whose values were escaped as it was built: a plain ``str`` is refused (TypeError), since
    nothing says whether the data in it was escaped. ``markdown(...) + value`` escapes ``value``.

    A table right after a chart with the same source does not repeat it: one source line for both.
    """
    from IPython.display import HTML, Markdown, display

    previous_source = None
    for item in items:
        if isinstance(item, str) and not isinstance(item, Markup):
            raise TypeError(
                "show() takes Markdown built with markdown() or a Wording (its values escaped), not a plain str:"
                f" {item[:60]!r}; wrap a heading written here in markdown(...), and add data to it with +"
            )
        if isinstance(item, str) and not item.strip():
            continue  # nothing to show (e.g. a glossary no term of the report needed)
        if isinstance(item, MarkdownText):
            display(Markdown(spell_out(era.first_only(link_first_uses(keep_ranges_whole(item))))))
        elif isinstance(item, Markup):
            display(HTML(spell_out(str(item))))
        elif isinstance(item, Chart):  # its caption, below the image, follows the page's eras too
            caption = spell_out(era.first_only(item.caption))
            display(replace(item, caption=caption, source=spell_out(item.source)).render())
        elif isinstance(item, TableView):
            note_uses(table_text(item))  # a term only a table uses is still defined in the glossary
            shown = replace(item, source="") if item.source and item.source == previous_source else item
            shown = era.table(shown)
            caption, note = spell_out(shown.caption), spell_out(shown.note)
            display(HTML(replace(shown, caption=caption, note=note, source=spell_out(shown.source)).to_html()))
        else:
            raise TypeError(f"show() takes Markdown text, a Chart or a TableView, not {type(item).__name__}")
        previous_source = item.source if isinstance(item, Chart) else None
