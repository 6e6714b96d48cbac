"""External files verified on every read: SSDSE-A editions against their pinned SHA-256 (issue 14)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import kodaira_analysis as ka
from kodaira_analysis import ssdse
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.reports.model import ExitCode
from kodaira_analysis.ssdse import checksums
from tests.conftest import build_reports, require_shared_ssdse


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    shared = require_shared_ssdse()
    target = tmp_path / "ssdse"
    shutil.copytree(shared, target)
    for path in target.iterdir():
        path.chmod(0o644)
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(target))
    monkeypatch.delenv("KODAIRA_SSDSE_ALLOW_UNKNOWN", raising=False)
    return target


def edit_in_place(path: Path) -> None:
    """Change one figure, keeping the size (and even the modification time)."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b"R13211,") + 40
    while not chr(data[at]).isdigit():
        at += 1
    data[at] = ord("1") if data[at] != ord("1") else ord("2")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_edition_edited_in_place_is_refused_even_after_the_cache_was_built(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(ka.paths, "INTERIM_DIR", tmp_path / "interim")  # a cache of its own
    for path in folder.glob("SSDSE-A-*.csv"):
        if path.name not in ("SSDSE-A-2024.csv", "SSDSE-A-2026.csv"):
            path.unlink()  # two editions show it; nine cost a cold read of all of them
    ssdse.load_ssdse(folder)  # builds and caches the tidy table from the good files
    edit_in_place(folder / "SSDSE-A-2024.csv")
    with pytest.raises(RawDataError) as info:
        ssdse.load_ssdse(folder)
    message = str(info.value)
    assert "SSDSE-A-2024.csv" in message and "SHA-256" in message and "edited, cut short or replaced" in message


def test_a_truncated_edition_is_refused_never_falls_back(folder):
    path = folder / "SSDSE-A-2026.csv"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(RawDataError, match=r"SSDSE-A-2026\.csv.*SHA-256"):
        ka.load("ssdse")


def test_an_unknown_file_is_refused_unless_allowed(folder, monkeypatch):
    shutil.copy(folder / "SSDSE-A-2026.csv", folder / "SSDSE-A-2027.csv")
    with pytest.raises(RawDataError, match=r"SSDSE-A-2027\.csv.*does not know"):
        ssdse.available(folder)
    monkeypatch.setenv("KODAIRA_SSDSE_ALLOW_UNKNOWN", "1")
    with pytest.warns(UserWarning, match="ignored"):
        assert 2027 not in ssdse.available(folder)


def test_an_edited_edition_is_read_only_when_explicitly_allowed(folder, monkeypatch):
    edit_in_place(folder / "SSDSE-A-2024.csv")
    monkeypatch.setenv("KODAIRA_SSDSE_ALLOW_UNKNOWN", "1")
    with pytest.warns(UserWarning, match="read anyway"):
        ssdse.read_edition(folder / "SSDSE-A-2024.csv", 2024)


def test_a_fifo_in_place_of_an_edition_is_refused(folder):
    path = folder / "SSDSE-A-2025.csv"
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(RawDataError, match="FIFO"):
        ssdse.verify_all(folder)


def test_verification_is_cached_on_size_times_and_inode(folder, monkeypatch):
    ssdse.verify_all(folder)
    calls = []
    real = ssdse.checksums.check_sha256
    monkeypatch.setattr(ssdse.checksums, "check_sha256", lambda *a: calls.append(a) or real(*a))
    ssdse.verify_all(folder)
    assert calls == [], "unchanged files are not hashed again"
    edit_in_place(folder / "SSDSE-A-2018.csv")  # same size, same mtime: the ctime changes
    with pytest.raises(RawDataError, match=r"SSDSE-A-2018\.csv"):
        ssdse.verify_all(folder)


def _remember_many(worker: int, count: int) -> None:
    for n in range(count):
        checksums._remember(f"/w{worker}/file-{n}.csv", {"stat": str(n), "sha256": "x"})


def test_processes_verifying_at_once_keep_each_others_entries(tmp_path, monkeypatch):
    """Builds, kernels and tests verify at the same time: no process writes back a stale cache over another's."""
    import multiprocessing

    cache_file = tmp_path / "interim" / "ssdse-verified.json"
    monkeypatch.setattr(checksums, "_verified_cache", lambda: cache_file)
    context = multiprocessing.get_context("fork")  # the children see the patched cache location
    workers = [context.Process(target=_remember_many, args=(w, 25)) for w in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    cached = checksums._load_verified()
    missing = [f"/w{w}/file-{n}.csv" for w in range(6) for n in range(25) if f"/w{w}/file-{n}.csv" not in cached]
    assert missing == [], f"{len(missing)} of 150 entries lost"


@pytest.mark.notebooks
def test_a_build_with_a_tampered_edition_exits_6_and_keeps_the_reports(folder, tmp_path):
    edit_in_place(folder / "SSDSE-A-2024.csv")
    out = tmp_path / "out"
    code, log = build_reports(out, "--only", "05-tama-peers-en")
    assert code == ExitCode.DATA, log
    assert "SSDSE-A-2024.csv" in log.err and "SHA-256" in log.err
    assert not list(out.glob("*.html"))


def test_status_refuses_a_tampered_edition_as_the_build_does_and_writes_nothing(folder, tmp_path):
    """`status` said "up to date" for an edition edited in place (same size and time) where a build exits 6."""
    import json
    import subprocess
    import sys

    cli = [sys.executable, "-m", "kodaira_analysis.reports.cli", "status", "--out", str(tmp_path / "out")]
    cache = ka.paths.INTERIM_DIR / "ssdse-verified.json"
    keys = [str(p.resolve()) for p in folder.glob("SSDSE-A-*.csv")]
    listed = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    if cache.is_file():  # the copies were verified (a new path each) but not remembered: status writes nothing
        assert not set(keys) & set(json.loads(cache.read_text(encoding="utf-8"))), "status wrote the cache"
    edit_in_place(folder / "SSDSE-A-2024.csv")
    listed = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert listed.returncode == ExitCode.DATA, listed.stdout + listed.stderr
    assert "SSDSE-A-2024.csv" in listed.stderr and "SHA-256" in listed.stderr
    assert listed.stdout == "", "no listing when a build would stop"
