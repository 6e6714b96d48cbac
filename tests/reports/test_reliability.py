"""Reliability of the batch: killed and overlapping builds, unwritable output, hostile parameters, no network."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.page.exporter import render_html
from kodaira_analysis.page.provenance import build_provenance
from kodaira_analysis.plan.freshness import raw_checksums
from kodaira_analysis.reports.index import write_error_page
from kodaira_analysis.reports.model import ExitCode
from tests.conftest import OFFLINE, build_reports, built_job_names

pytestmark = pytest.mark.notebooks
CLI = str(Path(sys.executable).with_name("kodaira-reports"))


def copy_reports(built_reports, tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(built_reports[0], out)
    return out


def complete_reports(out: Path) -> dict[str, bytes]:
    pages = {p.name: p.read_bytes() for p in out.glob("*.html")}
    for name, data in pages.items():
        assert data.rstrip().endswith(b"</html>"), f"{name} is cut short"
    return pages


def start_build(out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [CLI, "build", "--out", str(out), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        cwd=paths.PROJECT_ROOT,
    )


def test_sigkill_midway_leaves_reports_intact_and_next_build_succeeds(built_reports, tmp_path):
    out = copy_reports(built_reports, tmp_path)
    before = complete_reports(out)
    # four light reports (the runner is the subject, not the notebooks): two finish, two are killed mid-way
    light = ["04-reform-progress-ja", "04-reform-progress-en", "00-summary-ja", "00-summary-en"]
    process = start_build(out, "--force", "--jobs", "2", "--only", *light)
    deadline = time.monotonic() + 60
    seen = ""
    while time.monotonic() < deadline and "[ 2/" not in seen:  # two reports replaced, others running
        line = process.stdout.readline()
        if not line:
            break
        seen += line
    assert "[ 2/" in seen, f"the build did not get going:\n{seen}"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    after = complete_reports(out)
    assert set(after) == set(before), "no report vanished"
    replaced = [name for name in after if after[name] != before[name]]
    assert 1 <= len(replaced) < len(after), "some reports were replaced whole, the rest kept whole"
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # still valid
    code, log = build_reports(out)
    assert code == 0, log
    assert not list(out.rglob(".*.tmp")) and not list((out / "executed").glob(".*.ipynb")), "leftovers removed"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {manifest["reports"][name]["report_status"] for name in built_job_names()} == {"ok"}


def test_two_builds_at_once(built_reports, tmp_path):
    out = copy_reports(built_reports, tmp_path)
    first = start_build(out, "--force", "--only", "04-reform-progress-ja", "00-summary-ja")  # light reports
    said = ""
    while "to build" not in said:  # the first holds the lock
        line = first.stdout.readline()
        assert line, said
        said += line
    second = start_build(out, "--force")
    second_out, _ = second.communicate(timeout=120)
    first_out = said + first.communicate(timeout=300)[0]
    assert first.returncode == 0, first_out
    assert second.returncode == ExitCode.LOCKED, second_out
    assert "another kodaira-reports build is running" in second_out
    complete_reports(out)
    waited = start_build(out, "--wait", "300")
    other = start_build(out, "--wait", "300", "--force", "--only", "04-reform-progress-en")
    assert waited.wait(timeout=300) == 0 and other.wait(timeout=300) == 0, (
        "with --wait both finish, one after the other"
    )


def _fail_writes(monkeypatch, errno_name: str):
    import errno

    from kodaira_analysis import files
    from kodaira_analysis.reports import publisher

    def refuse(path, data):
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)), str(path))

    # every write of a build (the workers are forked from this process: they see the same)
    for module, name in ((files, "write_atomic"), (files, "stage_atomic"), (publisher, "write_atomic")):
        monkeypatch.setattr(module, name, refuse)


@pytest.mark.parametrize("errno_name", ["ENOSPC", "EROFS"])
def test_unwritable_output_has_its_exit_code(built_reports, tmp_path, monkeypatch, errno_name):
    out = copy_reports(built_reports, tmp_path)
    before = complete_reports(out)
    _fail_writes(monkeypatch, errno_name)
    code, log = build_reports(out, "--force", "--only", "04-reform-progress-en")
    assert code == ExitCode.WRITE, log
    assert "cannot write" in log.err
    assert complete_reports(out) == before, "reports and index already in place are untouched"


def test_a_manifest_that_cannot_be_written_says_which_pages_are_in_place(built_reports, tmp_path, monkeypatch):
    """The disk fills after the page is put in place (a rename needs no space): the build said the reports
    were left as they were."""
    import errno

    from kodaira_analysis.reports import publisher

    out = copy_reports(built_reports, tmp_path)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "manifest.json"))

    monkeypatch.setattr(publisher, "write_manifest", full)
    code, log = build_reports(out, "--force", "--only", "04-reform-progress-en")
    assert code == ExitCode.WRITE, log
    assert "04-reform-progress-en are in place but not recorded in the manifest" in log.err
    assert "left as they were" not in log.err


def _mount(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    return (
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True).returncode
        == 0
    )


def test_really_full_output_folder(tmp_path):
    out = tmp_path / "small"
    if not _mount(out, "size=64k"):
        pytest.skip("mounting a small tmpfs is not permitted here; test_unwritable_output_has_its_exit_code covers it")
    try:
        code, log = build_reports(out, "--only", "04-reform-progress-en")
        assert code == ExitCode.WRITE, log
        assert "cannot write" in log.err
        assert not (out / "04-reform-progress-en.html").exists(), "no report"
        for page in out.rglob("*.html"):  # the index and the error page, when they fit, whole
            assert page.read_bytes().rstrip().endswith(b"</html>"), f"{page.name} is cut short"
        assert not list(out.rglob("*.tmp")), "no temporary file left"
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_really_read_only_output_folder(tmp_path):
    out = tmp_path / "readonly"
    if not _mount(out, "ro,size=64k"):
        pytest.skip(
            "mounting a read-only tmpfs is not permitted here; test_unwritable_output_has_its_exit_code covers it"
        )
    try:
        code, log = build_reports(out, "--only", "04-reform-progress-en")
        assert code == ExitCode.WRITE, log
        assert "Read-only file system" in log.err
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_script_in_a_parameter_is_escaped_never_run(tmp_path, browser_or_none):
    """A hostile string parameter (bypassing reports.yml checks) shows escaped and never executes."""
    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.executor import Task, run_job
    from kodaira_analysis.reports.publisher import put_in_place

    payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    job = Job(
        name="hostile",
        notebook=paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb",
        title=payload,
        audience="research",
        parameters={"lang": payload},
    )
    provenance = build_provenance(raw_checksums())
    (tmp_path / "executed").mkdir()
    result = put_in_place(run_job(Task(job, str(tmp_path), 60, provenance)), tmp_path)
    assert result.outcome == "cell_error" and "is not allowed" in (result.error or "")
    error_page = tmp_path / "error.html"
    error_page.write_text(write_error_page(job.to_dict(), result.as_dict(), False), encoding="utf-8")
    report = tmp_path / "hostile.html"
    executed = tmp_path / "executed" / "hostile.ipynb"
    report.write_text(render_html(executed, job.to_dict(), provenance), encoding="utf-8")
    for page in (error_page, report):
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text and "<img src=x" not in text, f"{page.name}: a live tag"
        assert "&lt;script&gt;window.__pwned" in text or "&amp;lt;script" in text or "\\u003cscript" in text
    if browser_or_none is not None:
        for page in (error_page, report):
            context = browser_or_none.new_context()
            tab = context.new_page()
            dialogs = []
            tab.on("dialog", lambda dialog, seen=dialogs: seen.append(dialog))
            tab.goto(page.as_uri())
            assert tab.evaluate("window.__pwned === undefined"), f"{page.name}: the script ran"
            assert not dialogs
            context.close()


def test_offline_guard_refuses_before_any_packet(monkeypatch, tmp_path):
    """The guard itself: a non-local connection or lookup is refused and logged, and nothing is sent."""
    log = tmp_path / "attempts.log"
    monkeypatch.setenv("KODAIRA_NETWORK_LOG", str(log))
    saved = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
    try:
        guard: dict = {}
        source = OFFLINE / "sitecustomize.py"
        exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), guard)  # its own namespace
        sent = []
        guard["_connect"] = lambda sock, address: sent.append(address)
        guard["_getaddrinfo"] = lambda *args, **kw: sent.append(args)
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            with pytest.raises(OSError, match="blocked"):
                guard["_guarded_connect"](probe, ("203.0.113.7", 443))
            with pytest.raises(OSError, match="blocked"):
                guard["_guarded_getaddrinfo"]("example.org", 443)
            guard["_guarded_connect"](probe, ("127.0.0.1", 9))
        finally:
            probe.close()
        assert sent == [("127.0.0.1", 9)], "only the loopback call went through"
        assert log.read_text(encoding="utf-8").count("\n") == 2
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = saved


@pytest.fixture
def browser_or_none(request):
    """The session's browser (tests/conftest.py) when Chromium is installed, else None."""
    if not (os.environ.get("KODAIRA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")):
        return None
    return request.getfixturevalue("browser")


def test_bad_raw_data_stops_the_report_build(built_reports, tmp_path, monkeypatch):
    """make reports on bad raw data: exit 6, the data error in the log, reports untouched."""
    import kodaira_analysis as ka
    import kodaira_analysis.plan.build as data_build
    from kodaira_analysis.errors import RawDataError

    def bad_data(*args, **kwargs):
        raise RawDataError("fiscal_effects.csv", "cannot be read", row=2, column="24年度", value="abc")

    out = copy_reports(built_reports, tmp_path)
    before = complete_reports(out)
    monkeypatch.setattr(data_build, "build", bad_data)
    monkeypatch.setattr(ka, "build_data", bad_data)  # the runner calls the public ka.build_data
    code, log = build_reports(out, "--force")
    assert code == ExitCode.DATA
    assert "data build failed: file fiscal_effects.csv, row 2, column '24年度'" in log.err
    assert complete_reports(out) == before
