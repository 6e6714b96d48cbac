"""The notebooks declare the project's named kernel; make installs it inside .venv."""

from __future__ import annotations

import json

import pytest

from kodaira_analysis import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_pair_declare_the_kodaira_kernel(notebook):
    spec = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert (spec["name"], spec["display_name"]) == ("kodaira-analysis", "Python (kodaira-analysis)")
    header = notebook.with_suffix(".py").read_text(encoding="utf-8").split("# ---", 2)[1]
    assert "#     name: kodaira-analysis" in header
    assert "#     display_name: Python (kodaira-analysis)" in header


def test_make_installs_the_kernel_into_the_venv_only():
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "ipykernel install --sys-prefix --name kodaira-analysis" in makefile
    assert "lab: $(KERNEL)" in makefile
