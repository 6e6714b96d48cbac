"""Where a build's Unix sockets live: a file in its runtime folder, or a name when the folder's path is too long.

A Unix socket's path holds at most 107 bytes. A reports folder deep in a home or a CI workspace can
make ``<out>/.runtime/k-0123456789ab-5`` longer than that. Falling back to TCP, as jupyter_client
does, lets kernels started at the same moment pick the same port (a port is chosen before the
kernel binds it) and one of them dies. The fallback here is Linux's abstract namespace instead: a
name no file stands for, unique by construction, gone when its last socket closes (nothing to
clean up after ``kill -9``).

An abstract name has no file permissions; what guards it is what guards a kernel on TCP's loopback
(messages are signed with the key in the connection file, which stays in the owner-only runtime
folder) and, for the zygote, the peer's credentials, checked on every request.

Addresses are written with a leading ``@``, as ZeroMQ writes them; ``for_python`` turns one into what
Python's ``socket`` module binds.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

#: Bytes left for a socket's path, with room for ZeroMQ's ``-<port>`` suffix (sun_path holds 107).
MAX_PATH_BYTES = 100


def abstract_supported() -> bool:
    """Whether the abstract namespace exists here (Linux)."""
    return sys.platform.startswith("linux")


def address(folder: Path, name: str) -> str | None:
    """``folder/name`` if the path fits; else a fresh abstract name (Linux), else None (no Unix socket)."""
    path = str(folder / name)
    if len(path.encode()) <= MAX_PATH_BYTES:
        return path
    if abstract_supported():
        return f"@kodaira-{name}-{uuid.uuid4().hex}"
    return None


def is_abstract(address: str) -> bool:
    """Whether ``address`` is an abstract name (no file stands for it)."""
    return address.startswith("@")


def for_python(address: str) -> str:
    """The address as ``socket.bind`` and ``socket.connect`` take it (an abstract name begins with NUL)."""
    return "\0" + address[1:] if is_abstract(address) else address
