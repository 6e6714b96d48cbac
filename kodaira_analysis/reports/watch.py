"""Wait for files to change: watchfiles when it is installed, else polling modification times.

Used by ``kodaira-reports preview``. Both ways return the set of changed paths
after a short quiet period, so that an editor's save (write, rename, touch)
counts as one change.
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
    """Changes in some folders (recursively) and files; :meth:`wait` blocks until there are some.

    Folders are watched with watchfiles (inotify and the like) when it is installed; single files
    (reports.yml, a notebook) are compared by modification time and size on every wake-up, so a
    file replaced by an editor's rename is still seen. Without watchfiles, or with ``poll`` set,
    everything is polled.
    """

    def __init__(
        self, folders: Iterable[Path], files: Iterable[Path], stop: threading.Event, *, poll: float | None = None
    ) -> None:
        self.folders = sorted({Path(f).resolve() for f in folders if Path(f).is_dir()})
        self.files = sorted({Path(f).resolve() for f in files})
        # The single files' folders are watched too, so that a save is seen at once (then compared, see wait),
        # except a folder that holds a watched one (the project's root: that would watch the whole tree).
        self._file_dirs = sorted(
            {f.parent for f in self.files if f.parent.is_dir()}
            - {d for d in (f.parent for f in self.files) if any(d == w or d in w.parents for w in self.folders)}
        )
        self.stop = stop
        self.poll = poll
        self.backend = "polling"
        self._changes = None
        if poll is None:
            try:
                import watchfiles

                # step: wait this long for more changes (ms); debounce: at most this long in all;
                # rust_timeout + yield_on_timeout: wake up every 0.2 s to compare the single files
                # (a file replaced where no event reaches its folder, e.g. on some network drives).
                self._changes = watchfiles.watch(
                    *self.folders,
                    *self._file_dirs,
                    stop_event=stop,
                    step=30,
                    debounce=300,
                    rust_timeout=200,
                    yield_on_timeout=True,
                    raise_interrupt=True,
                )
                self.backend = "watchfiles"
            except ImportError:
                self.poll = 0.2
        self._snapshot = self._scan(self.files if self._changes is not None else [*self.files, *self.folders])

    @staticmethod
    def _scan(targets: Iterable[Path]) -> dict[Path, tuple[int, int]]:
        state = {}
        for target in targets:
            files = (p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
            for path in files:
                try:
                    stat = path.stat()
                except (FileNotFoundError, NotADirectoryError):
                    continue
                state[path] = (stat.st_mtime_ns, stat.st_size)
        return state

    def _compare(self, targets: Iterable[Path]) -> set[Path]:
        current = self._scan(targets)
        changed = {p for p in current.keys() | self._snapshot.keys() if current.get(p) != self._snapshot.get(p)}
        self._snapshot = current
        return changed

    def _in_folders(self, path: Path) -> bool:
        return any(folder in path.parents for folder in self.folders)

    def wait(self) -> set[Path]:
        """The relevant paths that changed since the last call; empty when stopped."""
        while not self.stop.is_set():
            if self._changes is not None:
                try:
                    batch = next(self._changes)
                except StopIteration:
                    return set()
                # An event on a single file only wakes this up: whether it changed is its time and size (an
                # event that arrives after the comparison already saw the change must not count twice).
                changed = {Path(path) for _, path in batch if self._in_folders(Path(path))} | self._compare(self.files)
            else:
                self.stop.wait(self.poll)
                changed = self._compare([*self.files, *self.folders])
            changed = {p for p in changed if relevant(p)}
            if changed:
                return changed
        return set()


def poll_interval_from_env() -> float | None:
    """KODAIRA_PREVIEW_POLL=SECONDS forces polling (e.g. on network file systems where events do not arrive)."""
    value = os.environ.get("KODAIRA_PREVIEW_POLL")
    return float(value) if value else None
