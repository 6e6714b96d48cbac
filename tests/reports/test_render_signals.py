"""kodaira-reports render stopped by a signal while a cell runs: the exit code, nothing left behind.

A render runs one notebook in a kernel of its own, with a runtime folder (its kernelspec and connection
files) in the temporary folder. SIGTERM used to end the command by the default action: exit 143 with no
message, the runtime folder left in /tmp for every render so stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kodaira_analysis import paths
from tests.reports.test_processes import alive, descendants

pytestmark = [
    pytest.mark.notebooks,
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="the process-tree check reads /proc"),
]


def _slow_notebook(folder: Path) -> Path:
    """02's notebook with a cell that sleeps after its first code cell (the parameters)."""
    nb = json.loads((paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb").read_text(encoding="utf-8"))
    first_code = next(i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code")
    nb["cells"].insert(
        first_code + 1,
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import time\nprint('sleeping', flush=True)\ntime.sleep(600)"},
    )  # fmt: skip
    notebook = folder / "02-staffing-levels.ipynb"
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    return notebook


def _kernel_busy(pids: set[int]) -> bool:
    """Whether one of ``pids`` is a kernel (ipykernel) that has started."""
    for pid in pids:
        try:
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except (FileNotFoundError, ProcessLookupError):
            continue
    return False


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_a_render_leaves_no_kernel_no_runtime_folder_and_no_page(tmp_path, sig, code):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = _slow_notebook(notebooks)
    scratch = tmp_path / "tmp"  # the render's temporary folder, so that what it leaves can be seen
    scratch.mkdir()
    out = tmp_path / "out"
    log = tmp_path / "render.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.cli", "render", str(notebook), "--out", str(out)],
            stdout=handle, stderr=subprocess.STDOUT, cwd=tmp_path,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(scratch)},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not _kernel_busy(descendants(process.pid)):
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "no kernel started"
            time.sleep(0.1)
        time.sleep(4)  # the kernel runs the cells up to the one that sleeps
        kernels = descendants(process.pid)
        assert process.poll() is None, log.read_text(encoding="utf-8")
        process.send_signal(sig)
        assert process.wait(timeout=60) == code, log.read_text(encoding="utf-8")
        deadline = time.monotonic() + 15
        while (left := alive(kernels)) and time.monotonic() < deadline:
            time.sleep(0.1)
        text = log.read_text(encoding="utf-8")
        assert left == set(), f"processes left after the signal: {left}"
        assert "Traceback" not in text, text
        assert signal.Signals(sig).name in text, f"the log names the signal: {text!r}"
        assert list(scratch.iterdir()) == [], f"left in the temporary folder: {list(scratch.iterdir())}"
        assert not (out / "02-staffing-levels.html").exists(), "no page from a render that was stopped"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
