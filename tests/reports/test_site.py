"""The index and error pages: values read back are checked, PDFs linked only when printed from the page (issue 25, 29)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from kodaira_analysis.page.sanitize import CSP
from kodaira_analysis.reports import pdf
from kodaira_analysis.reports.index import write_error_page, write_index
from tests.reports.hostile import HOSTILE_TEXT, dangerous_markup

JOB = {"name": "a", "notebook": "notebooks/02-staffing-levels.ipynb", "title": "A", "audience": "committee",
       "parameters": {"lang": "ja"}, "requires": [], "group": None}  # fmt: skip


def manifest(**entry) -> dict:
    base = {"status": "ok", "report_status": "ok", "html": "a.html", "last_success_at": "2026-11-27T05:59:12+09:00"}
    return {"reports": {"a": {**base, **entry}}, "last_build_at": "2026-11-27T05:59:12+09:00"}


def index(out: Path, entry_manifest: dict, job: dict = JOB) -> str:
    return write_index(out, [job], entry_manifest, None)


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "errors/other.html", "http://198.51.100.7/x", "../../etc/passwd", " errors/a.html"]
)
def test_an_error_page_read_back_is_linked_only_as_the_runner_writes_it(tmp_path, value):
    """The manifest is read back only through its model (owned._Manifest), which the index trusts."""
    import json

    from kodaira_analysis.reports.owned import read_manifest

    for error_page in (value, "errors/a.html"):
        written = manifest(status="cell_error", report_status="failed", error_page=error_page)
        (tmp_path / "manifest.json").write_text(json.dumps(written), encoding="utf-8")
        html = index(tmp_path, read_manifest(tmp_path))
        linked = f'href="{error_page}"' in html and "error details" in html
        assert linked == (error_page == "errors/a.html"), error_page


def printed(out: Path, page_text: str = "<html>page</html>") -> tuple[Path, dict]:
    page = out / "a.html"
    page.write_text(page_text, encoding="utf-8")
    (out / "a.pdf").write_bytes(b"%PDF-1.7 fake")
    entry = manifest()
    pdf.record(entry, {page: hashlib.sha256(page.read_bytes()).hexdigest()})
    return page, entry


def test_a_pdf_printed_from_the_page_is_linked(tmp_path):
    _, entry = printed(tmp_path)
    assert 'href="a.pdf"' in index(tmp_path, entry)


def test_a_pdf_with_a_future_timestamp_is_not_linked_beside_a_newer_page(tmp_path):
    page, entry = printed(tmp_path)
    future = time.mktime((2099, 1, 1, 0, 0, 0, 0, 0, -1))
    os.utime(tmp_path / "a.pdf", (future, future))  # touch -d 2099-01-01
    page.write_text("<html>a newer page</html>", encoding="utf-8")
    assert pdf.current(page, entry["reports"]["a"]) is None
    assert "a.pdf" not in index(tmp_path, entry)


def test_a_pdf_without_a_record_or_not_a_regular_file_is_not_linked(tmp_path):
    page, entry = printed(tmp_path)
    assert pdf.current(page, manifest()["reports"]["a"]) is None  # no record: printed by whom?
    (tmp_path / "a.pdf").unlink()
    (tmp_path / "a.pdf").symlink_to(page)
    assert pdf.current(page, entry["reports"]["a"]) is None
    entry["reports"]["a"]["pdf"]["file"] = "../x.pdf"
    assert "x.pdf" not in index(tmp_path, entry)


def test_index_and_error_pages_carry_the_policy_and_escape_hostile_values(tmp_path):
    job = {**JOB, "title": HOSTILE_TEXT}
    html = index(tmp_path, manifest(status="cell_error", report_status="failed", error_page="errors/a.html"), job)
    error = write_error_page(
        job,
        {
            "status": "cell_error",
            "finished_at": HOSTILE_TEXT,
            "cell_index": 0,
            "cell_source": HOSTILE_TEXT,
            "error_type": HOSTILE_TEXT,
            "error": HOSTILE_TEXT,
            "traceback": HOSTILE_TEXT,
        },
        has_last_good=True,
    )
    for page in (html, error):
        head = page[: page.index("</head>")]
        assert f'content="{CSP}"'.replace("'", "&#39;") in head or f'content="{CSP}"' in head
        assert dangerous_markup(page) == []
    assert 'href="../index.html"' in error and 'href="../a.html"' in error  # the page is in errors/
