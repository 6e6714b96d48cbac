"""A kernel factory for parallel builds: one process imports once, every kernel is a fork of it.

Each report runs in a kernel of its own (a clean namespace), and booting one
costs about two seconds of CPU: the interpreter, ipykernel, pandas, matplotlib,
seaborn and the library, then the Japanese font and a first figure. A build of
many reports pays that once per report. Here one process (the *zygote*) pays
it once per build; each kernel is then a ``fork()`` of it that starts ipykernel
with its own connection file. The child has the modules in ``sys.modules`` and
nothing in its user namespace, as a warm kernel (:mod:`.kernels`) has.

How a kernel is asked for: jupyter_client launches the build's kernelspec,
``python -m kodaira_analysis.reports.lifetime -f CONNECTION``, as for any
kernel. When ``$KODAIRA_ZYGOTE`` names this factory's socket, that small
process (the *proxy*) sends its arguments, working folder, environment and
standard streams to the zygote, which forks the kernel and answers its pid.
The proxy stays as the process jupyter_client manages: it passes on the
signals it receives (interrupts) and exits when the kernel exits; the kernel
dies when the proxy dies, even by SIGKILL (it watches the proxy through a
pidfd). The zygote itself dies with the build (``PR_SET_PDEATHSIG``) and is
stopped when the build's pool is done. When no zygote answers, the proxy
starts ipykernel itself, as before. Linux only (pidfds); elsewhere nothing
changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

#: The variable that tells a kernel proxy where the build's zygote listens.
ENV = "KODAIRA_ZYGOTE"
#: How long a proxy waits for the zygote's answer (it answers once its imports are done).
ANSWER_SECONDS = 300
_MESSAGE_BYTES = 1 << 20


def supported() -> bool:
    """Whether kernels can be forked here (Linux: fork, pidfds, SEQPACKET sockets)."""
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")


# -- the build's side -------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(runtime: Path) -> Iterator[str | None]:
    """Run a zygote for the duration of the block; kernels started meanwhile are its forks.

    Yields the socket's path (also put in ``$KODAIRA_ZYGOTE``), or None where forking is not supported.
    The zygote is stopped (SIGKILL: it holds nothing to clean up) and the variable restored on the way out.
    """
    if not supported() or os.environ.get("KODAIRA_NO_ZYGOTE"):
        yield None
        return
    running = os.environ.get(ENV)
    if running:  # started earlier by this build (reports.single's head start): kernels already go there
        yield running
        return
    address = str(runtime / "zygote.sock")
    if len(address) > 100:  # sun_path holds 107 bytes
        yield None
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "kodaira_analysis.reports.zygote", address],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=str(runtime),
    )
    saved = os.environ.get(ENV)
    os.environ[ENV] = address
    try:
        yield address
    finally:
        if saved is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved
        process.kill()
        process.wait()


# -- the zygote ---------------------------------------------------------------------------------------


def _warm() -> None:
    """Import what every report imports and fill the caches a first report fills (see kernels)."""
    from .kernels import _WARM_CACHES_CODE, _WARM_CODE

    # as ipykernel sets it before any notebook imports matplotlib
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    namespace: dict = {"__name__": "__kodaira_zygote__"}
    exec(compile(_WARM_CODE + _WARM_CACHES_CODE, "<kodaira warm-up>", "exec"), namespace)  # our own code
    import importlib
    import pkgutil

    import kodaira_analysis

    for module in pkgutil.walk_packages(kodaira_analysis.__path__, "kodaira_analysis."):
        if not module.name.startswith("kodaira_analysis.reports"):  # the runner's side: papermill, nbconvert
            importlib.import_module(module.name)  # every topic a notebook may import: paid once, not per report
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401


def serve(address: str) -> None:
    """The zygote's main loop: listen first (proxies may queue), import, then fork a kernel per request."""
    from .lifetime import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; the build stops us
    if sys.path and sys.path[0] in ("", str(Path.cwd())):
        sys.path.pop(0)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    old_mask = os.umask(0o177)
    try:
        server.bind(address)  # owner-only: nobody else may ask this process to run code
    finally:
        os.umask(old_mask)
    server.listen(64)
    try:
        _warm()
    except Exception:
        return  # the proxies' connections fail and each starts its kernel itself
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped by the system
    while True:
        connection, _ = server.accept()
        with connection:
            _answer(server, connection)


def _answer(server: socket.socket, connection: socket.socket) -> None:
    fds: list[int] = []
    try:
        message, fds, _, _ = socket.recv_fds(connection, _MESSAGE_BYTES, 3)
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _become_kernel(server, connection, request, fds)
            finally:
                os._exit(code)
        connection.sendall(json.dumps({"pid": pid}).encode())
    except Exception as exc:  # a bad request is answered, never fatal to the factory
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
    finally:
        for fd in fds:
            os.close(fd)


def _become_kernel(server: socket.socket, connection: socket.socket, request: dict, fds: list[int]) -> int:
    """In the forked child: take the proxy's streams, folder and environment, then run ipykernel."""
    server.close()
    connection.close()
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in zip((0, 1, 2), fds, strict=False):
        os.dup2(fd, target)
    _die_with(int(request["proxy"]))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import tempfile

    import numpy

    tempfile.tempdir = None  # found again from this environment's TMPDIR
    numpy.random.seed()  # fresh entropy, as a new process would have (Python's random reseeds itself on fork)
    # ipykernel read $JPY_PARENT_PID when the zygote imported it (as 0): the kernel's parent is the zygote,
    # and a kernel that knows its parent prints no console banner and exits if that parent dies
    argv = [str(a) for a in request["argv"]] + [f"--IPKernelApp.parent_handle={os.getppid()}"]
    sys.argv = [sys.executable, *argv]
    from ipykernel import kernelapp

    try:
        kernelapp.launch_new_instance(argv=argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def _die_with(pid: int) -> None:
    """Kill this process as soon as process ``pid`` (the proxy) exits, however it exits."""
    try:
        handle = os.pidfd_open(pid)
    except OSError:  # already gone
        os._exit(1)

    def watch() -> None:
        import select

        select.select([handle], [], [])
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="kodaira-proxy-watch", daemon=True).start()


# -- the proxy (runs in the process jupyter_client started) ---------------------------------------------


def run_proxy(argv: list[str]) -> int | None:
    """Ask the zygote for a kernel and stand in for it; None when no zygote answers (start one yourself)."""
    address = os.environ.get(ENV)
    if not address or not supported():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as client:
            client.settimeout(ANSWER_SECONDS)
            client.connect(address)
            env = {k: v for k, v in os.environ.items() if k != ENV}  # the kernel's own children start plainly
            request = {"argv": argv, "cwd": str(Path.cwd()), "env": env, "proxy": os.getpid()}
            socket.send_fds(client, [json.dumps(request).encode()], [0, 1, 2])
            answer = json.loads(client.recv(_MESSAGE_BYTES) or b"{}")
    except (OSError, ValueError):
        return None
    if "pid" not in answer:
        return None
    return _stand_in(int(answer["pid"]))


def _stand_in(pid: int) -> int:
    """Pass on every signal jupyter_client may send to the kernel; return when the kernel exits."""
    import select

    try:
        handle = os.pidfd_open(pid)
    except OSError:
        return 1

    def forward(signum, _frame) -> None:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(handle, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, forward)
    while True:
        try:
            ready, _, _ = select.select([handle], [], [])
        except InterruptedError:
            continue
        if ready:
            return 0


if __name__ == "__main__":
    serve(sys.argv[1])
