"""The install step registers the notebooks' kernel, so plain papermill runs a notebook (issue 25 item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _kernel_names() -> set[str]:
    return {json.loads(nb.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"] for nb in NOTEBOOKS}


def test_the_install_step_registers_the_kernel_every_notebook_names():
    dry = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), ".venv/.installed"], capture_output=True, text=True, check=True
    ).stdout
    sync = dry.index("sync --locked")
    for name in _kernel_names():
        install = dry.index(f"ipykernel install --sys-prefix --name {name}")
        assert install > sync, "the kernel is registered after the libraries are installed"


def test_the_environment_knows_the_kernel_every_notebook_names():
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    for name in _kernel_names():
        assert name in specs, f"{name} is not registered: `make venv` registers it"
        spec = json.loads((Path(specs[name]) / "kernel.json").read_text(encoding="utf-8"))
        assert Path(spec["argv"][0]).resolve() == Path(sys.executable).resolve()


@pytest.mark.notebooks
def test_plain_papermill_runs_a_notebook(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "out.ipynb"
    run = subprocess.run(
        ["papermill", str(ROOT / "notebooks" / "02-staffing-levels.ipynb"), str(out), "-p", "lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "NoSuchKernel" not in run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["cells"]
