"""The preview as a site (issue 25, 29): Host header, policy, the build lock, a FIFO notebook."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys

import pytest

from kodaira_analysis import paths
from kodaira_analysis.page.sanitize import csp_meta
from kodaira_analysis.reports import owned
from kodaira_analysis.reports.config import ConfigError, Job
from kodaira_analysis.reports.drafts import check_notebook, claim_folder
from kodaira_analysis.reports.model import ExitCode, exit_code_of
from kodaira_analysis.reports.server import SERVED_CSP, Preview, inject_reload, serve


def get(port: int, host: str | None, path: str = "/") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    answer = connection.getresponse()
    return answer.status, dict(answer.getheaders()), answer.read()


@pytest.fixture
def served():
    preview = Preview("r")
    preview.publish(f"<!DOCTYPE html><html><head>{csp_meta()}</head><body><p>report</p></body></html>")
    server = serve(preview, 0)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}", "", None,
                                  "127.0.0.1:1", "localhost.evil:{port}"])  # fmt: skip
def test_the_preview_answers_only_to_its_own_host_names(served, host):
    status, _, body = get(served, host if host is None else host.format(port=served))
    assert status in (400, 421)
    assert b"report" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "127.0.0.1"])
def test_the_preview_serves_its_page_to_localhost_with_its_policy(served, host):
    status, headers, body = get(served, host.format(port=served))
    assert status == 200 and b"report" in body
    assert headers["Content-Security-Policy"] == SERVED_CSP
    assert body.count(b"Content-Security-Policy") == 1, "the page's own policy is replaced, not added to"


def test_the_served_policy_allows_the_reload_script_alone():
    page = inject_reload(f"<html><head>{csp_meta()}</head><body></body></html>")
    assert "script-src 'sha256-" in page and "'unsafe-inline'" not in page.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in page


def test_a_fifo_notebook_is_refused_not_opened(tmp_path):
    fifo = tmp_path / "02-staffing-levels.ipynb"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        check_notebook(Job("x", fifo, "x"))
    check_notebook(Job("x", paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", "x"))  # raises nothing
    os.mkfifo(tmp_path / "y.py")
    (tmp_path / "y.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"y\.py is not a regular file"):
        check_notebook(Job("y", tmp_path / "y.ipynb", "y"))


def test_a_preview_holds_its_folders_build_lock_so_no_build_starts_there(tmp_path):
    out = tmp_path / "drafts"
    lock = claim_folder(out)
    assert lock.is_locked
    try:
        run = subprocess.run(
            [sys.executable, "-m", "kodaira_analysis.reports.cli", "build", "--out", str(out), "--no-pdf",
             "--only", "02-staffing-levels-ja"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert run.returncode == 5, run.stderr
        assert not (out / "02-staffing-levels-ja.html").exists()
    finally:
        lock.release()


def test_a_preview_refuses_a_folder_a_build_holds(tmp_path):
    out = tmp_path / "reports"
    owned.claim(out)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); "
         "print('held', flush=True); sys.stdin.read()", str(out / ".build.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(owned.Locked, match="is running") as refused:
            claim_folder(out)
        assert exit_code_of(refused.value) == ExitCode.LOCKED
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
