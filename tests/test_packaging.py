"""The package can be installed from its lock, cited and licensed: the files that say so agree.

Offline: uv checks the lock with ``--offline`` and everything else reads files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock() -> dict:
    return tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    """The normalised project name of a requirement string (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def _locked_versions() -> dict[str, str]:
    return {package["name"]: package.get("version", "") for package in _lock()["package"]}


def _uv() -> Path | None:
    beside_python = Path(sys.executable).with_name("uv")
    if beside_python.exists():
        return beside_python
    found = shutil.which("uv")
    return Path(found) if found else None


def test_uv_lock_matches_pyproject():
    """`uv lock --check --offline`: the lock still satisfies pyproject.toml (no network needed when it does)."""
    uv = _uv()
    if uv is None:
        pytest.skip("uv is not installed (make venv installs it into .venv)")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    result = subprocess.run(
        [str(uv), "lock", "--check", "--offline", "--python", sys.executable],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, (
        "uv.lock does not match pyproject.toml: run `make lock` and commit uv.lock\n" + result.stderr
    )


def test_lock_records_every_dependency_of_pyproject():
    """Without uv: the lock's record of the project's requirements is pyproject's, and each is locked."""
    project = _pyproject()["project"]
    requirements = list(project["dependencies"])
    for reqs in project["optional-dependencies"].values():
        requirements += reqs
    lock = _lock()
    locked = _locked_versions()
    ours = next(p for p in lock["package"] if p["name"] == project["name"])
    assert ours["version"] == project["version"]
    recorded = {_name(r["name"]) for r in ours["metadata"]["requires-dist"]}
    assert {_name(r) for r in requirements} == recorded
    missing = {_name(r) for r in requirements} - set(locked)
    assert not missing, f"not in uv.lock: {sorted(missing)}"
    assert set(ours["optional-dependencies"]) == set(project["optional-dependencies"])


def test_locked_versions_are_within_pyproject_ranges():
    """Each locked version satisfies pyproject's range (its lower and upper bound)."""
    locked = _locked_versions()
    project = _pyproject()["project"]
    requirements = list(project["dependencies"])
    for reqs in project["optional-dependencies"].values():
        requirements += reqs
    for requirement in requirements:
        name = _name(requirement)
        if name == project["name"]:
            continue
        spec = SpecifierSet(requirement[len(re.match(r"[A-Za-z0-9._-]+", requirement)[0]) :])
        assert Version(locked[name]) in spec, f"{name} {locked[name]} not in {spec}"


def test_makefile_bootstraps_the_locked_uv():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pinned = re.search(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)
    assert pinned, "the Makefile pins the uv it bootstraps"
    assert pinned[1] == _locked_versions()["uv"], "the Makefile's uv is the one uv.lock pins"
    assert "uv.lock" in re.search(r"^\$\(STAMP\):.*$", makefile, re.MULTILINE)[0], "a new lock reinstalls .venv"
    assert "sync --locked" in makefile


def test_the_bootstrap_installs_uv_by_the_hashes_uv_lock_pins():
    """pip installs uv with --require-hashes from scripts/uv-bootstrap.txt: the version and every wheel hash of
    uv.lock's uv, so the bootstrap is checked as everything after it is."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    bootstrap = re.search(r"^\$\(BIN\)/uv:\n(?:\t.*\n)+", makefile, re.MULTILINE)[0]
    assert (
        "--require-hashes" in bootstrap and "-r scripts/uv-bootstrap.txt" in bootstrap and "--only-binary" in bootstrap
    )
    text = (ROOT / "scripts" / "uv-bootstrap.txt").read_text(encoding="utf-8")
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    uv = next(p for p in lock["package"] if p["name"] == "uv")
    assert re.search(r"^uv==(\S+) ", text, re.MULTILINE)[1] == uv["version"]
    assert re.search(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)[1] == uv["version"]
    assert set(re.findall(r"--hash=(sha256:[0-9a-f]{64})", text)) == {w["hash"] for w in uv["wheels"]}


def test_pre_commit_tools_are_the_locked_versions():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "nbstripout", "jupytext-sync"} <= set(hooks)
    locked = _locked_versions()
    for hook in hooks.values():
        for dependency in hook.get("additional_dependencies", []):
            name, _, pinned = dependency.partition("==")
            if _name(name) in locked:
                assert pinned == locked[_name(name)], f"{hook['id']}: {dependency}, uv.lock has {locked[_name(name)]}"


def test_citation_cff_is_complete_and_has_the_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    required = {"cff-version", "message", "title", "authors", "version", "date-released", "license", "references"}
    assert required <= set(citation), f"missing: {sorted(required - set(citation))}"
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == _pyproject()["project"]["version"]
    assert citation["license"] == _pyproject()["project"]["license"] == "MIT"
    assert all(author.get("name") or author.get("family-names") for author in citation["authors"])
    titles = " ".join(reference["title"] for reference in citation["references"])
    assert "行財政再構築プラン" in titles
    assert "SSDSE" in titles


def test_changelog_mentions_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = _pyproject()["project"]["version"]
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE)
    assert "## [Unreleased]" in changelog


def test_licences_are_present_and_declared():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"
    for licence_file in project["license-files"]:
        assert (ROOT / licence_file).is_file()
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    data_terms = (ROOT / "data" / "raw" / "LICENSE.md").read_text(encoding="utf-8")
    assert "小平市" in data_terms
    assert "統計センター" in data_terms


def test_version_comes_from_the_installed_metadata():
    import kodaira_analysis

    assert kodaira_analysis.__version__ == _pyproject()["project"]["version"]


def test_py_typed_ships_with_the_package():
    assert (ROOT / "kodaira_analysis" / "py.typed").is_file()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["kodaira_analysis"]
