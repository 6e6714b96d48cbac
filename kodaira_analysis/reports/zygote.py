"""A kernel factory for builds of several reports: one process imports once, every kernel is a fork of it.

Each report runs in a kernel of its own (a clean namespace), and booting one
costs about two seconds of CPU: the interpreter, ipykernel, pandas, matplotlib,
seaborn and the library, then the Japanese font and a first figure. A build of
many reports pays that once per report. Here one process (the *zygote*) pays
it once per build; each kernel is then a ``fork()`` of it that starts ipykernel
with its own connection file. The child has the modules in ``sys.modules`` and
nothing in its user namespace, as a warm kernel (:mod:`.kernels`) has. It
shares the zygote's hash seed (``hash()`` of a string is the same in every
kernel of one build, as it is for a fixed ``PYTHONHASHSEED``); it gets fresh
random state.

How a kernel is asked for: jupyter_client launches the build's kernelspec,
``python -m kodaira_analysis.reports.lifetime -f CONNECTION``, as for any
kernel. When ``$KODAIRA_ZYGOTE`` names this factory's socket, that small
process (the *proxy*) sends its arguments, folder, environment and standard
streams to the zygote, which checks the request, forks the kernel and answers
its pid. The proxy stays as the process jupyter_client manages: it passes on
the signals it receives to the kernel, and exits as the kernel
exits (with its exit code, or killed by the same signal), told by the zygote.

Lifetimes, all enforced by the operating system or by the zygote, never by a
thread inside the kernel (a cell busy in native code holds the GIL):

- the zygote dies with the process that started it (``PR_SET_PDEATHSIG``): the
  build, which also stops it when its jobs are done;
- a kernel dies with the zygote (``PR_SET_PDEATHSIG`` again);
- when a proxy dies, however it dies, the zygote kills its kernel's process
  group, and when a kernel exits the zygote kills what is left of its group
  (processes a notebook started), as jupyter_client does for a kernel it
  started itself.

When no zygote answers in time, the proxy starts ipykernel itself, as before.
Linux only (pidfds, SEQPACKET sockets, peer credentials); elsewhere nothing
changes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from kodaira_analysis.reports import sockets

log = logging.getLogger(__name__)

#: The variable that tells a kernel proxy where the build's zygote listens.
ENV = "KODAIRA_ZYGOTE"
#: How long a proxy waits for its kernel's pid: below papermill's 60 s start timeout, so that a zygote still
#: warming up on a crowded machine costs a fallback, not a failed report.
ANSWER_SECONDS = 30
#: How long the zygote waits for a request once a proxy has connected (one request at a time).
REQUEST_SECONDS = 2
_MESSAGE_BYTES = 1 << 20
#: How long the build waits for the zygote to stop its kernels' groups before it kills the zygote.
STOP_SECONDS = 5
_PR_SET_PDEATHSIG = 1


def supported() -> bool:
    """Whether kernels can be forked here (Linux: fork, pidfds, SEQPACKET sockets, peer credentials)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "pidfd_open")
        and hasattr(socket, "send_fds")
        and hasattr(socket, "SO_PEERCRED")
    )


# -- the build's side -------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(runtime: Path) -> Iterator[str | None]:
    """Run a zygote for the duration of the block; kernels started meanwhile are its forks.

    Yields the socket's path (also put in ``$KODAIRA_ZYGOTE``), or None where forking is not supported
    or ``$KODAIRA_NO_ZYGOTE`` is set; when a zygote of this build already serves (the command line's
    head start), yields that one. On the way out the zygote is killed (its warm-up writes no file, so
    SIGKILL leaves nothing half-written; its kernels die with it), its socket removed and the
    variable restored.
    """
    if not supported() or os.environ.get("KODAIRA_NO_ZYGOTE"):
        yield None
        return
    running = os.environ.get(ENV)
    if running:
        yield running
        return
    folder = sockets.folder(runtime)  # the runtime folder, or a short one it links to
    if folder is None:
        yield None
        return
    address = str(folder / "zygote.sock")
    with (runtime / "zygote.log").open("ab") as log:  # why a zygote failed, should one fail (in the runtime folder)
        process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.zygote", address],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd=str(runtime),
        )
    os.environ[ENV] = address
    try:
        yield address
    finally:
        os.environ.pop(ENV, None)
        failed = process.poll() is not None  # it left before the build was done with it
        _stop(process)
        Path(address).unlink(missing_ok=True)
        _report(runtime / "zygote.log", failed)


def _stop(process: subprocess.Popen) -> None:
    """Stop the zygote: SIGTERM, then SIGKILL if it has not left within a few seconds.

    On SIGTERM it kills its kernels' process groups (what their notebooks started too) and leaves; on
    SIGKILL its kernels die with it (PDEATHSIG), but what they started may not.
    """
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _report(log_file: Path, failed: bool) -> None:
    """Put what went wrong in the zygote into the build's log (its own log goes with the runtime folder)."""
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    if failed or "Traceback" in text:
        tail = "\n".join(text.strip().splitlines()[-15:]) or "(nothing in zygote.log)"
        what = "stopped early; kernels were started one by one instead" if failed else "reported an error"
        log.warning("the kernel zygote %s:\n%s", what, tail)


# -- the zygote ---------------------------------------------------------------------------------------


def _die_with_parent(signum: signal.Signals = signal.SIGKILL) -> None:
    import ctypes

    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    if parent == 1 or os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _warm() -> None:
    """Import what every report imports, and draw a first figure. Reads no table and writes no file."""
    import importlib
    import pkgutil

    from kodaira_analysis.present.style import (
        draw_first_figure,  # what a kernel does first (see tests/test_architecture)
    )

    from .kernels import WARM_MODULES

    # as ipykernel sets it before any notebook imports matplotlib
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in WARM_MODULES:
        importlib.import_module(name)
    draw_first_figure()
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401

    import kodaira_analysis

    for module in pkgutil.walk_packages(kodaira_analysis.__path__, "kodaira_analysis."):
        if not module.name.startswith("kodaira_analysis.reports"):  # the runner's side: papermill, nbconvert
            importlib.import_module(module.name)  # every topic a notebook may import: paid once, not per report


class _Kernel:
    """A forked kernel as the zygote tracks it: its pid, the proxy standing in for it, and their pidfds."""

    def __init__(self, pid: int, proxy: int, connection: socket.socket) -> None:
        self.pid, self.connection = pid, connection
        self.kernel_fd = os.pidfd_open(pid)
        try:
            self.proxy_fd = os.pidfd_open(proxy)
        except OSError:  # the proxy is already gone: its kernel goes too
            self.proxy_fd = -1
            _kill_group(pid)


def _leave(_signum, _frame) -> None:
    """SIGTERM from the build: kill every kernel's process group (its notebook's children too), then exit."""
    for pid in list(_tracked):
        _kill_group(pid)
    os._exit(0)


def _kill_group(pid: int) -> None:
    """SIGKILL to the kernel's process group, or to the kernel alone if it has not made its group yet.

    (Just forked, it has started nothing.) ``pid`` must not have been reaped yet.
    """
    try:
        os.killpg(pid, signal.SIGKILL)  # the kernel leads its own group (setsid after fork)
    except ProcessLookupError:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def serve(address: str) -> None:
    """The zygote's main loop: listen first (proxies may queue), warm up, then serve requests and watch kernels."""
    signal.signal(signal.SIGTERM, _leave)  # how the build stops us: with every kernel's process group
    _die_with_parent(signal.SIGTERM)  # a build killed with SIGKILL stops us the same way
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; the build stops us
    if sys.path and sys.path[0] in ("", str(Path.cwd())):
        sys.path.pop(0)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    old_mask = os.umask(0o177)
    try:
        server.bind(address)  # owner-only, in a folder only the owner can enter
    finally:
        os.umask(old_mask)
    server.listen(64)
    try:
        _warm()
    except Exception:
        import traceback

        traceback.print_exc()  # into zygote.log beside the socket
        return  # the proxies' connections are refused, and each starts its kernel itself
    watch = selectors.DefaultSelector()
    watch.register(server, selectors.EVENT_READ, None)
    while True:
        for key, _ in watch.select():
            try:
                _handle(key, server, watch)
            except Exception:  # one kernel's trouble never stops the factory (and with it every kernel)
                import traceback

                traceback.print_exc()


def _handle(key: selectors.SelectorKey, server: socket.socket, watch: selectors.BaseSelector) -> None:
    """One event: a request, a proxy that died, or a kernel that exited."""
    kernel: _Kernel | None = key.data
    if kernel is None:
        started = _accept(server, watch)
        if started is not None:
            _tracked[started.pid] = started
            watch.register(started.kernel_fd, selectors.EVENT_READ, started)
            if started.proxy_fd >= 0:
                watch.register(started.proxy_fd, selectors.EVENT_READ, started)
    elif _tracked.get(kernel.pid) is not kernel:
        return  # finished earlier in this round of events (its proxy and its exit were both ready)
    elif key.fd == kernel.proxy_fd:  # the proxy died: so does the kernel (its exit is seen next)
        watch.unregister(kernel.proxy_fd)
        os.close(kernel.proxy_fd)
        kernel.proxy_fd = -1
        _kill_group(kernel.pid)
    elif key.fd == kernel.kernel_fd:  # the kernel exited: stop what it left running, reap it, tell its proxy how
        watch.unregister(kernel.kernel_fd)
        del _tracked[kernel.pid]
        if kernel.proxy_fd >= 0:
            watch.unregister(kernel.proxy_fd)
            os.close(kernel.proxy_fd)
            kernel.proxy_fd = -1
        _finish(kernel)


#: The kernels running, by pid (a new kernel closes what the zygote holds for the others).
_tracked: dict[int, _Kernel] = {}


def _finish(kernel: _Kernel) -> None:
    _kill_group(kernel.pid)  # before the reaping: until then its id cannot be given to another process
    _, status = os.waitpid(kernel.pid, 0)
    os.close(kernel.kernel_fd)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    with contextlib.suppress(OSError):
        kernel.connection.sendall(json.dumps({"exit": code}).encode())
    kernel.connection.close()


def _accept(server: socket.socket, watch: selectors.BaseSelector) -> _Kernel | None:
    """Take one request: check who asks and what, fork the kernel, answer its pid. None when refused."""
    connection, _ = server.accept()
    fds: list[int] = []
    try:
        connection.settimeout(REQUEST_SECONDS)  # a client that connects and says nothing holds up no one
        peer, uid = _peer(connection)
        if uid != os.getuid():
            raise PermissionError("only this build's own user may ask for a kernel")
        message, fds, _, _ = socket.recv_fds(connection, _MESSAGE_BYTES, 3)
        request = _checked(json.loads(message), len(fds))
        if _hung_up(connection):  # the proxy gave up waiting and started a kernel itself: one is enough
            raise ConnectionAbortedError("the proxy is gone")
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # the child must not run _leave
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                _close_inherited(server, watch)
                code = _become_kernel(connection, request, fds)
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        try:
            kernel = _Kernel(pid, peer, connection)  # the proxy is the peer itself, whatever the request says
        except OSError:  # cannot watch it: it must not run
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        connection.settimeout(None)
        try:
            connection.sendall(json.dumps({"pid": pid}).encode())
        except OSError:  # the proxy hung up meanwhile (it starts a kernel itself): this one must not run
            _kill_group(pid)
            os.waitpid(pid, 0)
            for fd in (kernel.kernel_fd, kernel.proxy_fd):
                if fd >= 0:
                    os.close(fd)
            raise
        return kernel
    except Exception as exc:  # a bad request is answered and refused, never fatal to the factory
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
        connection.close()
        return None
    finally:
        for fd in fds:
            os.close(fd)


def _peer(connection: socket.socket) -> tuple[int, int]:
    """The pid and uid of the process at the other end of a Unix socket (SO_PEERCRED)."""
    pid, uid, _gid = struct.unpack(
        "3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    )
    return pid, uid


def _hung_up(connection: socket.socket) -> bool:
    """Whether the peer has closed its end (its request may still be waiting to be read)."""
    import select

    poller = select.poll()
    poller.register(connection, select.POLLRDHUP)
    return any(events & (select.POLLRDHUP | select.POLLHUP) for _, events in poller.poll(0))


def _checked(request: object, fds: int) -> dict:
    """The request if it is one a proxy sends (``-f`` and a connection file, a folder, an environment)."""
    if not isinstance(request, dict) or fds != 3:
        raise ValueError("a request is a mapping sent with three streams")
    argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
    if not (isinstance(argv, list) and len(argv) == 2 and argv[0] == "-f" and isinstance(argv[1], str)):
        raise ValueError("the only arguments a kernel takes here are -f CONNECTION_FILE")
    if not (isinstance(cwd, str) and Path(cwd).is_dir()):
        raise ValueError("the working folder must exist")
    if not (isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())):
        raise ValueError("the environment must map names to strings")
    return {"argv": argv, "cwd": cwd, "env": env}


def _close_inherited(server: socket.socket, watch: selectors.BaseSelector) -> None:
    """In the forked child: close what the zygote holds (its socket, its watch, the other kernels' handles)."""
    server.close()
    watch.close()
    for other in _tracked.values():
        for fd in (other.kernel_fd, other.proxy_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        other.connection.close()
    _tracked.clear()


def _become_kernel(connection: socket.socket, request: dict, fds: list[int]) -> int:
    """In the forked child: take the proxy's streams, folder and environment, then run ipykernel."""
    _die_with_parent()  # the zygote
    connection.close()
    os.setsid()  # a process group of its own: the zygote kills it whole
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
    for fd in fds:
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import tempfile

    import numpy

    tempfile.tempdir = None  # found again from this environment's TMPDIR
    numpy.random.seed()  # fresh entropy, as a new process would have (Python's random reseeds itself on fork)
    # ipykernel read $JPY_PARENT_PID when the zygote imported it (as 0). A parent handle of 1 keeps its
    # console banner off and its parent poller (a thread) off: the zygote and the OS enforce the lifetime.
    argv = [*request["argv"], "--IPKernelApp.parent_handle=1"]
    sys.argv = [sys.executable, *argv]
    from ipykernel import kernelapp

    try:
        kernelapp.launch_new_instance(argv=argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


# -- the proxy (runs in the process jupyter_client started) ---------------------------------------------


def run_proxy(argv: list[str]) -> int | None:
    """Ask the zygote for a kernel and stand in for it; None when no zygote answers (start one yourself).

    Returns the exit code to exit with (a kernel killed by a signal is re-raised here: this process dies
    of the same signal).
    """
    address = os.environ.get(ENV)
    if not address or not supported():
        return None
    # An interrupt before the kernel exists interrupts nothing (as ipykernel ignores one between cells);
    # left to Python, it would kill this process, and with it the kernel about to start.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    answer = _ask(address, argv)
    if answer is None:
        signal.signal(signal.SIGINT, previous)
        return None
    pid, client = answer
    return _stand_in(pid, client)


def _ask(address: str, argv: list[str]) -> tuple[int, socket.socket] | None:
    """The pid of the kernel the zygote forked for us, and the connection it reports the kernel's exit on."""
    import time

    client = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    deadline = time.monotonic() + ANSWER_SECONDS
    try:
        client.settimeout(ANSWER_SECONDS)
        while True:
            try:
                client.connect(address)
                break
            except FileNotFoundError:  # the zygote, just started, has not bound its socket yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        if _peer(client)[1] != os.getuid():  # only our own zygote gets our environment
            raise PermissionError("the socket's owner is another user")
        env = {k: v for k, v in os.environ.items() if k != ENV}  # the kernel's own children start plainly
        request = {"argv": argv, "cwd": str(Path.cwd()), "env": env}
        socket.send_fds(client, [json.dumps(request).encode()], [0, 1, 2])
        answer = json.loads(client.recv(_MESSAGE_BYTES) or b"{}")
        return int(answer["pid"]), client
    except (OSError, ValueError, KeyError, TypeError):
        client.close()
        return None


def _stand_in(pid: int, client: socket.socket) -> int:
    """Pass on every signal jupyter_client may send to the kernel; return the kernel's exit code.

    (What the kernel started goes with it: the zygote stops the kernel's whole group when it exits.)
    """
    try:
        handle = os.pidfd_open(pid)
    except OSError:
        handle = -1

    def forward(signum, _frame) -> None:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(handle, signum)  # to that process only, never to a reused pid

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, forward)
    client.settimeout(None)
    try:
        message = client.recv(_MESSAGE_BYTES)  # the zygote's word when the kernel exits (recv resumes after signals)
    except OSError:
        message = b""
    client.close()
    if handle >= 0:
        os.close(handle)
    try:
        code = int(json.loads(message)["exit"])
    except (ValueError, KeyError, TypeError):
        return 1  # the zygote died, and its kernels with it
    if code < 0:  # killed by a signal: die of the same one, as the kernel did
        with contextlib.suppress(OSError, ValueError):  # SIGKILL and SIGSTOP have no handler to reset
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        return 128 - code
    return code


if __name__ == "__main__":
    serve(sys.argv[1])
