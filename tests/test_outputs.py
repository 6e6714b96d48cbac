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
