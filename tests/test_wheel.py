"""The built wheel works from any folder and writes nothing into site-packages.

The wheel is built from a copy of the checkout (uv, sdist then wheel, ``--offline``: the
setuptools of uv's cache, which ``make venv`` filled when it installed the project; or,
when this interpreter's setuptools can build the project, ``--no-build-isolation``).
It is installed with ``pip --no-deps`` into a fresh venv that sees this interpreter's
site-packages through a ``.pth`` file: a plain path entry, so the ``.pth`` files there
(the editable install's finder among them) are not run, and ``kodaira_analysis`` comes
from the wheel only. Everything runs from a folder outside the checkout, without
PYTHONPATH, with XDG_CACHE_HOME pointing at a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

from kodaira_analysis import paths
from kodaira_analysis.plan.tables import TABLES

pytestmark = pytest.mark.slow

ROOT = paths.PACKAGE_DIR.parent
OFFLINE = Path(__file__).parent / "offline"
#: What a copy of the checkout leaves out: environments, built data and reports, caches.
TOP_LEVEL_NOT_COPIED = {".git", ".venv", "build", "dist", "reports", "benchmarks"}
DATA_NOT_COPIED = {"processed", "interim", "external"}
EVERYWHERE_NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*_cache", ".hypothesis")


def _not_copied(folder: str, names: list[str]) -> set[str]:
    ignored = set(EVERYWHERE_NOT_COPIED(folder, names))
    if Path(folder) == ROOT:
        ignored |= TOP_LEVEL_NOT_COPIED & set(names)
    elif Path(folder) == ROOT / "data":
        ignored |= DATA_NOT_COPIED & set(names)
    return ignored


def _uv() -> Path | None:
    beside_python = Path(sys.executable).with_name("uv")
    if beside_python.exists():
        return beside_python
    try:
        from uv import find_uv_bin  # the uv of [dev], wherever its binary went
    except ImportError:
        found = shutil.which("uv")
        return Path(found) if found else None
    return Path(find_uv_bin())


def _setuptools_builds_project() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return Version(setuptools.__version__) >= Version("77")  # pyproject's build-system requirement


def _run(args: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kw)


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the checkout (through its sdist)."""
    uv = _uv()
    if uv is None:
        pytest.skip("uv is not installed (make venv installs it into .venv)")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=_not_copied)
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    command = [uv, "build", "--offline", "--python", sys.executable, "--out-dir", work / "dist", source]
    if _setuptools_builds_project():
        command.insert(2, "--no-build-isolation")
    result = _run(command, env=env)
    if result.returncode != 0 and "offline" in result.stderr.lower():
        pytest.skip(f"uv's cache has no setuptools>=77 to build offline (run make venv once):\n{result.stderr}")
    assert result.returncode == 0, result.stderr
    (built,) = (work / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (the dependencies seen through a .pth file)."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    result = _run([sys.executable, "-m", "venv", folder])
    assert result.returncode == 0, result.stderr
    python = folder / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    ours = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()] or [sysconfig.get_path("purelib")]
    (purelib / "zz_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    result = _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel])
    assert result.returncode == 0, result.stderr
    return folder


def _outside_env(tmp: Path) -> dict[str, str]:
    """No PYTHONPATH to the checkout, no KODAIRA_PROJECT_ROOT, a private cache; the offline guard kept."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "KODAIRA_PROJECT_ROOT", "VIRTUAL_ENV"}}
    return {**env, "PYTHONPATH": str(OFFLINE), "XDG_CACHE_HOME": str(tmp / "cache"), "MPLCONFIGDIR": str(tmp / "mpl")}


LOAD_EVERY_TABLE = """
import json, kodaira_analysis as ka
from kodaira_analysis.plan.tables import TABLES  # the plan's (SSDSE-A's need its files)
for name in TABLES:
    assert len(ka.load(name)) > 0, name
print(json.dumps({"package": ka.__file__, "in_checkout": ka.paths.IN_CHECKOUT, "raw": str(ka.paths.RAW_DIR),
                  "processed": str(ka.paths.PROCESSED_DIR), "version": ka.__version__}))
"""


def test_wheel_carries_every_data_file_the_package_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in TABLES.values():
        assert f"kodaira_analysis/_raw/{table.raw_file}" in names
    assert "kodaira_analysis/_raw/narrative_checks.csv" in names
    assert "kodaira_analysis/_raw/LICENSE.md" in names
    templates = [p for folder in ("page", "reports") for p in (paths.PACKAGE_DIR / folder / "templates").rglob("*.*")]
    for data in (*paths.PACKAGE_DIR.rglob("*.csv"), *templates):
        assert data.relative_to(ROOT).as_posix() in names, f"{data.name} is read at run time but not in the wheel"


def test_every_package_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in paths.PACKAGE_DIR.rglob("__init__.py")}
    assert found | {"kodaira_analysis._raw"} == listed


def test_installed_wheel_loads_every_table_from_any_folder_and_writes_only_to_the_cache(venv, tmp_path):
    python = venv / "bin" / "python"
    before = _listing(venv)
    result = _run([python, "-c", LOAD_EVERY_TABLE], cwd=tmp_path, env=_outside_env(tmp_path))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["package"].startswith(str(venv)), "kodaira_analysis must come from the wheel"
    assert not seen["in_checkout"]
    assert seen["raw"].startswith(str(venv)) and seen["raw"].endswith("_raw")
    processed = tmp_path / "cache" / "kodaira-analysis" / "data" / "processed"
    assert seen["processed"] == str(processed)
    assert {f"{name}.parquet" for name in TABLES} | {"datapackage.json", "data_dictionary.csv"} <= {
        p.name for p in processed.iterdir()
    }
    assert _listing(venv) == before, "nothing may be written into the venv (site-packages)"


def test_missing_package_file_is_its_own_error_and_exit_code(venv, tmp_path):
    python = venv / "bin" / "python"
    env = _outside_env(tmp_path)
    installed = Path(_run([python, "-c", "import kodaira_analysis.paths as p; print(p.PACKAGED_RAW_DIR)"], cwd=tmp_path, env=env).stdout.strip())  # fmt: skip
    (installed / "fiscal_effects.csv").rename(installed / "fiscal_effects.csv.moved")
    try:
        result = _run([python, "-c", "import kodaira_analysis as ka; ka.load('targets')"], cwd=tmp_path, env=env)
        assert result.returncode != 0
        assert "MissingPackageDataError" in result.stderr and "fiscal_effects.csv" in result.stderr
        assert "Reinstall" in result.stderr
        runner = [venv / "bin" / "kodaira-reports", "--config", ROOT / "reports.yml", "build"]
        result = _run(
            [*runner, "--only", "02-staffing-levels-ja", "--out", tmp_path / "reports"], cwd=tmp_path, env=env
        )
        assert result.returncode == 8, result.stdout + result.stderr
        assert "fiscal_effects.csv" in result.stderr and "fiscal_effects.csv" not in result.stdout
    finally:
        (installed / "fiscal_effects.csv.moved").rename(installed / "fiscal_effects.csv")


def test_runner_outside_a_checkout_asks_for_the_config(venv, tmp_path):
    result = _run([venv / "bin" / "kodaira-reports", "build"], cwd=tmp_path, env=_outside_env(tmp_path))
    assert result.returncode == 2
    assert "--config" in result.stdout + result.stderr


def test_the_wheel_registers_the_page_exporter_with_nbconvert(wheel):
    """`jupyter nbconvert --to kodaira` finds the page through the wheel's entry point (tests/page/ runs it)."""
    archive = zipfile.ZipFile(wheel)
    listed = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "[nbconvert.exporters]\nkodaira = kodaira_analysis.page.exporter:KodairaExporter"
        in archive.read(listed).decode()
    )
