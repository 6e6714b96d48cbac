"""Wait for files to change, for ``kodaira-reports preview`` (watchfiles).

Folders are watched recursively. Single files (reports.yml, a notebook and its .py) are compared by
modification time and size whenever watchfiles wakes up (an event in their folder, or every 0.2 s), so a file
an editor replaces by a rename is seen too, and a save (write, rename, touch) counts once; their folders are
watched unless one holds a watched folder (the project's root would watch the whole tree). Where events do
not arrive (some network drives), watchfiles' own ``WATCHFILES_FORCE_POLLING=1`` polls.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

#: Files that never matter to a report: caches, editors' and our own temporary files.
_IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".git", ".mypy_cache", ".ruff_cache"}
_IGNORED_SUFFIXES = (".tmp", ".pyc", ".swp", "~")


def relevant(path: Path) -> bool:
    """Whether a changed path can change a report (not a cache, checkpoint or temporary file)."""
    return not (_IGNORED_PARTS & set(path.parts) or path.name.startswith(".") or path.name.endswith(_IGNORED_SUFFIXES))


class Watcher:
    """Changes in some folders (recursively) and files; :meth:`wait` blocks until there are some, or ``stop``."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path], stop: threading.Event) -> None:
        import watchfiles

        self.folders = sorted({Path(f).resolve() for f in folders if Path(f).is_dir()})
        self.files = sorted({Path(f).resolve() for f in files})
        file_dirs = {f.parent for f in self.files if f.parent.is_dir()}
        file_dirs -= {d for d in file_dirs if any(d == w or d in w.parents for w in self.folders)}
        # step: wait this long for more changes (ms); debounce: at most this long in all
        self._changes = watchfiles.watch(
            *self.folders, *sorted(file_dirs), stop_event=stop, step=30, debounce=300, rust_timeout=200,
            yield_on_timeout=True, raise_interrupt=False,
        )  # fmt: skip
        self._snapshot = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        return {p: (info.st_mtime_ns, info.st_size) for p in self.files if (info := _stat(p)) is not None}

    def wait(self) -> set[Path]:
        """The relevant paths that changed since the last call; empty when stopped."""
        for batch in self._changes:
            current = self._scan()  # a single file's event only wakes this up: its time and size say if it changed
            changed = {p for p in current.keys() | self._snapshot.keys() if current.get(p) != self._snapshot.get(p)}
            self._snapshot = current
            changed |= {Path(p) for _, p in batch if any(folder in Path(p).parents for folder in self.folders)}
            if changed := {p for p in changed if relevant(p)}:
                return changed
        return set()


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
