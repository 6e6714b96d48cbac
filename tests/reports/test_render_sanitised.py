"""Rendered pages keep what the reports use and lose every script, remote load and redirect (issue 29)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports.render import render_html
from kodaira_analysis.reports.sanitize import CSP, clean
from tests.reports.hostile import HOSTILE_TEXT, dangerous_markup, hostile_notebook

PROVENANCE = {"git_commit": "x", "versions": {}, "raw_sha256": {}, "external_sha256": {}}


def job(title: str = "t", audience: str = "committee") -> dict:
    notebook = str(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb")
    return {"name": "hostile", "notebook": notebook, "title": title, "audience": audience, "parameters": {"lang": "en"}}


def rendered(tmp_path: Path, audience: str, title: str = "t") -> str:
    executed = tmp_path / "executed.ipynb"
    nbformat.write(hostile_notebook(), executed)
    return render_html(executed, job(title, audience), PROVENANCE)


@pytest.mark.parametrize("audience", ["committee", "research"])
def test_hostile_outputs_lose_every_script_remote_load_and_redirect(tmp_path, audience):
    html = rendered(tmp_path, audience, title=HOSTILE_TEXT)
    assert dangerous_markup(html) == []
    assert "pwned-js" not in html  # a JavaScript output is dropped
    assert "&lt;img src=x onerror=" in html  # plain text shows the markup as text


def test_every_report_page_carries_the_policy(tmp_path):
    html = rendered(tmp_path, "committee")
    head = html[: html.index("</head>")]
    assert f'content="{CSP}"' in head.replace("&#39;", "'")
    assert head.index("Content-Security-Policy") < head.index("<style")


def test_the_allowlist_keeps_what_the_reports_use():
    kept = (
        '<section class="kodaira-glossary"><h2 id="terms">Terms</h2><dl><dt id="term-a">a</dt><dd>b</dd></dl></section>'
        '<figure class="kodaira-figure"><img alt="chart" src="data:image/png;base64,iVBORw0K"><figcaption>c</figcaption>'
        '</figure><table class="kodaira-table"><thead><tr><th scope="col" rowspan="2">h</th></tr></thead><tbody><tr>'
        '<td class="num">1</td></tr></tbody></table><p><a href="#term-a">a</a> <a href="figures/x/figure-01.png">f</a></p>'
    )
    assert clean(kept) == kept


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "http://x/",
        "//x/y",
        "/etc/passwd",
        "data:text/html,x",
        "\tjavascript:x",
        " http://x",
        "\\x",
        "JaVaScRiPt:alert(1)",
        "java\nscript:alert(1)",
    ],
)
def test_links_go_only_to_anchors_and_relative_paths(link):
    assert "href" not in clean(f'<a href="{link}">x</a>')


def test_images_only_from_data_uris():
    assert "src" not in clean('<img src="http://198.51.100.7/x.png">')
    assert "src" not in clean('<img src="data:text/html;base64,PHNjcmlwdD4=">')
