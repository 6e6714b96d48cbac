"""Every command stops on bad data with the same exit code (issue 25): one mapping from an error's type to its
code (``model.exit_code_of``), one list of external sources checked against their pinned hashes (``provenance.SOURCES``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.errors import MissingPackageDataError, RawDataError
from kodaira_analysis.reports import signals
from kodaira_analysis.reports.config import ConfigError
from kodaira_analysis.reports.model import ExitCode, exit_code_of
from kodaira_analysis.reports.owned import Locked, NotOwnedError
from kodaira_analysis.reports.publisher import FolderError
from kodaira_analysis.reports.status import DataError
from tests.conftest import require_shared_mic, run_cli


def _raise(exc: BaseException):
    def fail(*_args, **_kwargs):
        raise exc

    return fail


def _argv(command: str, out: Path) -> list[str]:
    """A command that reads the data before it runs anything, on report 02 (a job, or the notebook)."""
    return {
        "build": ["build", "--no-pdf", "--only", "02-staffing-levels-ja", "--out", str(out)],
        "status": ["status", "--only", "02-staffing-levels-ja", "--out", str(out)],
        "render": ["render", "02-staffing-levels", "--out", str(out)],
        "preview": ["preview", "02-staffing-levels-ja", "--out", str(out)],
    }[command]


def test_an_errors_type_gives_its_exit_code():
    cases = {
        ConfigError("x"): ExitCode.CONFIG,
        NotOwnedError("x"): ExitCode.CONFIG,
        Locked("x"): ExitCode.LOCKED,
        RawDataError("a.csv", "x"): ExitCode.DATA,
        DataError("x"): ExitCode.DATA,
        MissingPackageDataError("a.csv"): ExitCode.PACKAGE_DATA,
        FolderError("x"): ExitCode.WRITE,
        PermissionError(13, "Permission denied"): ExitCode.WRITE,
    }
    assert {type(exc).__name__: exit_code_of(exc) for exc in cases} == {
        type(exc).__name__: code for exc, code in cases.items()
    }
    with pytest.raises(ZeroDivisionError):  # not an error a command expects: a traceback, never a made-up code
        exit_code_of(ZeroDivisionError())


DATA_ERRORS = {
    "bad raw data": ("build_data", RawDataError("fiscal_effects.csv", "cannot be read"), ExitCode.DATA, "fiscal_effects.csv"),
    "package data": ("build_data", MissingPackageDataError("fiscal_effects.csv"), ExitCode.PACKAGE_DATA, "Reinstall"),
    "unreadable raw file": ("raw_checksums", PermissionError(13, "Permission denied", "x.csv"), ExitCode.DATA, "Permission denied"),
}  # fmt: skip


@pytest.mark.parametrize("command", ["build", "status", "render", "preview"])
@pytest.mark.parametrize("case", DATA_ERRORS)
def test_every_command_stops_on_bad_data_with_the_builds_exit_code(tmp_path, monkeypatch, command, case):
    name, exc, expected, fragment = DATA_ERRORS[case]
    if command == "status" and name == "build_data":  # status builds nothing: it reads the raw files' hashes
        name = "raw_checksums"
    monkeypatch.setattr(ka, name, _raise(exc))
    out = tmp_path / "r"
    code, printed = run_cli(*_argv(command, out))
    assert code == expected, printed
    assert fragment in printed.err and "Traceback" not in printed.err
    assert not (out / "02-staffing-levels-ja.html").exists()
    if command != "build":  # (a build claims its folder first, and leaves its reports as they were)
        assert not out.exists(), "nothing written when the data is bad"


@pytest.fixture
def mic_copy(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "mic"
    shutil.copytree(require_shared_mic(), folder)
    monkeypatch.setenv("KODAIRA_MIC_DIR", str(folder))
    return folder


@pytest.mark.parametrize("file", ["city/H17.xls", "prefecturemean/R3.xlsx"])
@pytest.mark.parametrize("command", ["build", "status", "render", "preview"])
def test_a_tampered_mic_file_stops_every_command_naming_the_file(tmp_path, mic_copy, command, file):
    """Edited in place, same size: the pinned SHA-256 catches it before any report runs (exit 6)."""
    path = mic_copy / file
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    out = tmp_path / "r"
    code, printed = run_cli(*_argv(command, out))
    assert code == ExitCode.DATA, printed
    assert file in printed.err and "SHA-256" in printed.err and "Traceback" not in printed.err
    assert not (out / "02-staffing-levels-ja.html").exists()


def test_status_lists_a_mic_file_as_an_input_of_its_own(mic_copy):
    from kodaira_analysis.reports.status import external_state

    labels = set(external_state())
    assert "MIC file city/H17.xls" in labels and "MIC file prefecturemean/H17.xls" in labels
    assert not any(label.startswith("SSDSE-A") and "mic" in label.lower() for label in labels)


def test_a_render_of_a_newer_paired_py_leaves_no_stray_notebook(tmp_path, monkeypatch):
    """The .py's conversion went to <out>/<notebook>.ipynb and stayed there: a command removes what it made."""
    import os

    from kodaira_analysis.reports import drafts, executor

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = notebooks / "02-staffing-levels.ipynb"
    shutil.copy(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", notebook)
    shutil.copy(paths.NOTEBOOKS_DIR / "02-staffing-levels.py", notebooks / "02-staffing-levels.py")
    os.utime(notebooks / "02-staffing-levels.py", ns=(notebook.stat().st_atime_ns, notebook.stat().st_mtime_ns + 10**9))
    ran: list[Path] = []

    def run_job(task, spare=None):  # the kernel's part is not what this test is about
        ran.append(Path(task.job.notebook))
        assert ran[-1].is_file() and ran[-1].parent != notebooks
        return executor.JobResult(task.job.name, executor.Outcome.CELL_ERROR, error="stopped here")

    monkeypatch.setattr(executor, "run_job", run_job)
    job = drafts.custom_job(notebook, {})
    out = tmp_path / "out"
    result = drafts.render_into(job, out, 60, signals.StopFlag())
    assert result is not None and result.outcome == "cell_error" and ran
    assert not ran[0].exists(), "the converted notebook is removed"
    assert {p.name for p in out.iterdir()} <= {".build.lock", ".kodaira-reports", "executed"}
    assert not list((out / "executed").iterdir())
