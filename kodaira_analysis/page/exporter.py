"""The report page as an nbconvert exporter: ``jupyter nbconvert --to kodaira executed.ipynb``.

One self-contained HTML page from an executed notebook, through the ``kodaira`` template: no remote script or
style, figures inline and linked to themselves, the house CSS with its print and phone rules, the HTML of
Markdown and outputs through the allowlist (sanitize.py), links to the pages beside it that travel (links.py), and
the provenance block. Registered under nbconvert's ``nbconvert.exporters`` entry point (pyproject.toml).

What differs between pages is a trait: ``audience`` (``committee``: no code, no prompts, no stderr, no cell tagged
``research``), ``lang`` and ``title``. The runner passes what only it knows in ``resources["kodaira"]``: ``job``
(its name, title, notebook, audience and parameters, as ``Job.to_dict``), ``build`` (what :func:`build_provenance`
gave for the whole build) and ``other_languages`` (the other editions of the report). Run alone, the exporter
takes the job from the notebook (papermill's record of its input and parameters, the file's name), computes
the provenance with the same functions, and names no other language.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Enum, TraitError, Unicode, default, validate

from kodaira_analysis.present.dates import format_date, now_jst
from kodaira_analysis.present.i18n import LANGUAGES, PLAN_TITLE

from . import TEMPLATES, report_css
from .links import link_figures_in_page, travelling
from .markdown_html import render as render_markdown
from .narrow import phone_css
from .provenance import build_provenance, project_url, provenance_record, report_lang, tables_read
from .sanitize import CSP, clean

#: The cells a committee's page leaves out: a notebook's opening note for researchers (question, data, method).
RESEARCH_TAG = "research"


class KodairaExporter(HTMLExporter):
    """An executed notebook as the project's report page (see the module's description)."""

    audience = Enum(
        ["committee", "research"],
        default_value="committee",
        help="Who reads the page: 'committee' (no code, prompts, stderr or cells tagged 'research') or 'research'.",
    ).tag(config=True)
    lang = Unicode(
        "",
        help="The page's language, 'ja' or 'en'; by default the notebook's 'lang' parameter, else Japanese.",
    ).tag(config=True)
    title = Unicode("", help="The page's title; by default the notebook's metadata title, else the file's name.").tag(
        config=True
    )

    @validate("lang")
    def _known_lang(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in ("", *LANGUAGES):
            raise TraitError(f"lang {proposal['value']!r}: the reports are in {', '.join(LANGUAGES)}")
        return proposal["value"]

    @default("template_name")
    def _kodaira_template(self) -> str:
        return "kodaira"

    @default("extra_template_basedirs")
    def _kodaira_templates(self) -> list[str]:
        return [str(TEMPLATES)]

    # sanitize_html sends Markdown and HTML through the clean_html filter, the allowlist (default_filters)
    @default("sanitize_html")
    def _sanitised(self) -> bool:
        return True

    @default("embed_images")
    def _images_inline(self) -> bool:
        return True

    @default("exclude_input")
    def _no_code_for_the_committee(self) -> bool:
        return self.audience == "committee"

    @default("exclude_input_prompt")
    def _no_input_prompt_for_the_committee(self) -> bool:
        return self.audience == "committee"

    @default("exclude_output_prompt")
    def _no_output_prompt_for_the_committee(self) -> bool:
        return self.audience == "committee"

    def default_filters(self):
        """The filters of nbconvert, with ``clean_html`` the project's allowlist (sanitize.clean)."""
        yield from super().default_filters()
        yield ("clean_html", clean)

    @pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        """The Markdown filter of nbconvert, with its renderer's options, but inline HTML tags kept whole (markdown_html.py)."""
        cell = context.get("cell", {})
        return render_markdown(
            source,
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )

    def from_notebook_node(  # type: ignore[override]  # as nbconvert's TemplateExporter: (text, resources)
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, Any]:
        """The page of ``nb`` (left unchanged); ``resources["kodaira"]`` as the runner passes it, or nothing."""
        resources = dict(resources or {})
        given = resources.get("kodaira") or {}
        nb = copy.deepcopy(nb)
        job = given.get("job") or self._job_of(nb, resources)
        build = given.get("build") or build_provenance(_raw_checksums())
        tables = tables_read(nb)
        figures = link_figures_in_page(nb)
        if self.audience == "committee":
            for cell in nb.cells:  # a committee sees no stderr stream, nor the notes for researchers
                if cell.cell_type == "code":
                    cell.outputs = [
                        o for o in cell.outputs if (o.get("output_type"), o.get("name")) != ("stream", "stderr")
                    ]
            nb, resources = TagRemovePreprocessor(remove_cell_tags={RESEARCH_TAG}).preprocess(nb, resources)
        nb.metadata["title"] = job["title"]
        lang, generated = self.lang or report_lang(job), now_jst()
        self.language_code = lang  # <html lang>
        resources["kodaira"] = {
            "lang": lang,
            "csp": CSP,
            "css": report_css() + print_header_css(job["title"]) + phone_css(figures),
            "plan_title": PLAN_TITLE[lang],
            "provenance": provenance_record(job, build, generated, tables),
            "released": format_date(date.fromisoformat(generated[:10]), lang),  # the day the page was built
            "contact_url": project_url(),
            "other_languages": given.get("other_languages", []),
        }
        body, resources = super().from_notebook_node(nb, resources, **kw)
        return travelling(body, lang), resources

    def _job_of(self, nb: Any, resources: dict[str, Any]) -> dict[str, Any]:
        """The job of a notebook run by hand: papermill's record of its input and parameters, the file's name."""
        metadata = resources.get("metadata") or {}
        name = metadata.get("name") or "report"
        run = _mapping(nb.metadata.get("papermill"))  # a record that is not papermill's shape is no record
        notebook = _text(run.get("input_path")) or str(Path(metadata.get("path") or ".") / f"{name}.ipynb")
        return {
            "name": name,
            "title": self.title or _text(nb.metadata.get("title")) or name,
            "notebook": notebook,
            "audience": self.audience,
            "parameters": _mapping(run.get("parameters")),
        }


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """``value`` if it is a string that can name a file (no NUL), else ''."""
    return value if isinstance(value, str) and "\0" not in value else ""


def _raw_checksums() -> dict[str, str]:
    from kodaira_analysis import raw_checksums

    return raw_checksums()


@cache
def exporter_for(audience: str) -> KodairaExporter:
    """The runner's exporter of one audience (kept: its templates are loaded once)."""
    return KodairaExporter(audience=audience)


def forget_templates() -> None:
    """Read the templates and CSS again at the next page (the preview, after a change of the library)."""
    report_css.cache_clear()
    exporter_for.cache_clear()


def render_html(executed: Path, job: dict[str, Any], provenance: dict[str, Any]) -> str:
    """The page of one job of the runner: its executed notebook, the job, its build's provenance.

    ``provenance`` is :func:`build_provenance`'s, with the build's ``language_versions`` when it has them.
    """
    given = {
        "job": job,
        "build": provenance,
        "other_languages": provenance.get("language_versions", {}).get(job["name"], []),
    }
    page, _ = exporter_for(job["audience"]).from_notebook_node(
        nbformat.read(executed, as_version=4), resources={"kodaira": given}
    )
    return page


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
