"""Command-line conventions (issue 15): results on stdout, a timestamped log on stderr (-q, -v), errors that
name the configuration file, and `status` / `build --dry-run` saying which input made a report stale."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from filelock import FileLock

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.errors import MissingPackageDataError, RawDataError
from kodaira_analysis.reports import owned
from kodaira_analysis.reports.logs import OneLineFormatter
from kodaira_analysis.reports.model import ExitCode
from kodaira_analysis.reports.status import changed_inputs
from tests.conftest import build_reports, require_shared_ssdse, run_cli, snapshot

#: One log line: ISO 8601 local time with its UTC offset, the level, the message.
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) +\S.*")


def log_lines(err: str) -> list[str]:
    lines = err.splitlines()
    assert all(LOG_LINE.fullmatch(line) for line in lines), f"every stderr line is one timestamped event:\n{err}"
    return lines


def small_config(folder: Path, **job: object) -> Path:
    """reports.yml with one job on a copy of notebook 02 (English)."""
    (folder / "notebooks").mkdir(exist_ok=True)
    shutil.copy(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", folder / "notebooks")
    entry = {
        "name": "staff",
        "notebook": "notebooks/02-staffing-levels.ipynb",
        "title": "Staff",
        "parameters": {"lang": "en"},
        **job,
    }
    config = folder / "reports.yml"
    config.write_text(yaml.safe_dump({"jobs": [entry]}, allow_unicode=True), encoding="utf-8")
    return config


# ---------------------------------------------------------------- the log: format, -q, -v


def test_a_log_line_is_one_line_in_local_time_with_its_offset():
    import logging

    record = logging.LogRecord("kodaira_analysis.reports", logging.ERROR, __file__, 1, "first\nsecond", None, None)
    line = OneLineFormatter().format(record)
    assert LOG_LINE.fullmatch(line) and line.endswith("ERROR   first | second")


def test_quiet_and_verbose(tmp_path, monkeypatch):
    """A build with only a skipped report (no kernel): progress at INFO, the detail at DEBUG, the table on stdout."""
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path / "none"))
    out = tmp_path / "out"
    code, printed = build_reports(out, "--only", "05-tama-peers-en")
    assert code == 0, printed
    assert any("05-tama-peers-en: skipped" in line for line in log_lines(printed.err))
    assert "05-tama-peers-en" in printed.out and "index:" in printed.out, "the summary, the result, on stdout"
    assert " INFO " not in printed.out and " DEBUG " not in printed.err
    code, quiet = build_reports(out, "--only", "05-tama-peers-en", "-q")
    assert code == 0 and quiet.err == "" and quiet.out == printed.out, "-q: no progress; results still on stdout"
    code, verbose = run_cli("-v", "build", "--out", str(out), "--only", "05-tama-peers-en")
    lines = log_lines(verbose.err)
    assert code == 0 and any(
        " DEBUG " in line and "input data file data/raw/fiscal_effects.csv" in line for line in lines
    )
    assert any(
        " DEBUG " in line and "inputs of 05-tama-peers-en: notebook notebooks/05-tama-peers.ipynb" in line
        for line in lines
    )


# ---------------------------------------------------------------- errors: stderr, the config's absolute path, exit code


def _locked(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    return FileLock(out / ".build.lock")


def _not_owned(out: Path) -> None:
    out.mkdir(parents=True)
    (out / "minutes.docx").write_text("keep me", encoding="utf-8")


def _raise(exc: BaseException):
    def fail(*_args, **_kwargs):
        raise exc

    return fail


ERRORS = {
    "bad YAML": ("config", "jobs: [\n", [], ExitCode.CONFIG, "not valid YAML"),
    "bad parameters": ("config", {"parameters": {"lang": "en", "colour": "red"}}, [], ExitCode.CONFIG, "colour"),
    "unknown --only": ("config", {}, ["--only", "nope"], ExitCode.CONFIG, "no job named ['nope']"),
    "folder not ours": ("out", _not_owned, [], ExitCode.CONFIG, "was not created by kodaira-reports"),
    "unwritable": ("patch", (owned, "claim", PermissionError(13, "Permission denied")), [], ExitCode.WRITE, "cannot write"),
    "bad data": ("patch", (ka, "build_data", RawDataError("fiscal_effects.csv", "cannot be read")), [], ExitCode.DATA, "data build failed"),
    "package data": ("patch", (ka, "build_data", MissingPackageDataError("fiscal_effects.csv")), [], ExitCode.PACKAGE_DATA, "fiscal_effects.csv"),
}  # fmt: skip


@pytest.mark.parametrize("case", [*ERRORS, "lock held"])
def test_every_error_names_the_config_on_stderr(tmp_path, monkeypatch, case):
    kind, detail, options, expected, fragment = ERRORS.get(case, ("lock", None, [], ExitCode.LOCKED, "another"))
    config = small_config(tmp_path, **(detail if kind == "config" and isinstance(detail, dict) else {}))
    if kind == "config" and isinstance(detail, str):
        config.write_text(detail, encoding="utf-8")
    out = tmp_path / "out"
    if kind == "out":
        detail(out)
    if kind == "patch":
        target, name, exc = detail
        monkeypatch.setattr(target, name, _raise(exc))
    monkeypatch.chdir(tmp_path)  # --config given relative: the error names it absolute
    argv = ["--config", "reports.yml", "build", "--out", str(out), *options]
    if kind == "lock":
        with _locked(out):
            code, printed = run_cli(*argv)
    else:
        code, printed = run_cli(*argv)
    assert code == expected, printed
    errors = [line for line in log_lines(printed.err) if " ERROR " in line]
    assert errors and all(f"[config {config.resolve()}]" in line for line in errors), printed.err
    assert fragment in printed.err and fragment not in printed.out and "ERROR" not in printed.out


def test_status_errors_name_the_config(tmp_path, monkeypatch):
    config = small_config(tmp_path, parameters={"lang": "fr"})
    code, printed = run_cli("--config", str(config), "status", "--out", str(tmp_path / "out"))
    assert code == ExitCode.CONFIG and printed.out == ""
    assert "lang='fr'" in printed.err and f"[config {config.resolve()}]" in printed.err
    config = small_config(tmp_path)
    monkeypatch.setattr(ka, "raw_checksums", _raise(RawDataError("fiscal_effects.csv", "cannot be read")))
    code, printed = run_cli("--config", str(config), "status", "--out", str(tmp_path / "out"))
    assert code == ExitCode.DATA and "fiscal_effects.csv" in printed.err and printed.out == ""


def test_changed_inputs_says_new_and_removed():
    recorded = {"notebook a": "1", "parameters": "2", "data file data/raw/old.csv": "3"}
    current = {"notebook a": "1", "parameters": "9", "SSDSE-A edition SSDSE-A-2024.csv": "4"}
    assert changed_inputs(recorded, current) == [
        "parameters",
        "SSDSE-A edition SSDSE-A-2024.csv (new)",
        "data file data/raw/old.csv (removed)",
    ]


# ---------------------------------------------------------------- status and build --dry-run


def status(config: Path, out: Path, *options: str) -> str:
    """`status`: exit 0 and one stdout line per job; return the reasons of job 'staff'."""
    code, printed = run_cli("--config", str(config), "status", "--out", str(out), *options)
    assert code == 0, printed
    assert printed.err == "", "status logs nothing at the default level"
    row = next(line for line in printed.out.splitlines() if line.startswith("staff "))
    return re.split(r"\s{2,}", row, maxsplit=2)[-1] if row.split()[1] == "rebuild" else row.split(None, 1)[1]


@pytest.mark.notebooks
def test_status_names_each_input_that_changed(tmp_path, monkeypatch):
    ssdse = require_shared_ssdse()
    editions = tmp_path / "ssdse-a"
    shutil.copytree(ssdse, editions)  # a copy whose files this test may touch
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(editions))
    config, out = small_config(tmp_path), tmp_path / "out"
    assert status(config, out) == "never built"
    code, printed = build_reports(out, config=config)
    assert code == 0, printed
    assert "staff: to build (never built)" in printed.err
    assert status(config, out) == "up to date"

    # status writes nothing, needs no lock a build holds, and starts no kernel
    from jupyter_client.manager import KernelManager

    from kodaira_analysis.reports import workers

    monkeypatch.setattr(KernelManager, "start_kernel", _raise(AssertionError("status started a kernel")))
    monkeypatch.setattr(workers.Pool, "run", _raise(AssertionError("status ran a job")))
    before = snapshot(out)
    with FileLock(out / ".build.lock"):
        assert status(config, out) == "up to date"
    assert snapshot(out) == before

    def changed(edit, *, undo) -> str:
        edit()
        try:
            return status(config, out)
        finally:
            undo()

    notebook = tmp_path / "notebooks" / "02-staffing-levels.ipynb"
    source = notebook.read_bytes()
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("An added note."))
    assert changed(lambda: nbformat.write(nb, notebook), undo=lambda: notebook.write_bytes(source)) == (
        "notebook notebooks/02-staffing-levels.ipynb"
    )
    text = config.read_text(encoding="utf-8")
    for edit, reason in (
        (lambda: small_config(tmp_path, parameters={"lang": "en", "show_target": False}), "parameters"),
        (lambda: small_config(tmp_path, title="Staff, retitled"), "config"),
    ):
        assert changed(edit, undo=lambda: config.write_text(text, encoding="utf-8")) == reason

    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR, raw)
    with (raw / "glossary.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    real_checksums = ka.raw_checksums
    with monkeypatch.context() as patch:
        patch.setattr(ka, "raw_checksums", lambda: real_checksums(raw))
        assert status(config, out) == "data file data/raw/glossary.csv"

    library = tmp_path / "kodaira_analysis"
    shutil.copytree(paths.PACKAGE_DIR, library, ignore=shutil.ignore_patterns("__pycache__"))
    with (library / "japanese" / "__init__.py").open("a", encoding="utf-8") as handle:
        handle.write("# an edit\n")
    with monkeypatch.context() as patch:
        patch.setattr(paths, "PACKAGE_DIR", library)
        assert status(config, out) == "library code"

    edition = editions / "SSDSE-A-2018.csv"
    seen = edition.stat()
    touch = lambda: os.utime(edition, ns=(seen.st_atime_ns, seen.st_mtime_ns + 10**9))  # noqa: E731
    assert changed(touch, undo=lambda: os.utime(edition, ns=(seen.st_atime_ns, seen.st_mtime_ns))) == (
        "SSDSE-A edition SSDSE-A-2018.csv"
    )

    page = out / "staff.html"
    html = page.read_bytes()
    assert changed(page.unlink, undo=lambda: page.write_bytes(html)) == "output missing"

    manifest = out / "manifest.json"
    recorded = manifest.read_text(encoding="utf-8")
    old = json.loads(recorded)
    del old["reports"]["staff"]["inputs"]  # a manifest written before per-input hashes
    assert (
        changed(
            lambda: manifest.write_text(json.dumps(old), encoding="utf-8"),
            undo=lambda: manifest.write_text(recorded, encoding="utf-8"),
        )
        == "inputs unknown (recorded by an older kodaira-reports)"
    )

    # build --dry-run prints what status prints, and --force says so
    small_config(tmp_path, title="Staff, retitled")
    code, dry = run_cli("--config", str(config), "build", "--dry-run", "--out", str(out))
    code_status, listed = run_cli("--config", str(config), "status", "--out", str(out))
    assert code == code_status == 0 and dry.out == listed.out and "staff" in dry.out
    assert "1 of 1 report(s) would be rebuilt" in dry.out
    code, forced = run_cli("--config", str(config), "build", "--dry-run", "--force", "--out", str(out))
    assert code == 0 and "forced (--force); config" in forced.out
    assert snapshot(out) == before


def test_jobs_start_longest_first_and_untimed_ones_before_all():
    from pathlib import Path

    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.status import longest_first

    jobs = [Job(name, Path(f"{name}.ipynb"), name, "committee", {}, (), None) for name in "abcde"]
    manifest = {"reports": {"a": {"seconds": 2.0}, "b": {"seconds": 9.5}, "c": {}, "d": {"seconds": 2.0}}}
    assert [j.name for j in longest_first(jobs, manifest)] == ["c", "e", "b", "a", "d"]
    assert [j.name for j in longest_first(jobs, {})] == list("abcde"), "no manifest: the configuration's order"


def test_a_relative_out_folder_is_taken_from_where_the_command_runs(tmp_path, monkeypatch):
    """Kernels start in notebooks/: a relative --out reached them as a path from there, and every report failed."""
    from kodaira_analysis.reports import build, cli

    monkeypatch.chdir(tmp_path)
    seen = {}
    monkeypatch.setattr(build, "build_reports", lambda out, **options: seen.setdefault("out", out) and 0)
    cli.main(["build", "--out", "rel"])
    assert seen["out"] == tmp_path / "rel" and seen["out"].is_absolute()


def test_only_given_twice_keeps_every_name(tmp_path, capsys):
    """``--only A --only B`` kept only B (argparse's default replaces an option given again)."""
    from kodaira_analysis.reports.cli import _parser, main

    for command in ("build", "status"):
        args = _parser().parse_args([command, "--only", "a", "b", "--only", "c"])
        assert args.only == ["a", "b", "c"], command
    two = ["--only", "04-reform-progress-en", "--only", "04-reform-progress-ja"]
    assert main(["status", "--out", str(tmp_path / "out"), *two]) == 0
    listed = capsys.readouterr().out
    assert "04-reform-progress-en" in listed and "04-reform-progress-ja" in listed
    assert "2 of 2 report(s) would be rebuilt" in listed, listed
