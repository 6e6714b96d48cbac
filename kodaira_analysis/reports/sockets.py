"""Where a build's Unix sockets live: its runtime folder, or a short folder of its own when that path is too long.

Kernels talk over Unix sockets, never TCP: a TCP port is picked before the kernel binds
it, so kernels started at the same moment can pick the same one, and one of them dies. A socket file's
path holds at most 107 bytes, though, and a reports folder deep in a home or a CI workspace makes
``<out>/.runtime/k-0123456789ab-5`` longer than that. The sockets then go to a folder made for the
build with ``mkdtemp`` (owner-only) in the first of $XDG_RUNTIME_DIR, the temporary folder and /tmp
where the path fits, and the runtime folder holds a link to it (``sockets``). Whoever removes a
runtime folder removes that folder too (``remove_runtime``), including a killed build's, which the
next build removes (owned.remove_leftovers): the link records that the build made it.

(Linux's abstract socket names would need no folder, but any local user can connect to them: a
kernel's output would be readable by all, and a name could be taken first by someone else.)
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

#: Bytes a socket's path may take (sun_path holds 107, with its terminating NUL).
MAX_PATH_BYTES = 100
#: The longest name a socket gets in its folder: a kernel's channel (kernels.new_manager) with its port.
LONGEST_NAME = "k-0123456789ab-12345"
#: In a runtime folder too deep for socket files: the link to the folder that holds them.
LINK = "sockets"
#: How the folders made here begin (only such folders, owned by this user, are ever removed).
PREFIX = "kodaira-sockets-"


def fits(folder: Path) -> bool:
    """Whether every socket of a build fits in ``folder``."""
    return len(str(folder / LONGEST_NAME).encode()) <= MAX_PATH_BYTES


def folder(runtime: Path) -> Path | None:
    """The folder for the sockets of the build whose runtime folder is ``runtime`` (None: no such folder).

    Safe to call from every process of a build at once: the first to link a folder wins, the others
    use it.
    """
    if fits(runtime):
        return runtime
    link = runtime / LINK
    linked = _linked(link)
    if linked is not None:
        return linked
    base = _short_base()
    if base is None:
        return None
    made = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))  # mode 0700
    try:
        link.symlink_to(made)
    except FileExistsError:  # another process of this build linked one first
        made.rmdir()
        return _linked(link)
    return made


def remove_runtime(runtime: Path) -> None:
    """Remove a runtime folder, and the socket folder it links to (if this user's, and made here)."""
    linked = _linked(runtime / LINK)
    if linked is not None:
        shutil.rmtree(linked, ignore_errors=True)
    shutil.rmtree(runtime, ignore_errors=True)


def _linked(link: Path) -> Path | None:
    """The folder ``link`` points to, if it is one this module makes: owner-only, ours, named so."""
    try:
        target = link.readlink()
        info = target.lstat()
    except OSError:
        return None
    ours = (
        target.is_absolute()
        and target.name.startswith(PREFIX)
        and stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )
    return target if ours else None


def _short_base() -> Path | None:
    """The first folder in which a socket folder's paths fit: $XDG_RUNTIME_DIR, the temporary folder, /tmp."""
    room = Path(PREFIX + "x" * 8)  # mkdtemp adds 8 characters
    for candidate in (os.environ.get("XDG_RUNTIME_DIR"), tempfile.gettempdir(), "/tmp"):
        if candidate and Path(candidate).is_dir() and os.access(candidate, os.W_OK) and fits(Path(candidate) / room):
            return Path(candidate)
    return None
