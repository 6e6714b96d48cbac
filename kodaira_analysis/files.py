"""Files written atomically and read back bounded.

Writes: readers see the old contents or the new, never half of either. Reads of a file the project
wrote or was given (a cache, a record, an edition being copied or downloaded): a regular file only
(a FIFO would block, a device never ends), at most a size limit per kind, a stream cut at the limit.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that readers see the old or the new contents, never half of either."""
    staged = stage_atomic(path, data)
    try:
        staged.replace(path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def stage_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` whole beside ``path`` (``.<name>.<random>.tmp``, synced, readable); return that file.

    Renaming it to ``path`` later puts it in place at once (:func:`write_atomic` does both).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)  # mkstemp creates 0600; a report is for reading
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


#: Size limits of the files the project reads (bytes): far above the real files, far below harm.
PLAN_CSV_LIMIT = 5 * 1024 * 1024
#: An SSDSE-A edition (the README's 100 MB; the largest published is about 5 MB).
SSDSE_EDITION_LIMIT = 100 * 1024 * 1024
#: A record the project writes and reads back: the verification cache, a build manifest (a few kB).
RECORD_LIMIT = 4 * 1024 * 1024
#: A cached or processed table (Parquet; the tidy SSDSE-A table is about 3 MB).
TABLE_CACHE_LIMIT = 512 * 1024 * 1024


def read_regular_file(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """Read a file that must be a regular file of at most ``limit`` bytes.

    A FIFO, device, socket or folder is refused before it is opened for
    reading (a FIFO would block the build forever); so is a symbolic link
    that leads outside ``root`` (default: the file's own folder).

    Raises:
        RawDataError: naming the file and what is wrong with it.
    """
    import stat

    from kodaira_analysis.errors import RawDataError

    path = Path(path)
    name = path.name
    _check_regular(path, limit, root=root)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise RawDataError(name, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped between the checks
            raise RawDataError(name, f"{path} is not a regular file", expected="a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise RawDataError(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise RawDataError(name, f"the file grew past the limit of {limit:,} bytes while being read")
    return data


def read_inside(root: Path, relative: str, limit: int) -> bytes:
    """The bytes of ``root/relative``, following no symbolic link below ``root``; for files served to a browser.

    Every folder under ``root`` and the file itself are opened without following a link, the file
    without blocking (a FIFO is refused, never waited on); it must be a regular file with one name (a
    hard link may lead anywhere) of at most ``limit`` bytes.

    Raises:
        OSError: not there, a link, not a regular file, a second name, or larger than ``limit``.
    """
    import errno
    import stat

    parts = relative.split("/")
    if not relative or any(part in ("", ".", "..") for part in parts):
        raise OSError(errno.EINVAL, f"not a plain relative path: {relative!r}")
    opened: list[int] = []
    try:
        opened.append(os.open(root, os.O_RDONLY | os.O_DIRECTORY))
        for part in parts[:-1]:
            opened.append(os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=opened[-1]))
        opened.append(os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=opened[-1]))
        info = os.fstat(opened[-1])
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_size > limit:
            raise OSError(errno.EPERM, f"{relative}: not a regular file of one name and at most {limit:,} bytes")
        with os.fdopen(os.dup(opened[-1]), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise OSError(errno.EFBIG, f"{relative} grew past {limit:,} bytes while being read")
        return data
    finally:
        for fd in opened:
            os.close(fd)


_CHUNK = 1024 * 1024


def copy_bounded(
    source: Path | BinaryIO, target: Path, limit: int, *, name: str | None = None, sha256: str | None = None
) -> str:
    """Copy ``source`` (a regular file, or a stream such as an HTTP response) to ``target``, at most ``limit`` bytes.

    A file is checked as :func:`read_regular_file` checks it (a FIFO, a device, a file larger than
    ``limit`` refused before a byte is read: an 8 GB sparse file is never read); a stream is read in
    chunks and cut as soon as it passes ``limit``. The bytes go to a staged file beside ``target``,
    put in place only when whole and, given ``sha256``, equal to it; on any failure nothing is left.
    Returns the SHA-256 of what was copied.

    Raises:
        RawDataError: not a regular file, larger than ``limit``, or another SHA-256 than ``sha256``.
    """
    import hashlib

    from kodaira_analysis.errors import RawDataError

    label = name or (source.name if isinstance(source, Path) else target.name)
    handle = _open_regular(source, limit, label) if isinstance(source, Path) else source
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := handle.read(min(_CHUNK, limit + 1 - size)):
                size += len(chunk)
                if size > limit:
                    raise RawDataError(
                        label, f"more than the limit of {limit:,} bytes (cut there)", expected="the file as published"
                    )
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if sha256 is not None and digest.hexdigest() != sha256:
            raise RawDataError(
                label,
                f"SHA-256 {digest.hexdigest()} ({size:,} bytes) differs from the pinned {sha256}: a different or"
                " damaged file; nothing was written",
            )
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if isinstance(source, Path):
            handle.close()
    return digest.hexdigest()


def _open_regular(path: Path, limit: int, label: str) -> BinaryIO:
    """``path`` opened for reading, after the checks of :func:`read_regular_file` (kind, size, link)."""
    import stat

    from kodaira_analysis.errors import RawDataError

    _check_regular(path, limit, root=None)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise RawDataError(label, f"cannot be read ({exc.strerror or exc})") from None
    handle = os.fdopen(fd, "rb")
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:  # swapped between the checks
        handle.close()
        raise RawDataError(label, f"{path} is not a regular file of at most {limit:,} bytes")
    return handle


def _check_regular(path: Path, limit: int, *, root: Path | None) -> None:
    """Refuse what is not a regular file of at most ``limit`` bytes (or a link leading outside ``root``)."""
    import stat

    from kodaira_analysis.errors import RawDataError

    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RawDataError(name, f"file not found at {path}") from None
    except OSError as exc:
        raise RawDataError(name, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device or socket"
        )
        raise RawDataError(name, f"{path} is {kind}, not a regular file", expected="a regular file")
    if path.is_symlink():
        base = Path(root or path.parent).resolve()
        if not path.resolve().is_relative_to(base):
            raise RawDataError(
                name, f"a symbolic link to {path.resolve()}, outside {base}", expected=f"a file inside {base}"
            )
    if info.st_size > limit:
        raise RawDataError(
            name,
            f"the file is {info.st_size:,} bytes, more than the limit of {limit:,}",
            expected="the file as published",
        )
