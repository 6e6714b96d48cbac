"""Loaded by every Python process of the test session (via PYTHONPATH): no network.

Connections and name lookups to anything but this machine are refused before
a packet leaves, and logged to $KODAIRA_NETWORK_LOG, which the test session
asserts empty at its end.
"""

import os
import socket

_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _is_local(host) -> bool:
    return host is None or (isinstance(host, str) and (host.startswith(_LOCAL) or host == ""))


def _refuse(what: str, host, port) -> None:
    log = os.environ.get("KODAIRA_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:  # noqa: PTH123 - kept import-light
            handle.write(f"pid {os.getpid()}: {what} {host}:{port}\n")
    raise OSError(f"network access is blocked in the test suite: {what} {host}:{port}")


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse("connect", address[0], address[1])
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse("connect", address[0], address[1])
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, port, *args, **kwargs):
    if not _is_local(host):
        _refuse("lookup", host, port)
    return _getaddrinfo(host, port, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
