"""Rendered pages keep what the reports use and lose every script, remote load and redirect (issue 29)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kodaira_analysis import paths
from kodaira_analysis.page.exporter import render_html
from kodaira_analysis.page.sanitize import CSP, clean
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


@pytest.mark.parametrize("url", [None, "https://example.org/issues"])
def test_the_top_of_a_page_gives_the_period_release_date_and_a_contact_only_if_published(tmp_path, monkeypatch, url):
    """The words are the template's: the plan's period, the day built, the contact address or that there is none."""
    from kodaira_analysis.page import exporter

    monkeypatch.setattr(exporter, "project_url", lambda: url)
    monkeypatch.setattr(exporter, "now_jst", lambda: "2026-12-06T10:00:00+09:00")
    top = rendered(tmp_path, "committee")
    top = top[top.index('<header class="kodaira-header">') : top.index("</header>")]
    assert "The plan's period: FY2017 to FY2020 (April 2017 to March 2021)" in top
    assert "Created: 6 December 2026 (the day this page was built;" in top
    assert 'By the <span class="kodaira-nobreak">kodaira-analysis</span> project' in top
    if url:
        assert f"contributors at {url}</small>" in top
    else:
        assert "Contact: the project has not yet published an address." in top and "http" not in top


def test_a_contact_address_is_a_plain_https_project_url(monkeypatch):
    from kodaira_analysis.page import provenance

    def metadata_with(*urls):
        class Meta:
            def get_all(self, key):
                return list(urls)

        monkeypatch.setattr(provenance.metadata, "metadata", lambda name: Meta())

    metadata_with("Homepage, https://example.org/", "Issues, https://example.org/issues")
    assert provenance.project_url() == "https://example.org/issues"
    metadata_with("Issues, http://example.org/issues", "Repository, https://example.org/<x>")
    assert provenance.project_url() is None
