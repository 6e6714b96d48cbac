"""environment.yml mirrors pyproject.toml's pinned dependencies."""

from __future__ import annotations

import tomllib

import yaml

from kodaira_analysis import paths


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    assert all("==" in requirement for requirement in wanted), "every dependency is pinned"
    env = yaml.safe_load((paths.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert pip_section[-1] == "-e .", "environment.yml ends by installing the project"
    assert set(pip_section[:-1]) == wanted
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.split("=")[1] >= project["requires-python"].removeprefix(">=")
