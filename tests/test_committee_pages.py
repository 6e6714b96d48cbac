"""The index as a committee reads it: each report once, both languages side by side, headings as listed."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from kodaira_analysis.reports.config import load_jobs
from kodaira_analysis.reports.index import format_time, language_versions, report_groups
from tests.conftest import built_job_names

pytestmark = pytest.mark.notebooks


def first_h1(page: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page.name} has no h1"
    text = re.sub(r"<[^>]+>", "", match.group(1))
    return unescape(text).replace("¶", "").strip()


def test_every_page_heading_equals_its_index_title(built_reports):
    out, _, _ = built_reports
    for job in load_jobs():
        if job.name in built_job_names():
            assert first_h1(out / f"{job.name}.html") == job.title, job.name


def test_index_lists_both_languages_side_by_side(built_reports):
    out, _, _ = built_reports
    index = (out / "index.html").read_text(encoding="utf-8")
    table = index[index.index("kodaira-reports") : index.index("</table>")]
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in r]
    jobs = [j.to_dict() for j in load_jobs() if j.group is None]  # skipped reports are listed too; grids fold apart
    assert len(rows) == len(report_groups(jobs)), "one row a report, not one a language"
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == 3
        skipped = 'class="status-skipped"'  # a report whose data is absent: its title and why, no link
        assert re.search(r'href="[^"]*-ja[^"]*\.html"', cells[0]) or cells[0] == "—" or skipped in cells[0]
        assert re.search(r'href="[^"]*-en[^"]*\.html"', cells[1]) or cells[1] == "—" or skipped in cells[1]
    assert "for the committee" in index and "委員会向け" in index


def test_each_report_links_to_its_other_language(built_reports):
    out, _, _ = built_reports
    versions = language_versions([j.to_dict() for j in load_jobs()])
    for name in built_job_names():
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        for other in versions[name]:
            if other["name"] in built_job_names():
                assert f'href="{other["name"]}.html" hreflang="{other["lang"]}"' in page, (name, other["name"])


def test_language_versions_pair_reports_by_everything_but_language():
    jobs = [
        {"name": "a-ja", "notebook": "n.ipynb", "title": "A", "audience": "committee", "parameters": {"lang": "ja"}},
        {"name": "a-en", "notebook": "n.ipynb", "title": "A", "audience": "committee", "parameters": {"lang": "en"}},
        {"name": "r-ja", "notebook": "n.ipynb", "title": "R", "audience": "research", "parameters": {"lang": "ja"}},
        {
            "name": "b-en",
            "notebook": "n.ipynb",
            "title": "B",
            "audience": "committee",
            "parameters": {"lang": "en", "x": 1},
        },
    ]
    versions = language_versions(jobs)
    assert [v["name"] for v in versions["a-ja"]] == ["a-en"]
    assert versions["r-ja"] == [] and versions["b-en"] == []
    assert len(report_groups(jobs)) == 3


def test_times_are_written_for_people():
    assert format_time("2026-11-27T05:59:12+09:00", "ja") == "2026年11月27日 05:59"
    assert format_time("2026-11-27T05:59:12+09:00", "en") == "27 Nov 2026, 05:59 JST"
    assert format_time(None, "en") == "—"


def test_the_index_links_each_committee_pdf_printed_from_the_current_report(built_reports):
    out, _, _ = built_reports
    index = (out / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([^"/]+\.pdf)"', index))
    printed = {p.name for p in out.glob("*.pdf")}
    assert printed, "the session's build prints the committee PDFs"
    assert linked == printed
    committee = {j.name for j in load_jobs() if j.audience == "committee"}
    assert {name.removesuffix(".pdf") for name in linked} <= committee, "research reports have no PDF"


def test_a_pdf_not_printed_from_the_report_in_place_is_not_linked(tmp_path):
    """Whether a PDF is current is the manifest's record (the page's SHA-256 when printed), never its timestamp."""
    import hashlib
    import os

    from kodaira_analysis.reports import pdf as printing

    def _current_pdf(out, name, entry):  # the PDF the index links beside the page, if any
        printed = printing.current(out / f"{name}.html", entry)
        return printed.name if printed else None

    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    html.write_text("<h1>r</h1>")
    pdf.write_bytes(b"%PDF-1.4")
    entry: dict = {}
    assert _current_pdf(tmp_path, "r", entry) is None, "no record of where it was printed from"
    manifest = {"reports": {"r": entry}}
    printing.record(manifest, {html: hashlib.sha256(html.read_bytes()).hexdigest()})
    assert _current_pdf(tmp_path, "r", entry) == "r.pdf"
    os.utime(pdf, (html.stat().st_mtime - 60, html.stat().st_mtime - 60))  # a timestamp changes nothing
    assert _current_pdf(tmp_path, "r", entry) == "r.pdf"
    html.write_text("<h1>r, rebuilt</h1>")  # a newer page
    os.utime(pdf, (4_070_908_800, 4_070_908_800))  # touch -d 2099-01-01
    assert _current_pdf(tmp_path, "r", entry) is None
    pdf.unlink()
    assert _current_pdf(tmp_path, "r", entry) is None


def test_every_printed_page_after_the_first_names_its_report(built_reports):
    out, _, _ = built_reports
    for job in load_jobs():
        if job.name in built_job_names():
            page = (out / f"{job.name}.html").read_text(encoding="utf-8")
            title = job.title.replace("\\", "\\\\").replace('"', '\\"')
            assert f'@top-left {{ content: "{title}"' in page, job.name


def test_each_figure_links_to_itself_and_its_files_are_written(built_reports):
    """On a phone a wide figure is shrunk to the screen: a tap shows it at full size inside the page
    (links.py: a link that travels with the page); its files in figures/ are written for slides and papers."""
    out, _, _ = built_reports
    for job in load_jobs():
        if job.name not in built_job_names():
            continue
        page = (out / f"{job.name}.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="kodaira-figure" id="(figure-\d+)">(.*?)</figure>', page, re.S)
        links = [re.match(r'<a class="kodaira-figure-full" href="#([^"]+)"><img ', f) for _, f in figures]
        assert all(links), f"{job.name}: a figure without its link"
        assert [m.group(1) for m in links if m] == [anchor for anchor, _ in figures], job.name
        assert [anchor for anchor, _ in figures] == [f"figure-{n}" for n in range(1, len(figures) + 1)], job.name
        for n in range(1, len(figures) + 1):
            assert (out / "figures" / job.name / f"figure-{n:02d}.png").is_file(), f"{job.name}: figure {n} file"


def table_captions(page: Path) -> list[str]:
    """Each table's caption on a report page, in order ('' for a table with none)."""
    html = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="kodaira-table-block[^"]*">(.*?)<div class="kodaira-table-scroll">', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", m.group(1))) if (m := re.search(r'<p class="kodaira-caption">(.*?)</p>', b, re.S)) else "" for b in blocks]  # fmt: skip


def unnumbered_or_out_of_order(captions: list[str]) -> list[str]:
    """The captions that name a table without its number, or whose numbers do not run 1, 2, 3... in order."""
    numbers = [int(m.group(1)) for c in captions if (m := re.match(r"(?:表|Table )(\d+)", c))]
    bare = [c for c in captions if re.match(r"(?:表 |Table\. )", c)]
    return bare + ([] if numbers == list(range(1, len(numbers) + 1)) else [f"numbers {numbers}"])


def test_the_tables_of_04_and_05_are_numbered_in_order(built_reports):
    """04's city-progress table was headed only 「表」, its dated facts had no caption and 05's future burden table stood
    unnumbered between Tables 2 and 3: every table with a caption on these pages is numbered, 1, 2, 3..."""
    out, _, _ = built_reports
    names = [n for n in built_job_names() if n.startswith(("04-", "05-"))]
    assert names
    for name in names:
        captions = table_captions(out / f"{name}.html")
        assert not unnumbered_or_out_of_order(captions), (name, captions)
    facts = [c for c in table_captions(out / "04-reform-progress-ja.html") if "時期を記している" in c]
    assert facts == ["表2 プランが時期を記している事項（経過と背景）"]
