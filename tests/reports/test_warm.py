"""The kernels' Unix sockets (reports/warm.py): under a deep runtime folder they go to a short owner-only folder
named after it, which a later build finds by that name (after a SIGKILL too); a folder of that name not ours is
refused and left alone."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kodaira_analysis.reports import warm
from kodaira_analysis.reports.model import FolderError


@pytest.fixture
def deep(tmp_path, monkeypatch):
    """A runtime folder too deep for a socket's path; its socket folder removed after the test, whatever it is."""
    for name in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        monkeypatch.delenv(name, raising=False)  # install_kernelspec sets them: restored after
    runtime = tmp_path / ("d" * 60) / ("e" * 60) / ".runtime"
    runtime.mkdir(parents=True, mode=0o700)
    sockets = warm.short_folder(runtime)
    yield runtime
    if sockets.is_symlink() or sockets.is_file():
        sockets.unlink()
    elif sockets.exists():
        sockets.chmod(0o700)
        shutil.rmtree(sockets)


def test_a_short_runtime_folder_holds_its_own_sockets(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    monkeypatch.delenv("JUPYTER_RUNTIME_DIR", raising=False)
    warm.install_kernelspec(tmp_path)
    assert warm.short_folder(tmp_path) is None
    assert Path(warm.new_manager().ip).parent == tmp_path


def test_a_deep_runtime_folder_gets_a_short_owner_only_folder_named_after_it(deep):
    warm.install_kernelspec(deep)
    sockets = warm.short_folder(deep)
    assert re.fullmatch(rf"/tmp/kodaira-sockets-{os.getuid()}-[0-9a-f]{{16}}", str(sockets)), sockets
    assert warm.short_folder(deep) == sockets != warm.short_folder(deep.parent / "other")
    info = sockets.lstat()
    assert sockets.is_dir() and not sockets.is_symlink() and info.st_mode & 0o777 == 0o700
    assert info.st_uid == os.getuid()
    assert not (deep / "sockets").exists() and not any(p.is_symlink() for p in deep.iterdir()), "no link needed"
    km = warm.new_manager()
    assert km.transport == "ipc" and Path(km.ip).parent == sockets
    assert len(os.fsencode(f"{km.ip}-65535")) <= 107, "a socket's path fits sun_path"
    warm.install_kernelspec(deep)  # again (a leftover of ours is taken as it is)
    warm.remove_runtime(deep)
    assert not sockets.exists() and not deep.exists()


def test_a_killed_process_s_socket_folder_is_removed_by_the_next_one(deep):
    code = textwrap.dedent(
        """
        import os, pathlib, signal, sys
        from kodaira_analysis.reports import warm
        warm.install_kernelspec(pathlib.Path(sys.argv[1]))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    run = subprocess.run([sys.executable, "-c", code, str(deep)], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    sockets = warm.short_folder(deep)
    assert sockets.is_dir(), "the killed process left its socket folder"
    warm.remove_runtime(deep)  # as the next build does first (owned.remove_leftovers)
    assert not sockets.exists() and not deep.exists()


def _link(sockets: Path, elsewhere: Path) -> None:
    sockets.symlink_to(elsewhere, target_is_directory=True)


def _open_to_others(sockets: Path, elsewhere: Path) -> None:
    sockets.mkdir(mode=0o700)
    sockets.chmod(0o755)
    (sockets / "kept.txt").write_text("someone's", encoding="utf-8")


def _a_file(sockets: Path, elsewhere: Path) -> None:
    sockets.write_text("someone's", encoding="utf-8")


def _another_user_s(sockets: Path, elsewhere: Path) -> None:
    sockets.mkdir(mode=0o700)
    (sockets / "kept.txt").write_text("someone's", encoding="utf-8")
    os.chown(sockets, 65534, 65534)


CASES = [_link, _open_to_others, _a_file]
if os.getuid() == 0:  # only root can give a folder to another user; as another user, only root could take it
    CASES.append(_another_user_s)


@pytest.mark.parametrize("make", CASES)
def test_a_socket_folder_not_ours_is_refused_and_left_alone(deep, tmp_path, make):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / "kept.txt").write_text("someone's", encoding="utf-8")
    sockets = warm.short_folder(deep)
    make(sockets, elsewhere)
    before = sockets.lstat()
    with pytest.raises(FolderError, match="is not the runner's socket folder for"):
        warm.install_kernelspec(deep)
    warm.remove_runtime(deep)
    assert not deep.exists()
    after = sockets.lstat()
    assert (after.st_mode, after.st_uid, after.st_ino) == (before.st_mode, before.st_uid, before.st_ino)
    assert (elsewhere / "kept.txt").read_text(encoding="utf-8") == "someone's"
    if sockets.is_dir() and not sockets.is_symlink():
        assert (sockets / "kept.txt").read_text(encoding="utf-8") == "someone's"
