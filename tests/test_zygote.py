"""Parallel builds fork every kernel from one warm process (reports/zygote.py), and lose nothing by it:
each kernel is a process of its own with a clean namespace, its own folder, environment and random
state; interrupts reach it; it dies with the process jupyter_client manages; no zygote, no change."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from kodaira_analysis import paths
from kodaira_analysis.reports import execute, kernels, sockets, zygote
from tests.conftest import build_reports

pytestmark = [
    pytest.mark.notebooks,
    pytest.mark.skipif(not zygote.supported(), reason="kernels are forked on Linux only"),
]

PROBE = """\
import json, os, sys, numpy
names = sorted(k for k in globals() if not k.startswith("_"))
json.dump(
    {
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "names": names,
        "pandas_before_any_import": "pandas" in sys.modules,
        "cwd": os.getcwd(),
        "zygote_variable": os.environ.get("KODAIRA_ZYGOTE"),
        "marker": os.environ.get("KODAIRA_TEST_MARKER"),
        "random": numpy.random.random(),
    },
    open(os.path.join(os.environ["KODAIRA_TEST_PROBES"], f"{os.getpid()}.json"), "w"),
)
"""


def probe_folder(root: Path) -> Path:
    """reports.yml with three research jobs of notebook 02, whose first cell records what its kernel looks like."""
    notebooks = root / "notebooks"
    notebooks.mkdir()
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(PROBE))  # right after the parameters: before any import
    nbformat.write(nb, notebooks / "02-staffing-levels.ipynb")
    variants = [{"lang": "ja"}, {"lang": "en"}, {"lang": "ja", "show_target": False}]
    entries = [
        {
            "name": f"probe-{i}",
            "notebook": "notebooks/02-staffing-levels.ipynb",
            "title": f"Probe {i}",
            "audience": "research",
            "parameters": parameters,
        }
        for i, parameters in enumerate(variants)
    ]
    config = root / "reports.yml"
    config.write_text(yaml.safe_dump({"jobs": entries}), encoding="utf-8")
    return config


def test_each_report_gets_a_fresh_kernel_forked_from_one_warm_process(tmp_path, monkeypatch):
    monkeypatch.setenv("KODAIRA_TEST_MARKER", "from the build's environment")
    probes = tmp_path / "probes"
    probes.mkdir()
    monkeypatch.setenv("KODAIRA_TEST_PROBES", str(probes))
    code, printed = build_reports(tmp_path / "out", "--jobs", "2", config=probe_folder(tmp_path))
    assert code == 0, printed
    seen = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(probes.iterdir())]
    assert len({s["pid"] for s in seen}) == 3, "one process per report"
    assert len({s["ppid"] for s in seen}) == 1, "all forked by one zygote"
    zygote_pid = seen[0]["ppid"]
    assert zygote_pid != os.getpid()
    for s in seen:
        assert s["pandas_before_any_import"], "the fork inherits the warm imports"
        assert s["names"] == seen[0]["names"], "every kernel starts from the same namespace"
        assert not {"pd", "np", "ka", "matplotlib", "_kodaira_warm"} & set(s["names"]), s["names"]
        assert Path(s["cwd"]) == tmp_path / "notebooks", "the kernel runs in its notebook's folder"
        assert s["zygote_variable"] is None, "a kernel's own children start plainly"
        assert s["marker"] == "from the build's environment"
    assert len({s["random"] for s in seen}) == 3, "each kernel has its own random state"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{zygote_pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{zygote_pid}").exists(), "the zygote is stopped with the build"
    assert not any((tmp_path / "out").glob(".runtime*")), "its socket went with the runtime folder"


@contextlib.contextmanager
def started_kernel(runtime: Path, cwd: Path, monkeypatch, *, forked: bool = True):
    """A kernel started by jupyter_client through the build's kernelspec, forked if a zygote serves."""
    from jupyter_core.utils import run_sync

    runtime.mkdir(mode=0o700, parents=True)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
    if not forked:
        monkeypatch.setenv("KODAIRA_NO_ZYGOTE", "1")
    execute.install_build_kernel(runtime / "kernelspec")
    with zygote.serving(runtime) as address:
        assert (address is not None) == forked
        km = kernels.new_manager(execute.KERNEL_NAME)
        km.zygote_log = runtime / "zygote.log"  # read by the tests' messages
        run_sync(km.start_kernel)(cwd=str(cwd))
        kc = km.blocking_client()  # alive while the process jupyter_client manages is (the zygote may still warm up)
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        try:
            yield km, kc
        finally:
            kc.stop_channels()
            run_sync(km.shutdown_kernel)(now=True)
    sockets.remove_runtime(runtime)


@pytest.fixture
def forked_kernel(tmp_path, monkeypatch):
    with started_kernel(tmp_path / "rt", tmp_path, monkeypatch) as started:
        yield started


def _wait_for_output(kc, msg_id: str, timeout: float = 60) -> None:
    """Until the cell ``msg_id`` prints: it is running (not still being set up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            return
    raise AssertionError("the cell printed nothing")


def run(kc, code: str, timeout: float = 60) -> dict:
    """Execute ``code``; return the reply's content and the last result's text."""
    msg_id = kc.execute(code)
    result = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)["content"]
    return {**reply, "result": result}


def test_an_interrupt_reaches_the_forked_kernel(forked_kernel):
    km, kc = forked_kernel
    proxy = km.provisioner.process.pid
    kernel = int(run(kc, "import os; os.getpid()")["result"])
    assert kernel != proxy, f"the kernel is not the process jupyter_client started: {_read(km.zygote_log)}"
    msg_id = kc.execute("import time; print('asleep', flush=True); time.sleep(60)")
    # Interrupt inside the sleep, not while ipykernel sets the cell up: an interrupt that lands then is
    # lost, or leaves the cell without a reply, in a plain kernel as in a forked one (ipykernel 7.4).
    _wait_for_output(kc, msg_id)
    time.sleep(0.2)
    started = time.monotonic()
    from jupyter_core.utils import run_sync

    run_sync(km.interrupt_kernel)()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 20
    after = run(kc, "1 + 1")
    for _ in range(5):  # ipykernel aborts requests it takes right after an error (stop_on_error), then resumes
        if after["status"] != "aborted":
            break
        time.sleep(0.5)
        after = run(kc, "1 + 1")
    assert after["result"] == "2", f"the kernel lives on after the interrupt: {after}"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_the_forked_kernel_dies_with_the_process_jupyter_client_manages(forked_kernel, sig):
    km, kc = forked_kernel
    proxy = km.provisioner.process.pid
    kernel = int(run(kc, "import os; os.getpid()")["result"])
    os.kill(proxy, sig)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _alive(kernel):
        time.sleep(0.1)
    assert not _alive(kernel), f"kernel {kernel} outlived its proxy ({signal.Signals(sig).name})"
    km.provisioner.process.wait(timeout=15)


def test_a_kernel_holding_the_gil_still_dies_with_its_proxy(forked_kernel, tmp_path):
    km, kc = forked_kernel
    proxy = km.provisioner.process.pid
    kernel = int(run(kc, "import os; os.getpid()")["result"])
    # A file, not printed output, says the cell runs: ipykernel's IOPub thread cannot send a message
    # once the regex holds the GIL.
    marker = tmp_path / "matching"
    kc.execute(f"import re; open({str(marker)!r}, 'w').close(); re.match(r'(a+)+$', 'a' * 40 + 'b')")
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the cell did not start"
    time.sleep(0.5)  # then in native code, holding the GIL, for ages
    os.kill(proxy, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _alive(kernel):
        time.sleep(0.1)
    assert not _alive(kernel), "the zygote kills the kernel's group; no thread inside the kernel is needed"


@pytest.mark.parametrize("how", ["shut down at once, as after a report", "the kernel exits by itself"])
def test_what_a_notebook_started_goes_with_its_kernel(forked_kernel, how):
    km, kc = forked_kernel
    child = int(run(kc, "import subprocess; p = subprocess.Popen(['sleep', '300']); p.pid")["result"])
    assert _alive(child)
    if how.startswith("shut down"):
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)
    else:
        kc.execute("import os; os._exit(0)")  # no clean-up of ipykernel's runs
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child), "the kernel's process group is stopped with it"


def test_the_proxy_exits_as_its_kernel_did(forked_kernel):
    km, kc = forked_kernel
    kernel = int(run(kc, "import os; os.getpid()")["result"])
    os.kill(kernel, signal.SIGKILL)
    assert km.provisioner.process.wait(timeout=15) == -signal.SIGKILL, "killed by the same signal"


@pytest.mark.parametrize(
    "request_text",
    [
        '{"argv": ["-f", "k.json", "--IPKernelApp.exec_lines=[\'open(\\"/tmp/x\\", \\"w\\")\']"], "cwd": "/", "env": {}}',
        '{"argv": ["-f", "k.json"], "cwd": "/no/such/folder", "env": {}}',
        '{"argv": ["-f", "k.json"], "cwd": "/", "env": {"A": 1}}',
        "not json",
    ],
    ids=["extra arguments", "missing folder", "non-text environment", "not json"],
)
def test_a_request_other_than_a_proxys_is_refused_before_any_fork(tmp_path, request_text):
    import json as json_module
    import socket

    runtime = tmp_path / "rt"
    runtime.mkdir(mode=0o700)
    with zygote.serving(runtime) as address:
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as client:
            client.settimeout(60)
            deadline = time.monotonic() + 30
            while not Path(address).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            client.connect(address)
            socket.send_fds(client, [request_text.encode()], [0, 1, 2])
            answer = json_module.loads(client.recv(1 << 16))
    assert "error" in answer and "pid" not in answer, answer


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else "(no zygote.log)"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("address", ["missing", "not-a-socket"])
def test_without_a_zygote_the_kernel_starts_as_before(tmp_path, monkeypatch, address):
    path = tmp_path / address
    if address == "not-a-socket":
        path.write_text("{}")
    monkeypatch.setenv(zygote.ENV, str(path))
    assert zygote.run_proxy(["-f", str(tmp_path / "k.json")]) is None


@pytest.mark.parametrize("depth", ["in the runtime folder", "in a short folder"])
def test_a_zygote_that_failed_to_warm_up_sends_each_proxy_to_start_its_own_kernel(tmp_path, monkeypatch, caplog, depth):
    import subprocess
    import sys

    runtime = tmp_path / ("deep-" * 20 if depth == "in a short folder" else "") / "rt"
    runtime.mkdir(mode=0o700, parents=True)
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "seaborn.py").write_text("raise RuntimeError('seaborn shadowed by the test')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow))  # the zygote's warm-up imports seaborn, and fails
    with zygote.serving(runtime) as address:
        assert address is not None and address.startswith(str(runtime)) == (depth == "in the runtime folder")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "shadowed" not in _read(runtime / "zygote.log"):
            time.sleep(0.1)  # a kernel asked for after the zygote gave up
        started = time.monotonic()
        proxy = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from kodaira_analysis.reports import zygote; print(zygote.run_proxy(['-f', sys.argv[1]]))",
                str(tmp_path / "k.json"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": ""},
        )
        waited = time.monotonic() - started
    assert proxy.stdout.strip() == "None", (proxy, _read(runtime / "zygote.log"))
    assert "seaborn shadowed by the test" in _read(runtime / "zygote.log")
    assert waited < zygote.ANSWER_SECONDS, "answered, not left to time out"
    assert "seaborn shadowed by the test" in caplog.text, "the build's log says why its zygote stopped"
    sockets.remove_runtime(runtime)
    assert not runtime.exists() and not Path(address).parent.exists()


def test_the_zygote_socket_is_for_its_owner_only(tmp_path):
    runtime = tmp_path / "rt"
    runtime.mkdir()
    with zygote.serving(runtime) as address:
        assert address is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Path(address).exists():
            time.sleep(0.05)
        assert Path(address).stat().st_mode & 0o777 == 0o600
    assert os.environ.get(zygote.ENV) is None, "the variable is restored"


def test_a_proxy_and_its_kernel_ending_in_one_round_are_handled_once():
    import selectors
    import socket
    import subprocess

    kernel_process = subprocess.Popen(["true"])  # a child of this process, as a kernel is the zygote's
    proxy_process = subprocess.Popen(["true"])
    ours, theirs = socket.socketpair()
    kernel = zygote._Kernel(kernel_process.pid, proxy_process.pid, ours)
    proxy_process.wait()
    deadline = time.monotonic() + 10
    while (
        time.monotonic() < deadline
        and not Path(f"/proc/{kernel_process.pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    ):
        time.sleep(0.01)
    watch = selectors.DefaultSelector()
    zygote._tracked[kernel.pid] = kernel
    try:
        watch.register(kernel.kernel_fd, selectors.EVENT_READ, kernel)
        watch.register(kernel.proxy_fd, selectors.EVENT_READ, kernel)
        events = watch.select(timeout=5)
        assert len(events) == 2, "both ready in one round"
        for key, _ in events:
            zygote._handle(key, None, watch)  # the second finds it finished and does nothing
        assert kernel.pid not in zygote._tracked and watch.get_map() == {}
        assert json.loads(theirs.recv(1024)) == {"exit": 0}, "the proxy is told the kernel's exit code"
    finally:
        zygote._tracked.pop(kernel.pid, None)
        watch.close()
        theirs.close()


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "plain"])
def test_a_runtime_folder_too_deep_for_socket_files_keeps_kernels_on_private_unix_sockets(
    tmp_path, monkeypatch, forked
):
    """A socket file's path holds 107 bytes; past that, the sockets go to a short owner-only folder the
    runtime folder links to, not to TCP ports (which two kernels started at once can both pick, and one
    of them then dies at start), and the folder goes with the runtime folder."""
    runtime = tmp_path / ("deep-" * 20) / ".runtime"
    assert len(str(runtime / "k-0123456789ab-1")) > 107
    with started_kernel(runtime, tmp_path, monkeypatch, forked=forked) as (km, kc):
        answer = run(kc, "import os; (os.getpid(), os.getppid())")
        assert answer["status"] == "ok" and answer["result"], answer
        short = (runtime / sockets.LINK).readlink()
        assert short.name.startswith(sockets.PREFIX) and short.stat().st_mode & 0o777 == 0o700
        connection = json.loads(Path(km.connection_file).read_text(encoding="utf-8"))
        assert connection["transport"] == "ipc", connection
        assert Path(connection["ip"]).parent == short, connection
        pid, parent = (int(n) for n in answer["result"].strip("()").split(","))
        channels = {
            f"{connection['ip']}-{connection[f'{c}_port']}" for c in ("shell", "iopub", "stdin", "control", "hb")
        }
        assert len(channels) == 5 and channels <= set(_unix_socket_names(pid)), (channels, _unix_socket_names(pid))
        if forked:
            assert parent != km.provisioner.process.pid, "forked by the zygote, not started by jupyter_client"
            assert Path(os.environ["KODAIRA_ZYGOTE"]).parent == short
    assert not short.exists() and not runtime.exists(), "the short folder goes with the runtime folder"


def _unix_socket_names(pid: int) -> list[str]:
    """The paths of the Unix sockets ``pid`` holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = str(fd.readlink())
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    names = []
    for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[6] in inodes and len(fields) > 7:
            names.append(fields[7])
    return names


def _zygote_pids() -> list[int]:
    """This process's zygotes (children running kodaira_analysis.reports.zygote)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != os.getpid():
                continue
            if b"kodaira_analysis.reports.zygote" in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_what_notebooks_started_goes_when_the_build_stops_its_zygote(tmp_path, monkeypatch):
    """The build stops its zygote with SIGTERM (its kernels still running, as when the build is stopped):
    the zygote kills each kernel's process group, so nothing a notebook started is left behind."""
    from jupyter_core.utils import run_sync

    runtime = tmp_path / "rt"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
    execute.install_build_kernel(runtime / "kernelspec")
    kms = []
    try:
        with zygote.serving(runtime):
            children = []
            for _ in range(2):
                km = kernels.new_manager(execute.KERNEL_NAME)
                run_sync(km.start_kernel)(cwd=str(tmp_path))
                kms.append(km)
                kc = km.blocking_client()
                kc.start_channels()
                kc.wait_for_ready(timeout=120)
                code = "import subprocess; subprocess.Popen(['sleep', '300']).pid"
                children.append(int(run(kc, code)["result"]))
                kc.stop_channels()
            assert all(_alive(c) for c in children)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert not [c for c in children if _alive(c)], "a notebook's child outlived the build's zygote"
    finally:
        for km in kms:
            run_sync(km.shutdown_kernel)(now=True)


def test_a_proxy_that_hung_up_gets_no_kernel(tmp_path):
    """A proxy that gave up waiting starts a kernel of its own; the zygote must not start a second one
    on the same connection file when it gets to the request."""
    import socket

    runtime = tmp_path / "rt"
    runtime.mkdir(mode=0o700)
    with zygote.serving(runtime) as address:
        (zygote_pid,) = _zygote_pids()
        deadline = time.monotonic() + 30
        while not Path(address).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as client:
            client.connect(address)
            request = {"argv": ["-f", str(tmp_path / "k.json")], "cwd": str(tmp_path), "env": {"PATH": "/bin"}}
            socket.send_fds(client, [json.dumps(request).encode()], [0, 1, 2])
        # answered or not, the zygote has it now: wait until it is serving (a good request is answered)
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
            probe.settimeout(120)
            probe.connect(address)
            socket.send_fds(probe, [b"not json"], [0, 1, 2])
            assert "error" in json.loads(probe.recv(1 << 16))
        assert _children(zygote_pid) == [], "a kernel was forked for a proxy that had hung up"


def test_a_proxy_sends_nothing_to_a_socket_another_user_owns(tmp_path, monkeypatch):
    import socket
    import threading

    address = str(tmp_path / "z.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    server.bind(address)
    server.listen(1)
    received = []

    def serve_once() -> None:
        connection, _ = server.accept()
        connection.settimeout(5)
        try:
            received.append(connection.recv(1 << 20))
        except OSError:
            pass
        connection.close()

    thread = threading.Thread(target=serve_once)
    thread.start()
    monkeypatch.setenv(zygote.ENV, address)
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 4242)  # as if the socket were someone else's
    assert zygote.run_proxy(["-f", str(tmp_path / "k.json")]) is None
    thread.join(timeout=10)
    server.close()
    assert received in ([], [b""]), "the proxy sent its environment to a stranger"
