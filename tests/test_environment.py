"""environment.yml mirrors pyproject.toml's dependency ranges, extras included."""

from __future__ import annotations

import re
import tomllib

import yaml

from kodaira_analysis import paths


def _pyproject() -> dict:
    return tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(project: dict) -> set[str]:
    """Every requirement of the library and its extras, without the extras' references to the project itself."""
    wanted = set(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted |= {r for r in extra if not r.startswith(project["name"])}
    return wanted


def test_dependencies_are_ranges_with_a_lower_bound():
    project = _pyproject()
    for requirement in _requirements(project):
        assert ">=" in requirement, f"{requirement}: give the tested version as a lower bound"
        assert "==" not in requirement, f"{requirement}: exact versions belong in uv.lock, not pyproject.toml"


def test_extras_cover_the_runner_and_the_tools():
    extras = _pyproject()["optional-dependencies"]
    assert {"reports", "lab", "dev"} <= set(extras)
    names = {extra: {re.match(r"[A-Za-z0-9._-]+", r)[0].lower() for r in reqs} for extra, reqs in extras.items()}
    assert {"papermill", "nbconvert", "ipykernel"} <= names["reports"]
    assert {"jupyterlab", "jupytext"} <= names["lab"]
    assert "kodaira-analysis" in names["dev"], "dev includes the report runner the tests execute"


def test_environment_yml_mirrors_pyproject():
    project = _pyproject()
    env = yaml.safe_load((paths.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert pip_section[-1] == "-e .", "environment.yml ends by installing the project"
    assert set(pip_section[:-1]) == _requirements(project)
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.split("=")[1] >= project["requires-python"].removeprefix(">=")


def test_the_projects_venv_holds_the_libraries_bytecode():
    """make venv compiles the libraries once: no process compiles pandas or matplotlib again, PYTHONDONTWRITEBYTECODE or not."""
    import importlib.util
    import sys
    from pathlib import Path

    import pytest

    if Path(sys.prefix).resolve() != (paths.PROJECT_ROOT / ".venv").resolve():
        pytest.skip("not the project's .venv (make venv makes it): its install is not this project's to check")
    modules = [
        "pandas.core.frame",
        "matplotlib.figure",
        "seaborn.axisgrid",
        "ipykernel.kernelbase",
        "nbconvert.exporters",
    ]
    missing = []
    for name in modules:
        source = importlib.util.find_spec(name).origin
        if not Path(importlib.util.cache_from_source(source)).is_file():
            missing.append(name)
    assert missing == [], f"no .pyc for {missing}: `uv sync` ran without --compile-bytecode (see the Makefile)"


def test_make_help_lists_the_targets_without_colour_when_piped():
    """`make help > file` (or `| less`) carries no terminal colour codes; each documented target is listed."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        import pytest

        pytest.fail("make is not installed: the README's set-up needs it")
    shown = subprocess.run(
        ["make", "-s", "help"], cwd=paths.PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "\x1b" not in shown
    listed = {line.split()[0] for line in shown.splitlines() if line.strip()}
    assert {"reports", "test", "help"} <= listed
