"""Executed notebook -> one self-contained HTML page, through the project's ``kodaira`` nbconvert template.

No remote script or style, figures inline, the house CSS, A4 print rules, the provenance block.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.i18n import PLAN_TITLE

from .provenance import project_url, provenance_record, report_lang, tables_read
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
    # a notebook's opening note (question, data, method, caveats) is tagged 'research': not on the committee's page
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["research"] if committee else []}})
    # sanitize_html sends Markdown and HTML through the clean_html filter, replaced by the allowlist (sanitize.py)
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
    from .narrow import phone_css

    nb = nbformat.read(executed, as_version=4)
    tables = tables_read(nb)
    figures = link_figures_in_page(nb)
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
            "provenance": provenance_record(job, provenance, generated, tables),
            "released": format_date(date.fromisoformat(generated[:10]), lang),  # the day the page was built
            "contact_url": project_url(),
            "other_languages": provenance.get("language_versions", {}).get(job["name"], []),
        },
    }
    body, _ = _exporter(job["audience"], lang).from_notebook_node(nb, resources=resources)
    return travelling(body, lang)


def print_header_css(title: str) -> str:
    r"""CSS that prints the report's title atop every page after the first, as a CSS string (no '<': in <style>).

    >>> print(print_header_css('A "b" </style>').splitlines()[1])
    @page { @top-left { content: "A \"b\" \3C /style>"; font-family: "Kodaira Print", "IPAexGothic", sans-serif; font-size: 8pt; color: #555; } }
    """
    escaped = "".join("\\" + c if c in '"\\' else "\\3C " if c == "<" else " " if c in "\r\n" else c for c in title)
    return (
        f'\n@page {{ @top-left {{ content: "{escaped}"; font-family: "Kodaira Print", "IPAexGothic", sans-serif; font-size: 8pt; color: #555; }} }}\n'
        "@page :first { @top-left { content: none; } }\n"
    )
