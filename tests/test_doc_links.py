"""The docs' external addresses: every one reviewed in docs/links.txt, each https and well-formed (offline).

The built site's links are checked against the same list in tests/test_docs.py; ``make linkcheck`` fetches
them online (not in CI).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kodaira_analysis import paths

ROOT = paths.PACKAGE_DIR.parent


def _module():
    spec = importlib.util.spec_from_file_location("doc_links", ROOT / "scripts" / "doc_links.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


doc_links = _module()


def test_every_address_in_the_docs_sources_is_reviewed():
    assert doc_links.offline(None) == []
    assert doc_links.source_urls(), "the collector finds the docs' addresses (MIC's page at least)"


def test_the_reviewed_list_is_https_and_well_formed():
    listed = doc_links.reviewed()
    assert listed and len(listed) == len(set(listed))
    assert [u for u in listed if doc_links.problem(u)] == []


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://www.city.kodaira.tokyo.jp/kurashi/058/058639.html", "not https"),
        ("https://localhost:8000/", "no host name with a dot"),
        ("https://user:secret@example.org/", "a user name or password"),
        ("https://example.org/a b", "a space or control character"),
        ("https://example.org/page.", "ends with punctuation"),
        ("javascript:alert(1)", "not https"),
    ],
)
def test_a_bad_entry_is_named(url, why):
    assert doc_links.problem(url) == why


def _docs(tmp_path: Path, page: str, listed: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(page, encoding="utf-8")
    (tmp_path / "docs" / "links.txt").write_text(listed, encoding="utf-8")
    return tmp_path


def test_an_address_not_reviewed_fails_and_names_its_file(tmp_path, monkeypatch):
    root = _docs(
        tmp_path,
        "見る（https://example.org/new）。 and https://www.e-stat.go.jp/.",
        "# list\nhttps://example.org/new\n",
    )
    monkeypatch.setattr(doc_links, "ROOT", root)
    monkeypatch.setattr(doc_links, "REVIEWED", root / "docs" / "links.txt")
    assert set(doc_links.source_urls(root)) == {"https://example.org/new", "https://www.e-stat.go.jp/"}
    assert doc_links.offline(None) == ["docs/page.md: https://www.e-stat.go.jp/: not in docs/links.txt"]


def test_a_built_pages_links_are_collected_and_an_unused_entry_is_named(tmp_path, monkeypatch):
    root = _docs(tmp_path, "no address", "https://example.org/used\nhttps://example.org/stale\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="https://example.org/used">x</a><a href="page.html">in</a><img src="HTTP://example.org/i.png">',
        encoding="utf-8",
    )
    monkeypatch.setattr(doc_links, "ROOT", root)
    monkeypatch.setattr(doc_links, "REVIEWED", root / "docs" / "links.txt")
    assert set(doc_links.site_urls(site)) == {"https://example.org/used", "HTTP://example.org/i.png"}
    assert doc_links.offline(site) == [
        "index.html: HTTP://example.org/i.png: not in docs/links.txt",
        "docs/links.txt: https://example.org/stale: used nowhere in the docs or the built site",
    ]


def test_a_loopback_address_is_not_external(tmp_path, monkeypatch):
    root = _docs(
        tmp_path, "preview of x at http://127.0.0.1:PORT/ and http://localhost:8000/", "https://example.org/\n"
    )
    monkeypatch.setattr(doc_links, "ROOT", root)
    assert doc_links.source_urls(root) == {}
