"""make external-data: download (from a local HTTP server on 127.0.0.1, never the internet) or copy, SHA-256 checked."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from kodaira_analysis.ssdse import download as external
from tests.conftest import require_shared_ssdse


@pytest.fixture
def server(tmp_path):
    """Serve a folder over HTTP on 127.0.0.1 (a random free port) for the length of a test."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}/files/"
    httpd.shutdown()
    httpd.server_close()


def test_download_verifies_and_is_idempotent(server, tmp_path, capsys):
    shared = require_shared_ssdse()
    served, base_url = server
    (served / "files").mkdir()
    for edition in (2025, 2026):
        shutil.copy(shared / f"SSDSE-A-{edition}.csv", served / "files")
    dest = tmp_path / "dest"
    code = external.main(["--dest", str(dest), "--base-url", base_url, "--editions", "2025", "2026"])
    assert code == 0
    assert "downloaded from http://127.0.0.1" in capsys.readouterr().out
    for edition in (2025, 2026):
        digest = hashlib.sha256((dest / f"SSDSE-A-{edition}.csv").read_bytes()).hexdigest()
        assert digest == external.expected_sha256(edition)
    assert external.main(["--dest", str(dest), "--base-url", base_url, "--editions", "2025"]) == 0
    assert "already present" in capsys.readouterr().out


def test_damaged_download_is_refused_and_not_written(server, tmp_path, capsys):
    served, base_url = server
    (served / "files").mkdir()
    (served / "files" / "SSDSE-A-2024.csv").write_bytes(b"not the published file")
    dest = tmp_path / "dest"
    assert external.main(["--dest", str(dest), "--base-url", base_url, "--editions", "2024"]) == 1
    err = capsys.readouterr().err
    assert "SHA-256" in err and "nothing was written" in err
    assert not (dest / "SSDSE-A-2024.csv").exists()


def test_missing_file_on_the_server_fails_clearly(server, tmp_path, capsys):
    _, base_url = server
    assert external.main(["--dest", str(tmp_path / "d"), "--base-url", base_url, "--editions", "2019"]) == 1
    assert "404" in capsys.readouterr().err


def test_copy_from_a_folder(tmp_path, capsys):
    shared = require_shared_ssdse()
    dest = tmp_path / "dest"
    assert external.main(["--dest", str(dest), "--from", str(shared)]) == 0
    assert len(list(dest.glob("SSDSE-A-*.csv"))) == 9
    assert capsys.readouterr().out.count("copied from") == 9


def test_only_http_addresses(tmp_path):
    with pytest.raises(ValueError, match="only http"):
        external.fetch(2020, tmp_path, base_url="file:///etc/")
    assert not any(Path(tmp_path).iterdir())
