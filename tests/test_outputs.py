"""Reusable outputs: each report's figures as PNG and SVG files, and a PDF of each committee report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kodaira_analysis.reports import owned
from kodaira_analysis.reports.figures import figures_of, write_figures
from tests.conftest import built_job_names

pytestmark = pytest.mark.notebooks


def test_every_report_has_its_figures_as_files(built_reports):
    out, _, _ = built_reports
    for name in built_job_names():
        executed = json.loads((out / "executed" / f"{name}.ipynb").read_text(encoding="utf-8"))
        expected = len(figures_of(executed))
        files = sorted((out / "figures" / name).glob("figure-*")) if expected else []
        assert len([f for f in files if f.suffix == ".png"]) == expected, name
        assert len([f for f in files if f.suffix == ".svg"]) == expected, name
        for png in (f for f in files if f.suffix == ".png"):
            assert png.read_bytes().startswith(b"\x89PNG")
        for svg in (f for f in files if f.suffix == ".svg"):
            text = svg.read_text(encoding="utf-8")
            assert "<svg" in text and "<dc:date>" not in text, "SVGs carry no build date (builds stay reproducible)"


def test_committee_reports_have_an_a4_pdf(built_reports):
    from kodaira_analysis.reports import pdf

    if pdf.available():
        pytest.skip(f"no PDF printer here: {pdf.available()}")
    out, _, _ = built_reports
    pdftoppm = shutil.which("pdfinfo")
    for name in built_job_names():
        target = out / f"{name}.pdf"
        if name.endswith("-research"):
            assert not target.exists(), "research reports are not printed"
            continue
        assert target.read_bytes().startswith(b"%PDF"), name
        if pdftoppm:
            import subprocess

            info = subprocess.run([pdftoppm, str(target)], capture_output=True, text=True, check=True).stdout
            assert "(A4)" in info, name


def test_figures_are_replaced_whole(tmp_path):
    executed = {"cells": [{"outputs": []}]}
    folder = tmp_path / "figures" / "r"
    folder.mkdir(parents=True)
    (folder / "figure-01.png").write_bytes(b"old")
    (folder / owned.FIGURES_LIST).write_text("figure-01.png\n")  # as the runner wrote it
    assert write_figures(executed, tmp_path, "r") == []
    assert not (folder / "figure-01.png").exists(), "a report that lost a figure loses its file too"


def test_clean_removes_figures_and_pdfs_but_nothing_else(tmp_path):
    out = tmp_path / "reports"
    owned.claim(out)
    (out / "manifest.json").write_text('{"reports": {"a-ja": {"finished_at": "2026-11-27T10:00:00+09:00"}}}')
    (out / "a-ja.html").write_text("x")
    (out / "a-ja.pdf").write_bytes(b"%PDF")
    (out / "figures" / "a-ja").mkdir(parents=True)
    (out / "figures" / "a-ja" / "figure-01.png").write_bytes(b"png")
    (out / "figures" / "a-ja" / owned.FIGURES_LIST).write_text("figure-01.png\n")  # as the runner wrote it
    (out / "figures" / "a-ja" / "notes.txt").write_text("mine")
    removed, kept = owned.clean(out)
    assert not (out / "a-ja.pdf").exists() and not (out / "figures" / "a-ja" / "figure-01.png").exists()
    assert (out / "figures" / "a-ja" / "notes.txt").exists() and "figures/a-ja/notes.txt" in kept
    assert removed == 4  # the report, its PDF, its figure and the manifest that recorded them
    assert Path(out / owned.MARKER).exists()


def test_version_and_prepare(tmp_path, capsys):
    import nbformat

    from kodaira_analysis.reports.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("kodaira-reports ")
    target = tmp_path / "peers.ipynb"
    assert main(["prepare", "05-tama-peers-en", "--out", str(target)]) == 0
    nb = nbformat.read(target, as_version=4)
    injected = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'lang = "en"' in injected[0]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "written unexecuted"
    assert main(["prepare", "05-tama-peers-en", "--out", str(target)]) == 2, "never overwrites"
    assert main(["prepare", "no-such-job"]) == 2
    assert "no job 'no-such-job'" in capsys.readouterr().err


def test_a_build_without_pdfs_leaves_them_to_the_next_build(built_reports, tmp_path):
    """`build --no-pdf` prints nothing and links no PDF older than its page; the next build prints it, once."""
    from kodaira_analysis.reports import pdf
    from tests.conftest import browser_or_skip, build_reports

    browser_or_skip()
    out = tmp_path / "reports"
    shutil.copytree(built_reports[0], out)
    name = "04-reform-progress-en"
    page, printed = out / f"{name}.html", out / f"{name}.pdf"
    link = f'href="{name}.pdf"'
    old = printed.read_bytes()

    code, log = build_reports(out, "--force", "--only", name, "--no-pdf")
    assert code == 0, log
    assert "no PDFs: --no-pdf was given" in log.err, log

    def entry() -> dict:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][name]

    assert printed.read_bytes() == old and pdf.current(page, entry()) is None, "the last PDF stays, not the new page's"
    assert link not in (out / "index.html").read_text(encoding="utf-8"), "a PDF of the page before is not linked"

    code, log = build_reports(out, "--only", name)
    assert code == 0, log
    assert f"{name}: up to date;" in log.err and "printing it" in log.err, log
    assert pdf.current(page, entry()) == printed and printed.read_bytes().startswith(b"%PDF")
    assert link in (out / "index.html").read_text(encoding="utf-8")

    code, log = build_reports(out, "--only", name)
    assert code == 0 and "printing it" not in log.err and "printed" not in log.err, log


def test_a_build_prints_the_pdfs_an_earlier_build_left_out_and_only_those(tmp_path, monkeypatch, caplog):
    """Which pages go to the printer: built now, or up to date with no PDF from their page; committee only."""
    import logging
    import os

    from kodaira_analysis.reports import pdf, summary
    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.model import JobResult, Outcome
    from kodaira_analysis.reports.signals import StopFlag

    def job(name: str, audience: str = "committee") -> Job:
        return Job(name=name, notebook=Path("nb.ipynb"), title=name, audience=audience, parameters={}, requires=())

    pages = {}
    for name in ("built", "failed", "no-pdf", "old-pdf", "current-pdf", "research", "gone"):
        pages[name] = tmp_path / f"{name}.html"
        if name != "gone":
            pages[name].write_text("<h1>r</h1>", encoding="utf-8")
    for name in ("old-pdf", "current-pdf"):
        (tmp_path / f"{name}.pdf").write_bytes(b"%PDF-1.4")
    then = pages["old-pdf"].stat().st_mtime - 60
    os.utime(tmp_path / "old-pdf.pdf", (then, then))  # printed from the page before
    todo = [job("built"), job("failed")]
    results = {"built": JobResult("built", Outcome.OK), "failed": JobResult("failed", Outcome.CELL_ERROR)}
    up_to_date = [job(n) for n in ("no-pdf", "old-pdf", "current-pdf", "gone")] + [job("research", "research")]

    manifest: dict = {"reports": {name: {} for name in pages}}
    pdf.record(manifest, {pages["current-pdf"]: pdf.page_sha256(pages["current-pdf"])})  # printed from the page
    chosen, behind = summary.pages_to_print(todo, results, up_to_date, tmp_path, manifest)
    assert chosen == [pages["built"], pages["no-pdf"], pages["old-pdf"]]
    assert behind == ["no-pdf", "old-pdf"]

    monkeypatch.setattr(pdf, "available", lambda: "no Chromium found")
    with caplog.at_level(logging.INFO, "kodaira_analysis.reports"):
        assert summary.print_pdfs(todo, results, up_to_date, tmp_path, manifest, StopFlag()) == 0
    assert caplog.records[-1].getMessage() == "no PDFs: no Chromium found"


def _pages(folder: Path, count: int) -> list[Path]:
    pages = []
    for i in range(count):
        page = folder / f"p{i:02d}.html"
        page.write_text(
            f'<!doctype html><html lang="ja"><meta charset="utf-8"><h1>頁 {i}</h1></html>', encoding="utf-8"
        )
        pages.append(page)
    return pages


def test_a_pdf_that_cannot_be_put_in_place_stops_no_other(tmp_path):
    """A folder where a PDF goes fails that page only: the next is printed, and no temporary file is left."""
    from kodaira_analysis.reports import pdf
    from tests.conftest import browser_or_skip

    browser_or_skip()
    site = tmp_path / "site"
    site.mkdir()
    first, second = _pages(site, 2)
    (site / "p00.pdf").mkdir()  # a reader's folder, or anything that cannot be replaced by a file
    printer = pdf.Printer(tmp_path)
    with pytest.raises(pdf.PrintError, match=r"cannot print .*p00\.html"):
        printer.print([first, second], timeout=120)
    manifest = {"reports": {"p00": {}, "p01": {}}}
    pdf.record(manifest, printer.printed)
    assert pdf.current(second, manifest["reports"]["p01"]) == site / "p01.pdf", "the page after the failed one"
    assert pdf.current(first, manifest["reports"]["p00"]) is None, "a folder is never taken for a PDF"
    assert sorted(p.name for p in site.iterdir()) == ["p00.html", "p00.pdf", "p01.html", "p01.pdf"]


def test_the_build_warns_how_many_pdfs_were_printed_when_one_cannot_be_put_in_place(tmp_path, caplog):
    """The build's step (summary.print_pdfs): the warning names the page and counts the PDFs printed, the
    manifest records the one printed, and the printer's own folder is removed."""
    import logging

    from kodaira_analysis.reports import pdf, summary
    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.model import JobResult, Outcome
    from kodaira_analysis.reports.signals import StopFlag
    from tests.conftest import browser_or_skip

    browser_or_skip()
    first, second = _pages(tmp_path, 2)
    (tmp_path / "p00.pdf").mkdir()
    jobs = [
        Job(name=p.stem, notebook=Path("nb.ipynb"), title=p.stem, audience="committee", parameters={}, requires=())
        for p in (first, second)
    ]
    results = {job.name: JobResult(job.name, Outcome.OK) for job in jobs}
    manifest: dict = {"reports": {job.name: {} for job in jobs}}
    with caplog.at_level(logging.INFO, "kodaira_analysis.reports"):
        assert summary.print_pdfs(jobs, results, [], tmp_path, manifest, StopFlag()) == 1
    warning = caplog.records[-1].getMessage()
    assert warning.startswith("printing failed: cannot print ") and "p00.html" in warning, warning
    assert warning.endswith("; 1 of 2 PDF(s) printed"), warning
    assert pdf.current(second, manifest["reports"]["p01"]) == tmp_path / "p01.pdf"
    assert "pdf" not in manifest["reports"]["p00"]
    assert not pdf.scratch_for(tmp_path).exists(), "the printer's own folder is removed"


def test_a_signal_while_printing_stops_the_printer_after_the_page_in_hand(tmp_path, monkeypatch, short_tmp):
    """Ctrl-C while PDFs print: the printer prints no page more, and its browser and Playwright's driver have
    exited when print() returns, their temporary folders removed (it printed on for up to 10 s, and was then
    killed). The build's SIGTERM: test_processes.py."""
    import os
    import signal

    from kodaira_analysis.reports import pdf
    from tests.conftest import browser_or_skip
    from tests.reports.test_processes import alive, descendants

    browser_or_skip()
    import tempfile

    private = short_tmp
    monkeypatch.setenv("TMPDIR", str(private))  # Playwright's driver's
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # the printer's folder's
    site = tmp_path / "site"
    site.mkdir()
    pages = _pages(site, 40)
    printer = pdf.Printer(tmp_path)
    before = descendants(os.getpid())
    fired: list[bool] = []

    def interrupt(signum, frame):
        if not fired and list(site.glob("*.pdf")):  # the browser is up and has printed a page
            fired.append(True)
            raise KeyboardInterrupt

    saved = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
        with pytest.raises(KeyboardInterrupt):
            printer.print(pages, timeout=120)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved)
    assert alive(descendants(os.getpid()) - before) == set(), "print() returned only once the printer had exited"
    printed = list(site.glob("*.pdf"))
    assert 0 < len(printed) < len(pages), "it stopped before the last page"
    assert {page.with_suffix(".pdf") for page in printer.printed} == set(printed), "each PDF printed is recorded"
    assert not list(site.glob(".*.tmp")), "no half-written PDF"
    assert list(private.iterdir()) == [], "no temporary folder left"
