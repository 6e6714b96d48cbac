"""The report page as nbconvert's ``kodaira`` exporter: found through the entry point, the runner's page by hand.

``jupyter nbconvert --to kodaira`` runs as a user types it (the venv's ``jupyter``) on an executed notebook in a
temporary folder; its page passes the checks every page of the runner passes and equals the runner's page of the
same notebook but for the provenance block (build time, commit) and the release date.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kodaira_analysis import TABLES, paths, raw_checksums
from kodaira_analysis.page.exporter import KodairaExporter, render_html
from kodaira_analysis.page.provenance import TABLES_LOADED_MIMETYPE, build_provenance, git_commit
from kodaira_analysis.page.sanitize import CSP
from tests.reports.hostile import HOSTILE_TEXT, dangerous_markup, hostile_notebook

JUPYTER = Path(sys.executable).parent / "jupyter"
NOTEBOOK = paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb"
TABLE = sorted(TABLES)[0]
RESEARCH_NOTE = "Notes for researchers: question, data, method"
STDERR = "a warning on stderr"
#: A figure as present/style.py shows it (its PNG, and the SVG whose smallest text sets a phone's width).
FIGURE = '<figure class="kodaira-figure"><img src="data:image/png;base64,iVBORw0KGgo=" alt="a chart"></figure>'
#: The code cell's call, as the research page highlights it.
CODE = '<span class="n">nb</span><span class="o">.</span><span class="n">show</span>'
SVG = '<svg viewBox="0 0 486 300"><text style="font-size: 8px">x</text></svg>'


def executed_notebook(lang: str = "en") -> nbformat.NotebookNode:
    """A notebook as papermill leaves it: its input and parameters recorded, a figure, a table read, stderr."""
    v4 = nbformat.v4
    outputs = [
        v4.new_output("display_data", data={TABLES_LOADED_MIMETYPE: {"tables": [TABLE]}}),
        v4.new_output("display_data", data={"text/html": FIGURE, "image/svg+xml": SVG, "text/plain": "chart"}),
        v4.new_output("stream", name="stderr", text=STDERR),
        v4.new_output(
            "display_data", data={"text/html": '<p><a href="01-fiscal-trends-ja.html" hreflang="ja">日本語版</a></p>'}
        ),
    ]
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell(RESEARCH_NOTE, metadata={"tags": ["research"]}),
            v4.new_code_cell("nb.show(chart)", outputs=outputs, execution_count=1),
        ]
    )
    nb.metadata["papermill"] = {"input_path": str(NOTEBOOK), "parameters": {"lang": lang}}
    return nb


def nbconvert(executed: Path, *options: str) -> str:
    """The page ``jupyter nbconvert --to kodaira`` writes beside ``executed``."""
    done = subprocess.run(
        [str(JUPYTER), "nbconvert", "--to", "kodaira", *options, executed.name],
        cwd=executed.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return executed.with_suffix(".html").read_text(encoding="utf-8")


def checked(page: str, lang: str) -> str:
    """``page`` after the checks every page of the runner passes (tests/page/test_page_sanitised.py)."""
    head = page[: page.index("</head>")]
    first = re.match(r"<head>\s*(<meta [^>]*>)", head[head.index("<head>") :])  # the policy first in <head>
    assert first is not None and 'http-equiv="Content-Security-Policy"' in first[1]
    assert f'content="{CSP}"' in head.replace("&#39;", "'")
    assert "<script" not in page and dangerous_markup(page) == []
    assert f'<html lang="{lang}">' in page
    assert '<details class="kodaira-provenance">' in page
    return page


def without_build(page: str) -> str:
    """``page`` without what differs from one build to the next: the provenance block and the release date."""
    page = re.sub(r'<details class="kodaira-provenance">.*?</details>', "", page, flags=re.S)
    return re.sub(r"(Created: |作成日：)[^（(<]*", r"\1", page)


def test_nbconvert_finds_the_exporter_through_its_entry_point():
    from importlib.metadata import entry_points

    from nbconvert import get_export_names, get_exporter

    assert get_exporter("kodaira") is KodairaExporter
    assert "kodaira" in get_export_names()
    (entry,) = [e for e in entry_points(group="nbconvert.exporters") if e.name == "kodaira"]
    assert entry.value == "kodaira_analysis.page.exporter:KodairaExporter"


def test_nbconvert_writes_the_runners_page(tmp_path):
    executed = tmp_path / "02-staffing-levels-en.ipynb"
    nbformat.write(executed_notebook("en"), executed)
    title = "Staffing levels"
    by_hand = checked(nbconvert(executed, f"--KodairaExporter.title={title}"), "en")
    job = {"name": executed.stem, "notebook": str(NOTEBOOK), "title": title, "audience": "committee"}
    runner = checked(
        render_html(executed, {**job, "parameters": {"lang": "en"}}, build_provenance(raw_checksums())), "en"
    )
    assert without_build(by_hand) == without_build(runner)
    # what the page is made of, by hand as by the runner
    assert f"<title>{title}</title>" in by_hand and RESEARCH_NOTE not in by_hand and STDERR not in by_hand
    assert '<figure class="kodaira-figure" id="figure-1"><a class="kodaira-figure-full" href="#figure-1">' in by_hand
    assert "#figure-1 img { min-width: 547px; }" in by_hand  # the phone's width of its 8-unit text
    assert 'class="kodaira-xtext">日本語版' in by_hand  # a link to a page beside it travels
    assert CODE not in by_hand and 'class="jp-InputPrompt' not in by_hand  # the committee sees no code, no prompt


def test_run_alone_the_page_computes_its_provenance_and_names_no_other_language(tmp_path):
    executed = tmp_path / "x.ipynb"
    nbformat.write(executed_notebook("ja"), executed)
    page, _ = KodairaExporter().from_filename(str(executed))
    block = page[page.index('<details class="kodaira-provenance">') :]
    assert f"<dd>{git_commit()}</dd>" in block
    assert "<dt>レポート</dt><dd>x (02-staffing-levels.ipynb, committee)</dd>" in block
    raw = TABLES[TABLE].raw_file
    assert f'<dt class="kodaira-internal">SHA-256 data/raw/{raw}</dt>' in block
    assert f'<dd class="kodaira-internal">{raw_checksums()[raw]}</dd>' in block
    assert len(re.findall(r"SHA-256 data/raw/", block)) == 1  # only the file of the table it read
    assert 'class="kodaira-other-language"' not in page
    assert '<html lang="ja">' in page and "<title>x</title>" in page  # no title given: the file's name


def test_the_runner_passes_its_other_languages(tmp_path):
    executed = tmp_path / "x.ipynb"
    nbformat.write(executed_notebook("en"), executed)
    other = [{"name": "x-ja", "lang": "ja", "title": "日本語の題"}]
    provenance = {"git_commit": "c", "versions": {}, "raw_sha256": {}, "language_versions": {"x": other}}
    job = {"name": "x", "notebook": str(NOTEBOOK), "title": "T", "audience": "committee", "parameters": {"lang": "en"}}
    page = render_html(executed, job, provenance)
    assert '<p class="kodaira-other-language" lang="ja"><a class="kodaira-xlink" data-pdf="x-ja.pdf"' in page
    assert "<dd>c</dd>" in page  # the build's commit, not computed again


def test_the_research_audience_keeps_code_notes_and_stderr(tmp_path):
    executed = tmp_path / "x.ipynb"
    nbformat.write(executed_notebook("en"), executed)
    page = checked(nbconvert(executed, "--KodairaExporter.audience=research"), "en")
    assert RESEARCH_NOTE in page and STDERR in page and CODE in page and 'class="jp-InputPrompt' in page
    assert "<dd>x (02-staffing-levels.ipynb, research)</dd>" in page


def test_the_lang_trait_overrides_the_notebooks_parameter(tmp_path):
    executed = tmp_path / "x.ipynb"
    nbformat.write(executed_notebook("ja"), executed)
    page, _ = KodairaExporter(lang="en").from_filename(str(executed))
    assert '<html lang="en">' in page and "The plan's period" in page
    with pytest.raises(Exception, match="lang 'fr'"):
        KodairaExporter(lang="fr")


@pytest.mark.parametrize("audience", ["committee", "research"])
def test_a_hostile_notebook_by_hand_loses_every_script_and_remote_load(tmp_path, audience):
    executed = tmp_path / "hostile.ipynb"
    nbformat.write(hostile_notebook(), executed)
    page = checked(
        nbconvert(executed, f"--KodairaExporter.audience={audience}", f"--KodairaExporter.title={HOSTILE_TEXT}"), "ja"
    )
    assert "pwned-js" not in page
    assert "&lt;img src=x onerror=" in page


def test_the_exporter_leaves_the_notebook_it_is_given_unchanged():
    nb = executed_notebook("en")
    before = nbformat.writes(nb)
    KodairaExporter().from_notebook_node(nb)
    assert nbformat.writes(nb) == before


def test_the_how_to_gives_the_exporters_own_settings():
    """docs/how-to: every --KodairaExporter setting it shows is one of the exporter's, with a value it accepts."""
    text = (paths.PACKAGE_DIR.parent / "docs" / "how-to" / "render-with-parameters.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"--KodairaExporter\.(\w+)", text))
    assert shown == {"audience", "lang", "title"} <= set(KodairaExporter.class_trait_names(config=True))
    for name, value in re.findall(r"--KodairaExporter\.(\w+)=(\w+)", text):
        assert getattr(KodairaExporter(**{name: value}), name) == value
    assert "jupyter nbconvert --to kodaira" in text


@pytest.mark.parametrize(
    "record",
    [{"input_path": 7, "parameters": ["lang", "en"]}, {"input_path": "x\0y", "parameters": None}, "not a mapping"],
)
def test_a_papermill_record_of_another_shape_is_no_record(tmp_path, record):
    """Run alone on a notebook whose record is not papermill's: the page names the file itself, in Japanese."""
    nb = executed_notebook("en")
    nb.metadata["papermill"] = record
    nb.metadata["title"] = ["not", "text"]
    executed = tmp_path / "odd.ipynb"
    nbformat.write(nb, executed)
    page, _ = KodairaExporter().from_filename(str(executed))
    assert '<html lang="ja">' in page and "<title>odd</title>" in page
    assert "<dd>odd (odd.ipynb, committee)" in page and '<dd class="kodaira-internal">{}</dd>' in page


def test_the_preview_forgets_the_templates_after_a_change_of_the_library(tmp_path, monkeypatch):
    """page.forget_templates (the preview's call): the next page reads the CSS again, through a new exporter."""
    from kodaira_analysis import page
    from kodaira_analysis.page import exporter

    first = exporter.exporter_for("committee")
    assert exporter.exporter_for("committee") is first  # kept between pages
    css = tmp_path / "kodaira" / "report.css"
    css.parent.mkdir()
    css.write_text("/* edited */", encoding="utf-8")
    page.report_css()
    monkeypatch.setattr(page, "TEMPLATES", tmp_path)
    assert page.report_css() != "/* edited */"  # read once, kept
    exporter.forget_templates()
    try:
        assert page.report_css() == "/* edited */"
        assert exporter.exporter_for("committee") is not first
    finally:
        monkeypatch.undo()
        exporter.forget_templates()


def test_a_notebook_named_by_its_own_record_is_hashed_only_if_a_small_regular_notebook(tmp_path):
    """papermill's record is data: a FIFO, a device, another kind of file or an oversized one is never read."""
    import hashlib
    import os

    from kodaira_analysis.page import provenance

    fifo, big, text, real = (tmp_path / name for name in ("fifo.ipynb", "big.ipynb", "passwd", "own.ipynb"))
    os.mkfifo(fifo)  # opened for reading, it would block the page for ever
    with big.open("wb") as handle:
        handle.truncate(provenance.NOTEBOOK_LIMIT + 1)  # sparse: reading it whole is what must not happen
    text.write_text("root:x:0:0\n", encoding="utf-8")
    real.write_text("{}", encoding="utf-8")
    for named in (fifo, big, text, Path("/dev/zero"), tmp_path / "missing.ipynb", tmp_path):
        assert provenance._notebook_sha256(named) == "?", named
    assert provenance._notebook_sha256(real) == hashlib.sha256(b"{}").hexdigest()
    nb = executed_notebook("en")
    nb.metadata["papermill"] = {"input_path": str(fifo), "parameters": {"lang": "en"}}
    page, _ = KodairaExporter().from_notebook_node(nb)  # returns: the FIFO was not opened
    assert (
        f"the notebook {fifo} is outside the repository's notebooks/ folder and not part of this commit; SHA-256 ?)"
        in page
    )
