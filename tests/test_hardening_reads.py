"""Every file read back or copied is a regular file read with a bound (issue 29, item 3).

FIFOs and devices are refused with a message, never waited on; an 8 GB sparse edition is refused
without being read; a server that streams without end is cut at the limit.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kodaira_analysis import files, paths
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.plan import freshness
from kodaira_analysis.ssdse import checksums, download
from tests.conftest import require_shared_ssdse


@contextlib.contextmanager
def within(seconds: int):
    """Fail instead of hanging: a FIFO opened for reading would block forever."""

    def stop(signum, frame):
        raise AssertionError(f"still running after {seconds} s: a blocking read")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _hostile(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_copy_bounded_refuses_what_is_not_a_regular_file(tmp_path, kind):
    source = tmp_path / "source.csv"
    _hostile(kind, source)
    with within(10), pytest.raises(RawDataError, match=r"FIFO|device"):
        files.copy_bounded(source, tmp_path / "out" / "target.csv", 1000)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()), "nothing left behind"


def test_copy_bounded_cuts_a_stream_at_the_limit_and_leaves_nothing(tmp_path):
    class Endless:
        read_bytes = 0

        def read(self, n: int) -> bytes:
            self.read_bytes += n
            return b"x" * n

    stream = Endless()
    with pytest.raises(RawDataError, match="more than the limit of 5,000,000 bytes"):
        files.copy_bounded(stream, tmp_path / "target.csv", 5_000_000)  # type: ignore[arg-type]
    assert stream.read_bytes <= 5_000_001 and list(tmp_path.iterdir()) == []


def test_copy_bounded_puts_a_whole_file_in_place_only_with_its_hash(tmp_path):
    source = tmp_path / "a.csv"
    source.write_bytes(b"a,b\n1,2\n")
    digest = files.copy_bounded(source, tmp_path / "b.csv", 100)
    assert (tmp_path / "b.csv").read_bytes() == b"a,b\n1,2\n"
    with pytest.raises(RawDataError, match="differs from the pinned"):
        files.copy_bounded(source, tmp_path / "c.csv", 100, sha256="0" * 64)
    assert not (tmp_path / "c.csv").exists() and len(digest) == 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"], "no staged file left"


def test_an_8_gb_sparse_edition_is_refused_at_100_mb_without_being_read(tmp_path, capsys):
    source, dest = tmp_path / "from", tmp_path / "dest"
    source.mkdir()
    with (source / "SSDSE-A-2024.csv").open("wb") as handle:
        handle.truncate(8 * 1024**3)  # sparse: no disk used, 8 GB to a reader
    started = time.monotonic()
    with within(20):
        code = download.main(["--from", str(source), "--dest", str(dest), "--editions", "2024"])
    assert code == 1 and time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert "SSDSE-A-2024.csv" in err and "8,589,934,592 bytes" in err and "104,857,600" in err
    assert list(dest.iterdir()) == []
    assert files.SSDSE_EDITION_LIMIT == 100 * 1024 * 1024, "the README's 100 MB"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_edition_to_copy_that_is_a_fifo_or_device_is_refused(tmp_path, capsys, kind):
    source, dest = tmp_path / "from", tmp_path / "dest"
    source.mkdir()
    _hostile(kind, source / "SSDSE-A-2024.csv")
    with within(10):
        assert download.main(["--from", str(source), "--dest", str(dest), "--editions", "2024"]) == 1
    assert "not a regular file" in capsys.readouterr().err


class _Endless(http.server.BaseHTTPRequestHandler):
    """A server that streams without end (and without a Content-Length)."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        chunk = b"1" * 65536
        with contextlib.suppress(OSError):
            while True:
                self.wfile.write(chunk)

    def log_message(self, *args):
        pass


@pytest.fixture
def endless_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endless)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_download_that_streams_without_end_is_cut_at_the_limit(tmp_path, endless_server):
    with within(30), pytest.raises(RawDataError, match="more than the limit of 2,000,000 bytes"):
        download.fetch(2024, tmp_path, base_url=endless_server, limit=2_000_000)
    assert list(tmp_path.iterdir()) == [], "nothing written"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_verification_record_as_a_fifo_or_device_is_refused_and_replaced(tmp_path, monkeypatch, kind):
    shared = require_shared_ssdse()
    monkeypatch.setattr(paths, "INTERIM_DIR", tmp_path)
    _hostile(kind, tmp_path / "ssdse-verified.json")
    with within(60), pytest.warns(UserWarning, match=r"ssdse-verified\.json.*not a regular file"):
        checksums.verify(shared / "SSDSE-A-2024.csv", 2024)
    record = tmp_path / "ssdse-verified.json"
    assert record.is_file() and not record.is_symlink()
    assert len(json.loads(record.read_text())) == 1


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_build_manifest_that_is_a_fifo_or_device_is_no_manifest(tmp_path, kind):
    _hostile(kind, tmp_path / freshness.MANIFEST)
    with within(10):
        assert freshness.read_manifest(tmp_path) is None


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_processed_table_that_is_a_fifo_or_device_is_refused(tmp_path, monkeypatch, kind):
    from kodaira_analysis.analysis import dataset

    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path)
    _hostile(kind, tmp_path / "targets.parquet")
    with within(10), pytest.raises(RawDataError, match=r"targets\.parquet"):
        dataset.load("targets", rebuild=False)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_cached_ssdse_table_that_is_a_fifo_or_device_is_rebuilt(tmp_path, monkeypatch, kind):
    import pandas as pd

    from kodaira_analysis.ssdse import cache

    shared = require_shared_ssdse()
    monkeypatch.setattr(paths, "INTERIM_DIR", tmp_path)
    monkeypatch.setattr(cache, "_READ", {})
    small = pd.DataFrame({"municipality_code": ["13211"], "value": [1.0]})
    monkeypatch.setattr(cache, "read_all", lambda directory: None)
    monkeypatch.setattr(cache, "merge_editions", lambda stacked: (small, small.iloc[0:0]))
    slot = cache._slot(cache._fingerprint(cache.require(shared)))
    slot.mkdir(parents=True)
    _hostile(kind, slot / "tidy.parquet")
    with within(60):
        frame = cache.load_ssdse(shared)
    assert frame.equals(small), "read again from the editions, not from the FIFO or device"
    assert (slot / "tidy.parquet").is_file() and not (slot / "tidy.parquet").is_symlink(), (
        "a regular cache in its place"
    )
