"""MIC's files for make external-data: downloaded (from a local HTTP server on 127.0.0.1) or copied, SHA-256 checked."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kodaira_analysis import mic
from kodaira_analysis.mic import download
from tests.conftest import require_shared_mic


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
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}/mirror/"
    httpd.shutdown()
    httpd.server_close()


def _mirror(served: Path, editions: list[str]) -> None:
    shared = require_shared_mic()
    for edition in editions:
        name = mic.editions().loc[edition, "file"]
        for kind in ("city", "prefecturemean"):
            (served / "mirror" / kind).mkdir(parents=True, exist_ok=True)
            shutil.copy(shared / kind / name, served / "mirror" / kind / name)


def test_download_verifies_writes_both_files_and_is_idempotent(server, tmp_path, capsys):
    served, base_url = server
    _mirror(served, ["H21", "R3"])
    dest = tmp_path / "mic"
    assert download.main(["--dest", str(dest), "--base-url", base_url, "--editions", "H21", "R3"]) == 0
    out = capsys.readouterr().out
    assert out.count("downloaded from http://127.0.0.1") == 4
    for edition, kind, column in (("H21", "city", "sha256"), ("R3", "prefecturemean", "prefecturemean_sha256")):
        path = dest / kind / mic.editions().loc[edition, "file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == mic.editions().loc[edition, column]
    assert download.main(["--dest", str(dest), "--base-url", base_url, "--editions", "H21"]) == 0
    assert capsys.readouterr().out.count("already present") == 2
    assert not [p for p in dest.rglob("*.tmp")]


def test_a_damaged_download_is_refused_and_not_written(server, tmp_path, capsys):
    served, base_url = server
    _mirror(served, ["H24"])
    damaged = served / "mirror" / "city" / "H24.xls"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    dest = tmp_path / "mic"
    assert download.main(["--dest", str(dest), "--base-url", base_url, "--editions", "H24"]) == 1
    assert "SHA-256" in capsys.readouterr().err
    assert not (dest / "city" / "H24.xls").exists()
    assert (dest / "prefecturemean" / "H24.xls").is_file()  # the good file of the pair is kept
    assert not [p for p in dest.rglob("*.tmp")]


def test_missing_on_the_server_fails_the_command(server, tmp_path, capsys):
    _, base_url = server
    assert download.main(["--dest", str(tmp_path / "d"), "--base-url", base_url, "--editions", "H17"]) == 1
    assert "FAILED" in capsys.readouterr().err


def test_copy_from_a_folder_then_load_reads_it(tmp_path, monkeypatch):
    shared = require_shared_mic()
    dest = tmp_path / "mic"
    assert download.main(["--dest", str(dest), "--from", str(shared)]) == 0
    assert len(list((dest / "city").iterdir())) == len(list((dest / "prefecturemean").iterdir())) == 17
    monkeypatch.setenv("KODAIRA_MIC_DIR", str(dest))
    frame = mic.load_mic("mic_indicators")
    assert frame.loc[frame["municipality_code"] == "13211", "fiscal_year"].nunique() == 17


def test_without_an_address_the_command_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(download.BASE_URL_ENV, raising=False)
    assert mic.editions().loc["H17", "url"] == ""  # MIC's per-file addresses are not pinned yet
    assert download.main(["--dest", str(tmp_path), "--editions", "H17"]) == 1
    err = capsys.readouterr().err
    assert "地方公共団体の主要財政指標一覧" in err and "MIC_FROM" in err


@pytest.mark.parametrize("url", ["file:///etc/", "ftp://example.org/"])
def test_only_http_addresses_are_fetched(tmp_path, url):
    with pytest.raises(ValueError, match="only http"):
        download.fetch("H17", "city", tmp_path, base_url=url)
    assert not list(tmp_path.iterdir())


def test_unknown_edition_fails_cleanly(tmp_path, capsys):
    assert download.main(["--dest", str(tmp_path), "--from", str(tmp_path), "--editions", "H99"]) == 1
    assert "H99" in capsys.readouterr().err


def test_command_line_entry_point_runs(tmp_path):
    shared = require_shared_mic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kodaira_analysis.mic.download",
            "--dest",
            str(tmp_path),
            "--from",
            str(shared),
            "--editions",
            "R2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "city/R2.xlsx: copied from" in done.stdout


def _pin(monkeypatch, edition: str, kind: str, url: str) -> None:
    """Pin ``url`` as the address of one file, as a row of editions.csv would (only the column for ``kind``)."""
    real = download.layout

    def pinned(name: str):
        row = real(name).copy()
        if name == edition:
            row["url" if kind == "city" else "prefecturemean_url"] = url
        return row

    monkeypatch.setattr(download, "layout", pinned)
    monkeypatch.delenv(download.BASE_URL_ENV, raising=False)


def test_the_pinned_address_is_fetched_and_its_sha256_accepted(server, tmp_path, monkeypatch):
    served, base_url = server
    shared = require_shared_mic()
    (served / "mirror").mkdir()
    shutil.copy(shared / "city" / "R3.xlsx", served / "mirror" / "000000001.xlsx")  # MIC names files by number
    _pin(monkeypatch, "R3", "city", base_url + "000000001.xlsx")
    dest = tmp_path / "mic"
    assert download.fetch("R3", "city", dest) == f"downloaded from {base_url}000000001.xlsx"
    data = (dest / "city" / "R3.xlsx").read_bytes()
    assert hashlib.sha256(data).hexdigest() == mic.editions().loc["R3", "sha256"]


def test_a_wrong_file_at_the_pinned_address_is_refused_and_nothing_is_left(server, tmp_path, monkeypatch):
    from kodaira_analysis.errors import RawDataError

    served, base_url = server
    shared = require_shared_mic()
    (served / "mirror").mkdir()
    shutil.copy(shared / "city" / "R2.xlsx", served / "mirror" / "000000001.xlsx")  # another edition's file
    _pin(monkeypatch, "R3", "city", base_url + "000000001.xlsx")
    dest = tmp_path / "mic"
    with pytest.raises(RawDataError, match="SHA-256") as caught:
        download.fetch("R3", "city", dest)
    assert base_url in str(caught.value), "the message names the address the bytes came from"
    assert not dest.exists() or not [p for p in dest.rglob("*") if p.is_file()], "nothing is left behind"


def test_every_pinned_address_is_mics_own():
    # an address pinned in editions.csv is MIC's (https on www.soumu.go.jp); none is pinned from a mirror or guessed
    for column in ("url", "prefecturemean_url"):
        for edition, url in mic.editions()[column].items():
            assert url == "" or url.startswith("https://www.soumu.go.jp/"), (edition, column, url)
