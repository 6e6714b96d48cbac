"""Put a new processed folder in place of the old one so that a complete copy is there at every instant.

Only a processed folder is ever replaced (:func:`check_output_folder`); the swap is one atomic exchange
where the system can (Linux), two renames undone on failure elsewhere, and a backup left by a crash in
between is restored by the next build, never deleted (:func:`recover`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.plan.freshness import MANIFEST, read_manifest


class OutputFolderError(KodairaError):
    """The data build was asked to write into a folder it does not own (data/, data/raw, a user's folder)."""


#: The files a processed folder may hold that the build did not write.
_KEPT = {".gitkeep"}


def check_output_folder(processed_dir: Path, raw_dir: Path = paths.RAW_DIR) -> None:
    """Refuse any --out but a processed folder: missing, empty, or holding this build's _build.json.

    The swap replaces the folder whole, so anything else in it would be deleted.

    Raises:
        OutputFolderError: naming the folder and why it is refused.
    """
    target = Path(processed_dir).absolute()
    resolved = target.resolve()
    protected = {paths.PROJECT_ROOT, paths.DATA_DIR, paths.RAW_DIR, paths.EXTERNAL_DIR, Path(raw_dir).resolve()}
    for folder in protected:
        folder = Path(folder).resolve()
        if resolved == folder or folder.is_relative_to(resolved) or resolved.is_relative_to(Path(raw_dir).resolve()):
            raise OutputFolderError(
                f"{target} is (or holds) {folder}: the data build replaces its output folder whole, so it writes "
                "only into a processed folder (default data/processed). Nothing was changed."
            )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputFolderError(f"{target} is not a folder. Nothing was changed.")
    if not target.exists():
        return
    contents = {p.name for p in target.iterdir()} - _KEPT
    if not contents:
        return
    if read_manifest(target) is None:
        raise OutputFolderError(
            f"{target} is not empty and holds no {MANIFEST} of a data build, so it is not a processed folder "
            f"(it holds e.g. {sorted(contents)[:3]}). The build replaces its output folder whole; give an empty "
            "or new folder, or a folder a previous build wrote. Nothing was changed."
        )


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def swap_in(staging: Path, processed_dir: Path) -> None:
    """Put staging in place of processed_dir so that a complete copy is there at every instant.

    Where the system can (Linux), the two folders are exchanged in one atomic step and the old one is
    removed. Elsewhere the old folder is renamed to a backup, the new one into place, and on a failure in
    between the backup is renamed back; a crash in between leaves the backup, which the next build
    restores (see :func:`recover`).
    """
    if not processed_dir.exists():
        staging.replace(processed_dir)
        return
    if _exchange(staging, processed_dir):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old tables
        return
    backup = processed_dir.with_name(f".{processed_dir.name}.old-{os.getpid()}")
    processed_dir.replace(backup)
    try:
        staging.replace(processed_dir)
    except BaseException:
        backup.replace(processed_dir)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _leftovers(processed_dir: Path, kind: str) -> list[Path]:
    import re

    pattern = re.compile(rf"\.{re.escape(processed_dir.name)}\.{kind}-[0-9]+")
    return [p for p in processed_dir.parent.glob(f".{processed_dir.name}.{kind}-*") if pattern.fullmatch(p.name)]


def recover(processed_dir: Path) -> None:
    """Restore a backup a crash left between the two renames; remove this build's own staging leftovers.

    Only names this module writes (``.<name>.tmp-<pid>``, ``.<name>.old-<pid>``) are touched.
    """
    backups = [p for p in _leftovers(processed_dir, "old") if read_manifest(p) is not None]
    if not processed_dir.exists() and backups:
        max(backups, key=lambda p: p.stat().st_mtime).replace(processed_dir)
    for leftover in [*_leftovers(processed_dir, "tmp"), *_leftovers(processed_dir, "old")]:
        shutil.rmtree(leftover, ignore_errors=True)
