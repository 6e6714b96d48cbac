"""Executed notebook -> one self-contained HTML file, with its provenance.

nbconvert's lab template, through the project's ``kodaira`` template: no
remote script or style (require.js, MathJax, Mermaid and widget loaders are
removed), figures already inline, a Japanese font stack, A4 print rules, and
a provenance block, folded on screen and printed as a short colophon (the full record stays in the HTML):
generation time (JST), parameters, git commit, package versions, the tables
the notebook read and the SHA-256 of the files behind them (the notebook
records the tables it loaded in a hidden output, see ``tables_read``).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.i18n import PLAN_TITLE

from .provenance import project_url, provenance_rows, report_lang, tables_read
from .sanitize import CSP

TEMPLATES = Path(__file__).parent / "templates"


@cache
def report_css() -> str:
    """The house CSS of every page (reports, index, error pages)."""
    return (TEMPLATES / "kodaira" / "report.css").read_text(encoding="utf-8")


@cache
def _exporter(audience: str, lang: str):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from .sanitize import clean

    committee = audience == "committee"
    # A notebook's opening note (question, data, method, caveats) is tagged 'research': for researchers reading
    # the notebook or its research page, not for the committee's page. nbconvert's own TagRemovePreprocessor drops it.
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["research"] if committee else []}})
    # sanitize_html routes Markdown cells and every Markdown and HTML output through the clean_html
    # filter, which the documented `filters` option replaces with the project's allowlist (sanitize.py).
    return HTMLExporter(
        config=config,
        sanitize_html=True,
        filters={"clean_html": clean},
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="kodaira",
        exclude_input=committee,
        exclude_input_prompt=committee,
        exclude_output_prompt=committee,
        embed_images=True,
        language_code=lang,
    )


def render_html(executed: Path, job: dict[str, Any], provenance: dict[str, Any]) -> str:
    """Render an executed notebook into one self-contained HTML page."""
    import nbformat

    from .links import link_figures_in_page, travelling
    from .model import now_jst
    from .narrow import label_tables, phone_css

    nb = nbformat.read(executed, as_version=4)
    tables = tables_read(nb)
    figures = link_figures_in_page(nb)
    label_tables(nb)
    for cell in nb.cells if job["audience"] == "committee" else []:  # a committee sees no stderr stream
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if (o.get("output_type"), o.get("name")) != ("stream", "stderr")]
    nb.metadata["title"] = job["title"]
    lang, generated = report_lang(job), now_jst()
    resources = {
        "kodaira": {
            "lang": lang,
            "csp": CSP,
            "css": report_css() + print_header_css(job["title"]) + phone_css(figures),
            "plan_title": PLAN_TITLE[lang],
            "provenance": provenance_rows(job, provenance, generated, tables),
            "released": format_date(date.fromisoformat(generated[:10]), lang),  # the day the page was built
            "contact_url": project_url(),
            "other_languages": provenance.get("language_versions", {}).get(job["name"], []),
        },
    }
    body, _ = _exporter(job["audience"], lang).from_notebook_node(nb, resources=resources)
    return travelling(body, lang)


def print_header_css(title: str) -> str:
    r"""CSS that prints the report's title at the top of every page after the first.

    (A page of a PDF read on its own says which report it belongs to.) The title is written as a CSS
    string: quotes and backslashes escaped, line breaks as spaces, and no '<' (it sits in a <style>).

    >>> print(print_header_css('A "b" </style>').splitlines()[1])
    @page { @top-left { content: "A \"b\" \3C /style>"; font-family: "Kodaira Print", "IPAexGothic", sans-serif; font-size: 8pt; color: #555; } }
    """
    escaped = "".join("\\" + c if c in '"\\' else "\\3C " if c == "<" else " " if c in "\r\n" else c for c in title)
    return (
        f'\n@page {{ @top-left {{ content: "{escaped}"; font-family: "Kodaira Print", "IPAexGothic", sans-serif; font-size: 8pt; color: #555; }} }}\n'
        "@page :first { @top-left { content: none; } }\n"
    )
