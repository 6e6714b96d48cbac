"""The command line's edges (issue 25): no extra, numbers, prepare --out, status --json, render -p."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports import cli
from tests.conftest import run_cli

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {%s}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from kodaira_analysis.reports.cli import main
sys.exit(main(%r))
"""


@pytest.mark.parametrize("blocked", ["'papermill', 'nbconvert'", "'pydantic'", "'nh3', 'jinja2'"])
@pytest.mark.parametrize("argv", [["build"], ["status"], ["render", "02-staffing-levels"]])
def test_without_the_reports_extra_the_command_names_the_pip_command(blocked, argv):
    run = subprocess.run([sys.executable, "-c", BLOCKER % (blocked, argv)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "pip install 'kodaira-analysis[reports]'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("given", "used"), [("30.5", 31), ("0.2", 1), ("600", 600), ("1e2", 100)])
def test_a_fractional_timeout_is_rounded_up_to_whole_seconds(given, used):
    args = cli._parser().parse_args(["build", "--timeout", given])
    assert args.timeout == used and isinstance(args.timeout, int)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["build", "--timeout", "nan"], "--timeout: nan: expected a number of seconds, more than 0"),
        (["build", "--timeout", "-1"], "--timeout: -1: expected"),
        (["build", "--timeout", "0"], "--timeout: 0: expected"),
        (["build", "--timeout", "inf"], "--timeout: inf: expected"),
        (["build", "--wait", "-5"], "--wait: -5: expected a number of seconds, 0 or more, up to 604,800 (a week)"),
        (["build", "--jobs", "0"], "--jobs: 0: expected a whole number from 1 to 256"),
        (["preview", "x", "--timeout", "1e300"], "--timeout: 1e300: expected"),
        (["render", "x", "--timeout", "nan"], "--timeout: nan: expected"),
    ],
)
def test_an_unusable_number_is_refused_by_the_parser_with_exit_2_naming_option_and_bound(argv, fragment, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert fragment in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["build", "--timeout", "abc"], ["build", "--jobs", "1.5"]])
def test_a_value_that_is_no_number_is_refused_by_the_parser(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "argument --" in err and f"{argv[-1]}: expected" in err


def test_prepare_into_a_missing_folder_is_a_message_not_a_traceback(tmp_path):
    code, printed = run_cli("prepare", "02-staffing-levels-ja", "--out", "/no/such/dir/x.ipynb")
    assert code == 2
    assert "the folder /no/such/dir does not exist" in printed.err and "Traceback" not in printed.err


@pytest.mark.parametrize("planted", ["link to /dev/zero", "dangling link", "FIFO", "folder"])
def test_list_refuses_a_manifest_that_the_runner_did_not_write_with_exit_7(tmp_path, planted):
    """list, like status and build, reads the manifest only as a small regular file: a message and exit 7."""
    manifest = tmp_path / "manifest.json"
    if planted == "link to /dev/zero":
        manifest.symlink_to("/dev/zero")
    elif planted == "dangling link":
        manifest.symlink_to(tmp_path / "nowhere.json")
    elif planted == "FIFO":
        os.mkfifo(manifest)
    else:
        manifest.mkdir()
    code, printed = run_cli("list", "--out", str(tmp_path))
    assert code == 7, printed.err
    assert "manifest.json" in printed.err and "Traceback" not in printed.err


def test_prepare_through_a_dangling_link_writes_nothing_at_its_target(tmp_path):
    target = tmp_path / "elsewhere" / "planted.ipynb"
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "x.ipynb"
    link.symlink_to(target)
    code, printed = run_cli("prepare", "02-staffing-levels-ja", "--out", str(link))
    assert code == 2
    assert "symbolic link" in printed.err
    assert not target.exists()
    code, printed = run_cli("prepare", "02-staffing-levels-ja", "--out", str(tmp_path / "ok.ipynb"))
    assert code == 0 and json.loads((tmp_path / "ok.ipynb").read_text(encoding="utf-8"))["cells"]
    code, printed = run_cli("prepare", "02-staffing-levels-ja", "--out", str(tmp_path / "ok.ipynb"))
    assert code == 2 and "exists" in printed.err


def test_status_json_gives_fields(tmp_path):
    code, printed = run_cli("status", "--json", "--only", "02-staffing-levels-ja", "--out", str(tmp_path / "r"))
    assert code == 0, printed.err
    data = json.loads(printed.out)
    assert data["out_dir"] == str((tmp_path / "r").resolve())
    [report] = data["reports"]
    assert report["name"] == "02-staffing-levels-ja"
    assert report["action"] == "rebuild" and report["reasons"] == ["never built"]
    assert report["notebook"] == "02-staffing-levels.ipynb" and report["parameters"] == {"lang": "ja"}
    assert data["counts"] == {"rebuild": 1, "up_to_date": 0, "skip": 0}


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["-p", "municipality_code", "01000"], "01000 (unquoted) is read by YAML 1.1 as 512"),
        (["-p", "municipality_code", "123"], "municipality_code=123 is not allowed"),
        (["-p", "nope", "1"], "nope=1 is not allowed"),
        (["-p", "api_token", "x"], "no secret"),
        (["-p", "lang", "ja", "--lang", "en"], "disagree"),
        (["-p", "year", "2020", "-p", "year", "2021"], "given twice"),
        (["-p", "bad-name", "1"], "not a parameter name"),
    ],
)
def test_render_checks_parameters_before_any_kernel_starts(tmp_path, argv, fragment):
    code, printed = run_cli("render", "05-tama-peers", *argv, "--out", str(tmp_path / "r"))
    assert code == 2
    assert fragment in printed.err and "Traceback" not in printed.err
    assert not (tmp_path / "r").exists()


def test_render_refuses_a_notebook_it_does_not_know_or_a_fifo(tmp_path):
    code, printed = run_cli("render", "99-none", "--out", str(tmp_path / "r"))
    assert code == 2 and "the notebooks are" in printed.err
    fifo = tmp_path / "02-staffing-levels.ipynb"
    os.mkfifo(fifo)
    code, printed = run_cli("render", str(fifo), "--out", str(tmp_path / "r"))
    assert code == 2 and "no such notebook file" in printed.err


@pytest.mark.notebooks
def test_render_runs_a_notebook_with_its_own_parameters(tmp_path):
    out = tmp_path / "rendered"
    code, printed = run_cli(
        "render", str(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb"), "-p", "start_fiscal_year", "2012",
        "--lang", "en", "--out", str(out), "--timeout", "120.5",
    )  # fmt: skip
    assert code == 0, printed.err
    page = Path(printed.out.strip())
    assert page.parent == out and re.fullmatch(r"02-staffing-levels-en-2012-[0-9a-f]{8}\.html", page.name)
    html = page.read_text(encoding="utf-8")
    assert '"start_fiscal_year": 2012' in html and 'lang="en"' in html


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../shared/data/ssdse-a", str(Path("../shared/data/ssdse-a").resolve())),
        ("data", str(Path("data").resolve())),
        ("/already/absolute", "/already/absolute"),
        ("", ""),  # set but empty: left alone (the source's own default applies)
    ],
)
def test_a_relative_data_folder_is_made_absolute_before_any_kernel_starts(given, expected):
    environ = {name: given for name in paths.PATH_VARIABLES} | {"KODAIRA_CHROMIUM": "chromium"}
    paths.absolute_path_variables(environ)
    assert all(environ[name] == expected for name in paths.PATH_VARIABLES)
    assert environ["KODAIRA_CHROMIUM"] == "chromium", "a command name is looked up on PATH, never made a path"


@pytest.mark.notebooks
def test_a_report_rendered_with_relative_data_folders_uses_the_data(tmp_path, monkeypatch):
    """A committee reader's build: KODAIRA_SSDSE_DIR=../shared/... from the checkout gave pages 'built without'."""
    from tests.conftest import SHARED_MIC, SHARED_SSDSE, require_shared_mic, require_shared_ssdse

    require_shared_ssdse(), require_shared_mic()
    monkeypatch.chdir(paths.PROJECT_ROOT)
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", os.path.relpath(SHARED_SSDSE))
    monkeypatch.setenv("KODAIRA_MIC_DIR", os.path.relpath(SHARED_MIC))
    code, printed = run_cli(
        "render", str(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb"), "--lang", "en", "--out", str(tmp_path)
    )
    assert code == 0, printed.err
    html = Path(printed.out.strip()).read_text(encoding="utf-8")
    assert "built without" not in html, "the kernel, in the notebooks' folder, must find the data the runner found"


@pytest.mark.parametrize("raised", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_prepare_cut_short_leaves_no_half_written_notebook(tmp_path, monkeypatch, raised):
    import nbformat

    def cut_short(notebook, handle, *args, **kwargs):
        handle.write('{"cells": [')
        raise raised

    monkeypatch.setattr(nbformat, "write", cut_short)
    target = tmp_path / "x.ipynb"
    if isinstance(raised, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            run_cli("prepare", "02-staffing-levels-ja", "--out", str(target))
    else:
        code, printed = run_cli("prepare", "02-staffing-levels-ja", "--out", str(target))
        assert code == 7 and "No space left on device" in printed.err and str(target) in printed.err
    assert not target.exists()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"municipality_code": 27210, "lang": "en", "measures": ["current_balance_ratio", "staff_per_1000",
          "fiscal_capability_index"], "peer_group": "prefecture_cities", "year": 2020},
         {"municipality_code": 13229, "lang": "en", "measures": ["current_balance_ratio", "staff_per_1000",
          "fiscal_capability_index"], "peer_group": "prefecture_cities", "year": 2020}),  # the code cut at 64
        ({"year": 2020}, {"municipality_code": 2020}),  # the same values, read alike
        ({"measures": ["a-b"]}, {"measures": ["a", "b"]}),
    ],
)  # fmt: skip
def test_two_renders_with_different_parameters_never_share_a_file(one, other, monkeypatch):
    """A researcher's render of Hirakata (27210) was replaced by one of Nishitokyo: both names lost the code."""
    from kodaira_analysis.present import parameters
    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.drafts import custom_job
    from kodaira_analysis.reports.model import NAME

    monkeypatch.setattr(parameters, "check_job_parameters", lambda stem, values: values)  # the names alone
    notebook = paths.NOTEBOOKS_DIR / "05-tama-peers.ipynb"
    base = Job("05-tama-peers", notebook, "05-tama-peers")
    names = [custom_job(notebook, given, base=base).name for given in (one, other, dict(one))]
    assert names[0] != names[1] and names[0] == names[2], names
    assert all(NAME.fullmatch(name) for name in names), names
