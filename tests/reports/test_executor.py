"""Running jobs (reports/executor.py, workers.py, warm.py): stock papermill in a kernel started per job; how
a job ends; what a notebook starts does not outlive the build; each report a fresh kernel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from kodaira_analysis import paths
from kodaira_analysis.reports.model import ExitCode
from tests.conftest import build_reports

pytestmark = pytest.mark.notebooks
CLI = str(Path(sys.executable).with_name("kodaira-reports"))


def config_with(root: Path, cells: list[str], names: tuple[str, ...] = ("one",)) -> Path:
    """reports.yml in ``root`` with jobs running notebook 04 (English) with ``cells`` appended."""
    (root / "notebooks").mkdir(exist_ok=True)
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "04-reform-progress.ipynb", as_version=4)
    nb.cells.extend(nbformat.v4.new_code_cell(cell) for cell in cells)
    nbformat.write(nb, root / "notebooks" / "04-reform-progress.ipynb")
    jobs = [
        {"name": name, "notebook": "notebooks/04-reform-progress.ipynb", "title": name, "audience": "research"}
        | {"parameters": {"lang": "en"}}
        for name in names
    ]
    config = root / "reports.yml"
    config.write_text(yaml.safe_dump({"jobs": jobs}), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    "launcher",
    ["import os\nos._exit(3)\n", "raise SystemExit(1)\n", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"],
    ids=["exits", "raises", "killed"],
)
def test_a_kernel_that_dies_while_starting_is_a_dead_kernel(tmp_path, launcher):
    """It was a cell error (exit 1). The kernel starts in the notebook's folder, where ``python -m`` finds a
    module of the launcher's name first: one that dies stands for any kernel that dies at start."""
    config = config_with(tmp_path, [])
    (tmp_path / "notebooks" / "ipykernel_launcher.py").write_text(launcher, encoding="utf-8")
    code, log = build_reports(tmp_path / "out", "--no-pdf", config=config)
    assert code == ExitCode.DEAD_KERNEL, log
    assert "one: dead_kernel" in log.err and "died while it started" in log.err and "Traceback" not in log.err
    assert not (tmp_path / "out" / "one.html").exists()


def test_a_fractional_timeout_is_taken_rounded_up(tmp_path):
    """``--timeout 30.5`` passed the command line and failed every report with a TraitError (exit 1)."""
    config = config_with(tmp_path, [])
    code, log = build_reports(tmp_path / "out", "--no-pdf", "--timeout", "30.5", config=config)
    assert code == ExitCode.OK, log


def test_each_report_gets_a_fresh_kernel_in_the_same_worker(tmp_path):
    probe = "assert '_kodaira_probe' not in globals(), 'a kernel ran two reports'\n_kodaira_probe = 1"
    config = config_with(tmp_path, [probe], names=("first", "second", "third"))
    code, log = build_reports(tmp_path / "out", "--no-pdf", "--jobs", "1", config=config)
    assert code == ExitCode.OK, log


#: A cell that starts ``sleep`` in a session of its own, and one that double-forks a daemon, and says their pids.
ESCAPES = """
import os, subprocess, pathlib
session = subprocess.Popen(["sleep", "300"], start_new_session=True)
daemon = subprocess.Popen(["sh", "-c", "setsid sleep 301 & echo $!"], stdout=subprocess.PIPE, text=True)
pathlib.Path({marker!r}).write_text(f"{{session.pid}} {{daemon.stdout.readline().strip()}}")
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")
@pytest.mark.parametrize("stop", [None, "SIGTERM"])
def test_what_a_notebook_starts_in_its_own_session_does_not_outlive_the_build(tmp_path, stop):
    """Only process groups were reaped: a process in a session of its own outlived the build."""
    import signal

    marker = tmp_path / "pids"
    cells = [ESCAPES.format(marker=str(marker))] + (["import time\ntime.sleep(120)"] if stop else [])
    config = config_with(tmp_path, cells)
    build = subprocess.Popen(
        [CLI, "--config", str(config), "build", "--no-pdf", "--out", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=paths.PROJECT_ROOT,
        start_new_session=True,
    )
    if stop:
        deadline = time.monotonic() + 300
        while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), build.communicate()[0]
        os.kill(build.pid, getattr(signal, stop))
    output, _ = build.communicate(timeout=600)
    assert build.returncode == (143 if stop else 0), output
    pids = [int(pid) for pid in marker.read_text().split()]
    assert len(pids) == 2
    assert [pid for pid in pids if _alive(pid)] == [], "a process the notebook started outlived the build"


def test_a_deep_reports_folder_keeps_kernels_on_unix_sockets(tmp_path):
    """A socket's path holds 107 bytes: deep below, the sockets go to a short private folder, removed after."""
    from kodaira_analysis.reports import owned, warm

    deep = tmp_path / ("d" * 60) / ("e" * 60) / "out"
    sockets = warm.short_folder(deep / owned.RUNTIME)
    assert sockets.parent == Path("/tmp") and not sockets.exists()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    config = config_with(tmp_path, [])
    run = subprocess.run(
        [CLI, "--config", str(config), "build", "--no-pdf", "--out", str(deep)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=paths.PROJECT_ROOT,
        env={**os.environ, "TMPDIR": str(private_tmp), "XDG_RUNTIME_DIR": str(private_tmp)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "talks over TCP" not in run.stderr
    assert list(private_tmp.iterdir()) == [] and not sockets.exists(), "the short socket folder was removed"
    shutil.rmtree(deep, ignore_errors=True)
