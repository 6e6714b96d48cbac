"""What the build writes into and reads back (reports/publisher.py): real folders it owns, bounded regular
files, every file whole (stage and rename), also on a full disk and with a read-only home."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports import owned, publisher
from kodaira_analysis.reports.model import ExitCode
from tests.conftest import build_reports

LIGHT = "04-reform-progress-en"
CLI = str(Path(sys.executable).with_name("kodaira-reports"))


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", publisher.FOLDERS)
def test_a_folder_the_build_writes_into_that_is_a_link_is_refused(tmp_path, name):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    (out / ".kodaira-reports").write_text("", encoding="utf-8")
    elsewhere.mkdir()
    (elsewhere / f"{LIGHT}.ipynb").write_text("someone's", encoding="utf-8")
    (elsewhere / f"{LIGHT}.html").write_text("someone's", encoding="utf-8")
    (out / name).symlink_to(elsewhere)
    before = folder_snapshot(elsewhere)
    code, log = build_reports(out, "--only", LIGHT)
    assert code == ExitCode.WRITE, log
    assert f"{out / name} is a symbolic link" in log.err and "Traceback" not in log.err
    assert folder_snapshot(elsewhere) == before, "nothing was written through the link"
    assert not (out / f"{LIGHT}.html").exists()


def test_a_folder_the_build_writes_into_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kodaira-reports").write_text("", encoding="utf-8")
    (out / "executed").write_text("a file", encoding="utf-8")
    with pytest.raises(publisher.FolderError, match="is not a folder"):
        publisher.own_folders(out)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _big(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(owned.MANIFEST_LIMIT + 1)


@pytest.mark.parametrize("make", [_fifo, _dev_zero, _big], ids=["FIFO", "link to /dev/zero", "over the limit"])
def test_a_manifest_that_is_not_a_small_regular_file_is_refused_without_reading_it(tmp_path, make):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kodaira-reports").write_text("", encoding="utf-8")
    make(out / "manifest.json")
    started = time.monotonic()
    with pytest.raises(publisher.FolderError, match=r"manifest\.json"):
        owned.read_manifest(out)
    code, log = build_reports(out, "--only", LIGHT)  # a real build, in this process: it must not hang
    assert code == ExitCode.WRITE and "manifest.json" in log.err and "Traceback" not in log.err, log
    assert time.monotonic() - started < 120
    assert not (out / f"{LIGHT}.html").exists(), "no report ran"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("error_page", "javascript:alert(1)"),
        ("html", "../../etc/passwd"),
        ("pdf", {"file": "x.pdf", "page_sha256": "0"}),
    ],
)
def test_a_value_read_back_that_the_runner_does_not_write_voids_the_manifest(tmp_path, caplog, field, value):
    (tmp_path / "manifest.json").write_text(
        json.dumps({"reports": {"r": {"status": "ok", field: value}}}), encoding="utf-8"
    )
    assert owned.read_manifest(tmp_path) == {"reports": {}}
    assert "treated as no earlier build" in caplog.text


@pytest.mark.parametrize(
    "manifest",
    [
        [],
        {"reports": []},
        {"reports": {"r": "ok"}},
        {"reports": {"r": {"status": True}}},
        {"reports": {"r": {"seconds": True}}},
        {"reports": {"r": {"input_hash": ["x"]}}},
        {"reports": {"r": {"pdf": {"page_sha256": "a" * 64}}}},
        {"reports": {"r": {"pdf": {"file": "r.pdf", "page_sha256": "a" * 64 + "\n"}}}},
        {"jobs": [1]},
        {"last_build_at": None},
    ],
)
def test_a_manifest_of_another_shape_is_no_earlier_build_and_no_record_of_reports(tmp_path, caplog, manifest):
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert owned.read_manifest(tmp_path) == {"reports": {}}
    assert "treated as no earlier build" in caplog.text
    assert owned.recorded_reports(tmp_path) is None


def test_the_manifest_the_runner_writes_is_read_back_whole(tmp_path):
    entry = {"status": "ok", "seconds": 1.5, "html": "r.html", "pdf": {"file": "r.pdf", "page_sha256": "a" * 64}}
    written = {"reports": {"r": {**entry, "title": "T"}}, "jobs": ["r"], "last_build_at": "2026-12-07T09:00:00+09:00"}
    (tmp_path / "manifest.json").write_text(json.dumps(written), encoding="utf-8")
    assert owned.read_manifest(tmp_path) == written
    assert owned.recorded_reports(tmp_path) == {"r"}


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], capture_output=True)
    return mounted.returncode == 0


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` but for about ``leave`` bytes (room for the kernels' connection files,
    not for a report)."""
    reserve = folder / "reserve"
    reserve.write_bytes(b"\0" * leave)
    for name, chunk in (("filler", 65536), ("filler-small", 1)):
        try:
            with (folder / name).open("wb") as handle:
                while True:
                    handle.write(b"\0" * chunk)
                    handle.flush()
        except OSError:  # full (also when even a new file cannot be made)
            pass
    reserve.unlink()


@pytest.mark.notebooks
@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="mounts a tmpfs (root)")
@pytest.mark.parametrize("room", [16 * 1024, 256 * 1024], ids=["16 KiB", "256 KiB"])
def test_a_full_disk_leaves_every_file_whole_and_the_last_good_report_in_place(built_reports, tmp_path, room):
    """The old runner left executed/<report>.ipynb cut short when the disk filled: papermill wrote it in place.
    With a little room or none, each file is the last build's or a new one whole; the page stays the last good."""
    import nbformat

    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "256m"):
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        out = disk / "reports"
        shutil.copytree(built_reports[0], out)
        _fill(disk, room)
        before = folder_snapshot(out)
        code, log = build_reports(out, "--force", "--no-pdf", "--only", LIGHT)
        assert code == ExitCode.WRITE, log
        assert "No space left on device" in log.err and "Traceback" not in log.err
        after = folder_snapshot(out)
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        assert changed <= {f"executed/{LIGHT}.ipynb", f"errors/{LIGHT}.html", "manifest.json", "index.html"}, changed
        assert after[f"{LIGHT}.html"] == before[f"{LIGHT}.html"], "the last good report stays"
        nbformat.reads(after[f"executed/{LIGHT}.ipynb"].decode("utf-8"), as_version=4)  # whole, old or new
        manifest = json.loads(after["manifest.json"])
        assert manifest["reports"][LIGHT]["status"] in ("ok", "write_error")
        assert after["index.html"].rstrip().endswith(b"</html>")
        staged = [*out.rglob(".*.tmp"), *out.glob("figures/.*"), *out.glob("executed/.*"), *out.glob(".runtime")]
        assert staged == [], "nothing staged is left"
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.notebooks
@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="mounts a tmpfs (root)")
def test_a_read_only_home_leaves_nothing_in_the_temporary_folder(tmp_path):
    """systemd's ProtectHome=read-only: IPython and matplotlib would make temporary folders of their own."""
    home, private_tmp = tmp_path / "home", tmp_path / "tmp"
    private_tmp.mkdir()
    home.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(home)], capture_output=True)
    if mounted.returncode:
        pytest.skip("mounting a read-only tmpfs is not permitted here")
    try:
        env = {**os.environ, "HOME": str(home), "TMPDIR": str(private_tmp)}
        env.pop("MPLCONFIGDIR", None)
        env.pop("IPYTHONDIR", None)
        run = subprocess.run(
            [CLI, "build", "--no-pdf", "--out", str(tmp_path / "out"), "--only", LIGHT],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
            cwd=paths.PROJECT_ROOT,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert sorted(p.name for p in private_tmp.iterdir()) == [], "left in the temporary folder"
        assert not (tmp_path / "out" / ".runtime").exists()
    finally:
        subprocess.run(["umount", str(home)], check=False)
