"""The documentation site builds offline with warnings as errors, its tutorials executed, its generated pages
following the package (make docs runs the same command)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.ssdse import catalogue
from tests.conftest import SSDSE_PRESENT

ROOT = paths.PACKAGE_DIR.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"}  # KODAIRA_SSDSE_DIR as conftest set it
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def _text(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_every_page_is_built(site):
    for page in ["index", "getting-started", "data-dictionary", "gallery", "ARCHITECTURE", "reference/index",
                 "reference/parameters", "how-to/render-with-parameters",
                 "how-to/schedule", "how-to/add-a-data-source", "tutorials/01-load-a-table", "tutorials/02-peers",
                 "tutorials/03-your-own-chart", "tutorials/04-r-and-stata"]:  # fmt: skip
        assert (site / f"{page}.html").is_file(), page


@pytest.mark.slow
def test_the_data_dictionary_page_is_the_table_descriptions(site):
    text = (site / "data-dictionary.html").read_text(encoding="utf-8")
    described = ka.describe_tables()
    for table, column in described[["table", "column"]].itertuples(index=False):
        assert f"<code>{table}</code>" in text and f"<code>{column}</code>" in text, (table, column)
    for code, name in catalogue.indicators()["indicator_ja"].items():
        assert f"<code>{code}</code>" in text and f"<td>{name}</td>" in text, code
    assert "&lt;edition&gt;" in text, "descriptions are escaped, never markup"


@pytest.mark.slow
def test_the_tutorials_ran_at_build_time(site):
    chart = (site / "tutorials" / "03-your-own-chart.html").read_text(encoding="utf-8")
    assert chart.count("data:image/png;base64") >= 2, "both charts were drawn"
    assert "Traceback" not in chart
    assert re.search(r"Out\[\d+\]:\s*True", _text(site / "tutorials" / "03-your-own-chart.html")), "rcParams unchanged"
    export = _text(site / "tutorials" / "04-r-and-stata.html")
    assert "csv/fiscal_effects.csv" in export and "fiscal_year,category_id" in export
    peers = _text(site / "tutorials" / "02-peers.html")
    if SSDSE_PRESENT:
        assert "staff_per_1000" in peers and "no SSDSE-A files" not in peers.split("Kodaira among the 26")[-1]
    else:
        assert "no SSDSE-A files" in peers


@pytest.mark.slow
def test_the_api_reference_and_the_gallery_follow_the_package(site):
    reference = _text(site / "reference" / "index.html")
    for name in ("peer_measures", "sum_keep_missing", "export_data", "new_figure", "describe_tables"):
        assert name in reference, name
    gallery = (site / "gallery.html").read_text(encoding="utf-8")
    from kodaira_analysis.reports.config import load_jobs

    for job in load_jobs():
        assert f"{job.name}.html" in gallery, job.name


@pytest.mark.slow
def test_the_api_reference_shows_no_raw_sphinx_role_and_english_section_headings(site):
    """The docstrings' :func:`x` roles reach the page as links or inline code (scripts/griffe_roles.py), and the
    English docstrings' sections are headed in English (mkdocstrings locale: en), not タイプ / デスクリプション."""
    page = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert not re.findall(r":(?:func|mod|data|class|meth|attr|exc|obj):", page)
    assert "デスクリプション" not in page and "<th>Description</th>" in page
    assert 'href="#kodaira_analysis.analysis.peers.measures_without_data"' in page  # a role made a link
    assert "mic_prefecture_averages" in _text(site / "reference" / "index.html")  # load()'s docstring names it


@pytest.mark.slow
def test_the_site_reads_offline(site):
    """No page loads a font, script or style from the web (the committee reads offline)."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert not [u for u in loads if not u.startswith("https://github.com")], (page.name, loads[:3])


def test_the_getting_started_page_runs_as_written(tmp_path, monkeypatch):
    """Every Python block of getting-started.md, run in order from an empty folder (the shell blocks install
    and download; the fresh-venv trial in the report follows them)."""
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        if ("ka.peers" in block or 'ka.load("ssdse")' in block) and not SSDSE_PRESENT:
            continue  # needs the SSDSE-A files, which the page says how to get
        exec(compile(block, "getting-started.md", "exec"), namespace)
    assert (tmp_path / "fiscal_effects.png").stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.glob("*.zip")) == [f"kodaira-analysis-data-{ka.__version__}.zip"]


@pytest.mark.slow
def test_every_external_link_of_the_built_site_is_reviewed(site):
    """CI is offline: the built pages' external links (and the sources' addresses) must all be in docs/links.txt,
    each https and well-formed, and every entry used; `make linkcheck` fetches them online, by hand."""
    from tests.test_doc_links import doc_links

    assert doc_links.site_urls(site), "the collector finds the site's external links"
    assert doc_links.offline(site) == []
