"""reports.yml through its schema: messages naming file, job and field; {field}-only templates; YAML 1.1 guesses."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports.cli import main
from kodaira_analysis.reports.config import ConfigError, load_jobs

STAFF = "notebooks/02-staffing-levels.ipynb"


def config(folder: Path, text: str) -> Path:
    (folder / "notebooks").mkdir(exist_ok=True)
    shutil.copy(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", folder / "notebooks")
    path = folder / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return path


def grid(title: str) -> str:
    return (
        "jobs:\n  - name: 'staff-{lang}'\n    notebook: " + STAFF + "\n    title: '" + title + "'\n"
        "    matrix: {lang: [ja, en]}\n"
    )


def refused(tmp_path: Path, text: str, *fragments: str) -> str:
    path = config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_jobs(path)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert main(["--config", str(path), "status", "--out", str(tmp_path / "out")]) == 2
    return message


@pytest.mark.parametrize(
    "template",
    ["{lang:>1500000000}", "{lang.__class__.__mro__}", "{lang.nope}", "{lang!r}", "{lang[0]}", "{0}", "{}", "a } b"],
)
def test_a_template_takes_only_plain_field_names(tmp_path, template, capsys):
    started = time.perf_counter()
    message = refused(tmp_path, grid(template), "reports.yml", "job 1", "plain {field} names")
    assert time.perf_counter() - started < 5  # nothing was filled: no gigabyte string, no attribute walked
    assert "__mro__" not in capsys.readouterr().out
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ("{lang:" * 30_000 + "}" * 30_000, "plain {field} names"),  # format specs nested in format specs
        ("{" * 60_000 + "lang" + "}" * 60_000, "more than 500"),  # escaped braces: text too long for a title
        ("{" * 60_001 + "lang" + "}" * 60_001, "more than 500"),
    ],
)
def test_sixty_thousand_nested_brackets_are_a_configuration_error_not_a_recursion(tmp_path, capsys, template, fragment):
    message = refused(tmp_path, grid(template), fragment)
    assert len(message) < 1000
    assert "RecursionError" not in capsys.readouterr().err


def test_plain_fields_and_escaped_braces_fill(tmp_path):
    jobs = load_jobs(config(tmp_path, grid("Staff {{{lang}}}")))
    assert [(j.name, j.title) for j in jobs] == [("staff-ja", "Staff {ja}"), ("staff-en", "Staff {en}")]


def test_a_field_that_is_no_parameter_names_the_parameters(tmp_path):
    refused(tmp_path, grid("{nope}"), "{nope} is not a parameter", "'lang'")


@pytest.mark.parametrize(
    ("line", "written", "advice"),
    [
        ("parameters: {start_fiscal_year: 02012}", "02012", "'02012'"),
        ("parameters: {show_target: yes}", "yes", "write true"),
        ("parameters: {show_target: off}", "off", "write false"),
        ("parameters: {start_fiscal_year: 2_012}", "2_012", "'2_012'"),
        ("title: 1:30", "1:30", "'1:30'"),
    ],
)
def test_yaml_1_1_guesses_are_reported_with_what_was_written(tmp_path, line, written, advice):
    text = f"jobs:\n  - name: staff\n    notebook: {STAFF}\n    {line}\n"
    message = refused(tmp_path, text, "reports.yml, line 4", f"{written} (unquoted) is read by YAML 1.1", advice)
    assert re.search(r"column \d+", message)


def test_an_octal_municipality_code_says_what_was_written_not_512(tmp_path):
    text = "jobs:\n  - name: peers\n    notebook: notebooks/05-tama-peers.ipynb\n    parameters: {municipality_code: 01000}\n"
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    shutil.copy(paths.NOTEBOOKS_DIR / "05-tama-peers.ipynb", tmp_path / "notebooks")
    message = refused(tmp_path, text, "01000 (unquoted)", "as 512", "write '01000' in quotes")
    assert "municipality_code=512" not in message


@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        ("audience: public", ("job 1 ('staff')", "audience='public'", "'committee' or 'research'")),
        ("title: {a: 1}", ("job 1 ('staff')", "title={'a': 1}", "(text)")),
        ("requires: [[ssdse]]", ("requires=[['ssdse']]", "item 1")),
        ("colour: red", ("unknown field(s) ['colour']", "the fields are name, notebook")),
        ("parameters: {lang: fr}", ("job 'staff'", "parameters:", "lang='fr'")),
        ("matrix: {lang: ja}", ("matrix={'lang': 'ja'}", "a valid list")),
    ],
)
def test_messages_name_the_file_the_job_and_the_field(tmp_path, line, fragments):
    refused(tmp_path, f"jobs:\n  - name: staff\n    notebook: {STAFF}\n    {line}\n", "reports.yml: ", *fragments)


def test_unknown_top_level_keys_and_huge_grids_are_refused(tmp_path):
    refused(tmp_path, f"jobs:\n  - name: staff\n    notebook: {STAFF}\njbos: []\n", "unknown top-level key(s) ['jbos']")
    many = "[" + ", ".join(f"'{i}'" for i in range(40)) + "]"
    text = (
        "jobs:\n  - name: 's-{lang}-{a}-{b}'\n    notebook: "
        + STAFF
        + f"\n    matrix: {{lang: [ja, en], a: {many}, b: {many}}}\n"
    )
    refused(tmp_path, text, "3,200 combinations", "limit of 1,000")


def test_the_projects_reports_yml_passes():
    assert len(load_jobs(paths.PROJECT_ROOT / "reports.yml")) >= 10
