"""Printing: the page's hash is recorded with its PDF; a browser that does not start is given up (issue 29);
the printer, a thread of the build, leaves no process, thread or temporary file behind."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import tempfile
import threading
import time

import pytest

from kodaira_analysis.reports import pdf
from tests.conftest import build_reports

pytestmark = pytest.mark.notebooks


def needs_printer():
    if pdf.available():
        pytest.skip(pdf.available())


def test_the_printer_reports_the_hash_of_the_page_it_printed(tmp_path):
    needs_printer()
    page = tmp_path / "a.html"
    page.write_text("<!DOCTYPE html><html><body><p>ページ</p></body></html>", encoding="utf-8")
    printer = pdf.Printer(tmp_path)
    printed = printer.print([page], timeout=120)
    assert printed == {page: page.with_suffix(".pdf")}
    assert printer.printed == {page: hashlib.sha256(page.read_bytes()).hexdigest()}
    manifest = {"reports": {"a": {"status": "ok"}}}
    pdf.record(manifest, printer.printed)
    assert pdf.current(page, manifest["reports"]["a"]) == page.with_suffix(".pdf")


def test_chromium_is_launched_with_its_own_network_traffic_off():
    for switch in ("--disable-background-networking", "--disable-component-update", "--no-pings",
                   "--dns-prefetch-disable", "--disable-sync"):  # fmt: skip
        assert switch in pdf.CHROMIUM_ARGS
    assert any(arg.startswith("--host-resolver-rules=MAP * ~NOTFOUND") for arg in pdf.CHROMIUM_ARGS)


def hanging_browser(tmp_path, monkeypatch):
    hanging = tmp_path / "chromium"
    hanging.write_text("#!/bin/sh\nexec sleep 300\n", encoding="utf-8")
    hanging.chmod(hanging.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("KODAIRA_CHROMIUM", str(hanging))
    monkeypatch.setenv("KODAIRA_CHROMIUM_LAUNCH_TIMEOUT", "3")
    return hanging


def test_a_build_whose_browser_does_not_start_warns_and_goes_on(tmp_path, monkeypatch, caplog):
    if pdf.available().startswith("Playwright"):
        pytest.skip(pdf.available())
    hanging_browser(tmp_path, monkeypatch)
    out = tmp_path / "out"
    started = time.monotonic()
    code, printed = build_reports(out, "--only", "02-staffing-levels-en")
    assert code == 0, printed.err
    assert time.monotonic() - started < 300
    assert (out / "02-staffing-levels-en.html").is_file() and not (out / "02-staffing-levels-en.pdf").exists()
    assert "did not start within 3 s" in caplog.text + printed.err
    assert "02-staffing-levels-en.pdf" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_browser_that_does_not_start_is_given_up_after_the_stated_time(tmp_path, monkeypatch):
    if pdf.available().startswith("Playwright"):
        pytest.skip(pdf.available())
    hanging = hanging_browser(tmp_path, monkeypatch)
    page = tmp_path / "a.html"
    page.write_text("<html></html>", encoding="utf-8")
    started = time.monotonic()
    printer = pdf.Printer(tmp_path)
    with pytest.raises(pdf.PrintError, match="did not start within 3 s"):
        printer.print([page], timeout=60)
    assert time.monotonic() - started < 30
    assert not page.with_suffix(".pdf").exists()
    leftover = subprocess.run(["pgrep", "-f", str(hanging)], capture_output=True, text=True).stdout.split()
    assert leftover == [], "the browser that hung was stopped"


def test_printing_leaves_no_process_thread_or_temporary_file(tmp_path, monkeypatch, short_tmp):
    """Playwright's driver and the browser end with the printing; their temporary folders go with them."""
    from tests.reports.test_processes import alive, descendants

    needs_printer()
    private = short_tmp
    monkeypatch.setenv("TMPDIR", str(private))  # Playwright's driver's
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # the printer's folder's
    page = tmp_path / "a.html"
    page.write_text("<!DOCTYPE html><html><body><p>頁</p></body></html>", encoding="utf-8")
    before = descendants(os.getpid())
    threads = set(threading.enumerate())
    assert pdf.Printer(tmp_path).print([page], timeout=120) == {page: page.with_suffix(".pdf")}
    assert alive(descendants(os.getpid()) - before) == set(), "driver and browser ended"
    deadline = time.monotonic() + 10  # asyncio's child watcher thread ends as it hands over the driver's exit
    while time.monotonic() < deadline and not set(threading.enumerate()) <= threads:
        time.sleep(0.05)
    assert set(threading.enumerate()) <= threads, "the printing thread ended"
    assert list(private.iterdir()) == [], "nothing left in the temporary folder, the printer's own folder neither"


def test_the_printers_folder_is_refused_when_it_is_not_its_own(tmp_path, monkeypatch):
    """A link where the printer's folder goes (another user's trap, or a mistake) is neither followed nor removed."""
    needs_printer()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("a reader's", encoding="utf-8")
    pdf.scratch_for(tmp_path).symlink_to(elsewhere)
    page = tmp_path / "a.html"
    page.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(pdf.PrintError, match="is not a folder kodaira-reports made"):
        pdf.Printer(tmp_path).print([page], timeout=60)
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "a reader's"
    assert not page.with_suffix(".pdf").exists()
