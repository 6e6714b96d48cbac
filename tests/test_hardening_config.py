"""Hostile configuration and command lines: reports.yml, numeric options, --out folders, state files (issue 14)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports import build as runner_build
from kodaira_analysis.reports import owned
from kodaira_analysis.reports.cli import main
from kodaira_analysis.reports.config import ConfigError, load_jobs
from kodaira_analysis.reports.model import ExitCode
from kodaira_analysis.reports.owned import read_manifest
from tests.conftest import build_reports as build

GOOD_JOB = """\
  - name: fiscal-en
    notebook: notebooks/01-fiscal-trends.ipynb
    title: Fiscal
    parameters: {lang: en}
"""


def config_with(tmp_path: Path, text: str | bytes, *, notebook: bool = True) -> Path:
    if notebook:
        (tmp_path / "notebooks").mkdir(exist_ok=True)
        (tmp_path / "notebooks" / "01-fiscal-trends.ipynb").write_bytes(
            (paths.NOTEBOOKS_DIR / "01-fiscal-trends.ipynb").read_bytes()
        )
    config = tmp_path / "reports.yml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return config


# ---------------------------------------------------------------- reports.yml read safely


BAD_CONFIGS = [
    ("billion laughs", 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\njobs: []\n', "aliases"),
    ("anchor and merge key", "base: &base {audience: research}\njobs:\n  - <<: *base\n" + GOOD_JOB[4:], "aliases"),
    ("duplicate key in a job", "jobs:\n" + GOOD_JOB + "    title: Other\n", "appears twice"),
    ("duplicate top-level key", "jobs: []\njobs:\n" + GOOD_JOB, "appears twice"),
    ("name with a trailing newline", 'jobs:\n  - name: "fiscal-en\\n"\n' + GOOD_JOB.split("\n", 1)[1], "name="),
    ("name with a path", 'jobs:\n  - name: "../../etc/x"\n' + GOOD_JOB.split("\n", 1)[1], "name="),
    ("a list for a name", "jobs:\n  - name: [a]\n" + GOOD_JOB.split("\n", 1)[1], "name=['a']"),
    ("a number for the notebook", "jobs:\n  - name: x\n    notebook: 12\n", "notebook=12"),
    ("a mapping for the title", "jobs:\n" + GOOD_JOB.replace("title: Fiscal", "title: {a: 1}"), "title="),
    ("a list for requires", "jobs:\n" + GOOD_JOB + "    requires: [[ssdse]]\n", "requires="),
    ("jobs is text", "jobs: everything\n", "non-empty list 'jobs'"),
    ("top level is a list", "- 1\n- 2\n", "non-empty list 'jobs'"),
    ("a python tag", "jobs: !!python/object/apply:os.system ['id']\n", "not valid YAML"),
    ("a notebook outside notebooks/", "jobs:\n" + GOOD_JOB.replace("notebooks/01", "elsewhere/01"), "outside"),
    ("a parameter list key", "jobs:\n" + GOOD_JOB.replace("{lang: en}", "{[a]: 1}"), "not valid YAML"),
]


@pytest.mark.parametrize(("case", "text", "fragment"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_malformed_reports_yml_is_a_configuration_error(tmp_path, case, text, fragment):
    if "elsewhere" in text:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "01-fiscal-trends.ipynb").write_bytes(
            (paths.NOTEBOOKS_DIR / "01-fiscal-trends.ipynb").read_bytes()
        )
    config = config_with(tmp_path, text)
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        load_jobs(config)
    code, log = build(tmp_path / "out", config=config)
    assert code == ExitCode.CONFIG, log
    assert fragment in log.err


def test_cp932_text_a_folder_a_nul_and_a_huge_file_are_configuration_errors(tmp_path):
    cases = {
        "cp932": ("jobs:\n" + GOOD_JOB.replace("Fiscal", "財政")).encode("cp932"),
        "nul": b"jobs: []\x00\n",
        "huge": b"# " + b"x" * (300 * 1024) + b"\njobs: []\n",
    }
    fragments = {"cp932": "not UTF-8 text", "nul": "NUL byte", "huge": "more than the limit"}
    for case, data in cases.items():
        config = config_with(tmp_path / case if (tmp_path / case).mkdir() is None else tmp_path, data)
        code, log = build(tmp_path / "out", config=config)
        assert code == ExitCode.CONFIG and fragments[case] in log.err, (case, log)
    code, log = build(tmp_path / "out", config=tmp_path)
    assert code == ExitCode.CONFIG and "is a folder" in log.err


def test_an_oversized_parameter_is_not_echoed_whole(tmp_path):
    huge = "x" * 100_000
    config = config_with(tmp_path, "jobs:\n" + GOOD_JOB.replace("{lang: en}", "{lang: " + huge + "}"))
    with pytest.raises(ConfigError) as info:
        load_jobs(config)
    message = str(info.value)
    assert len(message) < 1000 and "100,002 characters" in message


# ---------------------------------------------------------------- numeric options


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--jobs", "0"], "--jobs: 0"),
        (["--jobs", "-3"], "--jobs: -3"),
        (["--jobs", "100000"], "--jobs: 100000"),
        (["--timeout", "-1"], "--timeout: -1"),
        (["--timeout", "0"], "--timeout: 0"),
        (["--timeout", "nan"], "--timeout: nan"),
        (["--timeout", "inf"], "--timeout: inf"),
        (["--wait", "-5"], "--wait: -5"),
        (["--wait", "nan"], "--wait: nan"),
        (["--wait", "1e12"], "--wait: 1e12"),
    ],
)
def test_numeric_options_are_checked_before_anything_runs(tmp_path, capsys, options, fragment):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--out", str(out), *options])
    assert stopped.value.code == ExitCode.CONFIG
    assert fragment in capsys.readouterr().err
    assert not out.exists(), "nothing was created"


def test_a_negative_wait_from_the_api_never_waits_forever(tmp_path):
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".build.lock"):
        import time

        started = time.monotonic()
        code = runner_build.build_reports(out, only=["02-staffing-levels-en"], wait=-5)
    assert code == ExitCode.LOCKED and time.monotonic() - started < 10


# ---------------------------------------------------------------- --out folders: the marker


def test_build_refuses_a_folder_it_did_not_create(tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "minutes.docx").write_text("keep me", encoding="utf-8")
    (mine / ".notes.tmp").write_text("keep me too", encoding="utf-8")
    (mine / "sub").mkdir()
    (mine / "sub" / ".deep.tmp").write_text("and me", encoding="utf-8")
    code, log = build(mine, "--only", "02-staffing-levels-en")
    assert code == ExitCode.CONFIG and "was not created by kodaira-reports" in log.err
    assert sorted(p.name for p in mine.rglob("*")) == [".deep.tmp", ".notes.tmp", "minutes.docx", "sub"]


def test_clean_refuses_a_folder_without_the_marker(tmp_path, capsys):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "minutes.html").write_text("keep me", encoding="utf-8")
    assert main(["clean", "--out", str(mine)]) == ExitCode.CONFIG
    assert "leaves it alone" in capsys.readouterr().err
    assert (mine / "minutes.html").is_file()
    assert main(["clean", "--out", str(tmp_path / "missing")]) == 0


def test_clean_removes_only_the_runners_own_names(tmp_path, capsys):
    out = tmp_path / "out"
    owned.claim(out)
    manifest = {"reports": {"a-report": {"finished_at": "2026-11-27T10:00:00+09:00"}}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for name in ("a-report.html", "a-report.pdf", "index.html", ".index.html.abc123.tmp"):
        (out / name).write_text("x", encoding="utf-8")
    (out / "errors").mkdir()
    (out / "errors" / "a-report.html").write_text("x", encoding="utf-8")
    (out / "executed").mkdir()
    (out / "executed" / "a-report.ipynb").write_text("{}", encoding="utf-8")
    (out / "figures" / "a-report").mkdir(parents=True)
    (out / "figures" / "a-report" / "figure-01.png").write_bytes(b"png")
    (out / "figures" / "a-report" / ".kodaira-figures").write_text("figure-01.png\n", encoding="utf-8")
    # someone's files, some named as the runner would name a report it never wrote (not in the manifest)
    (out / "budget.xlsx").write_text("someone's", encoding="utf-8")
    (out / "Notes.HTML").write_text("someone's", encoding="utf-8")
    (out / "my-notes.html").write_text("someone's", encoding="utf-8")
    (out / "budget.pdf").write_text("someone's", encoding="utf-8")
    (out / "executed" / "mine.txt").write_text("someone's", encoding="utf-8")
    (out / "executed" / "other.ipynb").write_text("{}", encoding="utf-8")
    (out / "errors" / "other.html").write_text("someone's", encoding="utf-8")
    (out / "figures" / "a-report" / "notes.txt").write_text("someone's", encoding="utf-8")
    (out / "figures" / "logo").mkdir()
    (out / "figures" / "logo" / "figure-01.png").write_bytes(b"someone's")
    assert main(["clean", "--out", str(out)]) == 0
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    assert left == [
        ".build.lock",  # clean holds the build's lock while it works
        ".kodaira-reports",
        "Notes.HTML",
        "budget.pdf",
        "budget.xlsx",
        "errors",
        "errors/other.html",
        "executed",
        "executed/mine.txt",
        "executed/other.ipynb",
        "figures",
        "figures/a-report",
        "figures/a-report/.kodaira-figures",  # empty: what is left is not the runner's
        "figures/a-report/notes.txt",
        "figures/logo",
        "figures/logo/figure-01.png",
        "my-notes.html",
    ]
    assert "left alone" in capsys.readouterr().out


@pytest.mark.parametrize(
    "manifest",
    [
        '{"name": "my-app", "start_url": "/"}',  # a web app's manifest
        '{"reports": {"index": {"finished_at": "x"}}}',  # the runner's shape, but the page is not a report of it
        "not json",
    ],
)
def test_build_never_adopts_someone_elses_site(tmp_path, manifest):
    """A folder of names the runner writes is adopted only with the runner's manifest recording its pages
    (an adversarial review overwrote a site's index.html and manifest.json, 2026-11-27)."""
    site = tmp_path / "site"
    (site / "figures").mkdir(parents=True)
    (site / "index.html").write_text("<h1>mine</h1>", encoding="utf-8")
    (site / "about.html").write_text("<h1>about</h1>", encoding="utf-8")
    (site / "manifest.json").write_text(manifest, encoding="utf-8")
    before = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    code, log = build(site, "--only", "02-staffing-levels-en")
    assert code == ExitCode.CONFIG and "was not created by kodaira-reports" in log.err
    assert {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_folder_of_runner_names_without_the_marker_is_not_adopted(tmp_path):
    """Only a new or empty folder is adopted: the runner's names and manifest are no proof it wrote them."""
    old = tmp_path / "old"
    old.mkdir()
    (old / "manifest.json").write_text('{"reports": {"a-report": {"finished_at": "x"}}}', encoding="utf-8")
    (old / "a-report.html").write_text("x", encoding="utf-8")
    with pytest.raises(owned.NotOwnedError, match="was not created by kodaira-reports"):
        owned.claim(old)
    assert not owned.owns(old)
    assert sorted(p.name for p in old.iterdir()) == ["a-report.html", "manifest.json"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".gitkeep").write_text("", encoding="utf-8")
    owned.claim(empty)
    assert owned.owns(empty)


def test_figures_keep_what_is_not_the_runners_and_never_follow_a_link(tmp_path):
    from kodaira_analysis.reports.figures import write_figures

    executed = _figures(False)
    out = tmp_path / "out"
    folder = out / "figures" / "a-report"
    folder.mkdir(parents=True)
    (folder / "figure-01.png").write_bytes(b"a reader's, and no list says it is the runner's")
    (folder / "my-notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OSError, match=r"figure-01\.png was not written by kodaira-reports"):
        write_figures(executed, out, "a-report")
    assert (folder / "figure-01.png").read_bytes() == b"a reader's, and no list says it is the runner's"
    (folder / "figure-01.png").unlink()
    write_figures(executed, out, "a-report")
    assert sorted(p.name for p in folder.iterdir()) == [".kodaira-figures", "figure-01.png", "my-notes.txt"]
    assert (folder / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    # a reader's own files under figures' names: kept, whatever the runner draws next
    (folder / "figure-99.png").write_bytes(b"a reader's own")
    (folder / "figure-02.svg").write_bytes(b"a reader's own")
    write_figures(executed, out, "a-report")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".kodaira-figures",
        "figure-01.png",
        "figure-02.svg",
        "figure-99.png",
        "my-notes.txt",
    ]
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "a-report").mkdir(parents=True)
    (elsewhere / "a-report" / "precious.txt").write_text("keep", encoding="utf-8")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "figures").symlink_to(elsewhere)
    with pytest.raises(OSError, match="symbolic link"):
        write_figures(executed, linked, "a-report")
    assert [p.name for p in (elsewhere / "a-report").iterdir()] == ["precious.txt"]
    assert (folder / "figure-99.png").read_bytes() == b"a reader's own"
    # a new figure-02.png would clash with nothing; a second figure with an SVG would: refused, nothing moved
    two = _figures(False, True)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(OSError, match=r"figure-02\.svg was not written by kodaira-reports"):
        write_figures(two, out, "a-report")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["a-report"], "nothing staged is left"
    (out / owned.MARKER).write_text("", encoding="utf-8")  # as a build leaves its folder, with its manifest
    (out / "manifest.json").write_text('{"reports": {"a-report": {"finished_at": "x"}}}', encoding="utf-8")
    owned.clean(out)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".kodaira-figures",
        "figure-02.svg",
        "figure-99.png",
        "my-notes.txt",
    ]
    assert (folder / ".kodaira-figures").read_text(encoding="utf-8") == "", "none of them is the runner's"
    # the next build after clean: the reader's figure-99.png stays (it was taken for the runner's and deleted)
    write_figures(executed, out, "a-report")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".kodaira-figures",
        "figure-01.png",
        "figure-02.svg",
        "figure-99.png",
        "my-notes.txt",
    ]


def _figures(*svgs: bool) -> dict:
    """An executed notebook (as a dict) with one figure per argument, drawn with its SVG where it is True."""
    png = "iVBORw0KGgo="  # base64 of a PNG signature: the figures are copied as bytes, never decoded
    html = f'<figure class="kodaira-figure"><img src="data:image/png;base64,{png}" alt="a figure"></figure>'
    return {
        "cells": [
            {"outputs": [{"data": {"text/html": html, **({"image/svg+xml": "<svg/>"} if svg else {})}}]} for svg in svgs
        ]
    }


def _one_figure() -> dict:
    return _figures(True)


def test_a_swap_cut_short_loses_no_reader_file_and_the_next_build_knows_its_own(tmp_path, monkeypatch):
    """A stop in the middle of putting figures in place (the old swap had moved a reader's files into its
    staging folder, which the next build deleted)."""
    from kodaira_analysis.reports.figures import stage_figures, write_figures

    out = tmp_path / "out"
    folder = out / "figures" / "r"
    write_figures(_one_figure(), out, "r")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "figure-99.png").write_bytes(b"mine too")
    two = _figures(True, True)
    staged = stage_figures(two, out, "r")
    real, calls = Path.replace, []

    def stop_after_one(self, target):
        calls.append(target)
        if len(calls) == 3:  # the union list, one figure in place, then stopped
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "replace", stop_after_one)
    with pytest.raises(KeyboardInterrupt):
        staged.swap()
    monkeypatch.undo()
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (folder / "figure-99.png").read_bytes() == b"mine too"
    listed = set((folder / ".kodaira-figures").read_text(encoding="utf-8").split())
    runner_files = {p.name for p in folder.iterdir()} - {"notes.txt", "figure-99.png", ".kodaira-figures"}
    assert runner_files <= listed and "figure-99.png" not in listed, "the list names every file of the runner's"
    owned.remove_leftovers(out)  # as the next build does first: the staging folder holds only the runner's files
    assert not list(folder.parent.glob(".r.*"))
    write_figures(two, out, "r")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".kodaira-figures",
        "figure-01.png",
        "figure-01.svg",
        "figure-02.png",
        "figure-02.svg",
        "figure-99.png",
        "notes.txt",
    ]


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "huge", "not utf-8"])
def test_a_figure_list_that_is_not_the_runners_stops_nothing_and_loses_nothing(tmp_path, kind):
    from kodaira_analysis.reports.figures import write_figures

    out = tmp_path / "out"
    folder = out / "figures" / "r"
    write_figures(_one_figure(), out, "r")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    listing = folder / ".kodaira-figures"
    listing.unlink()
    if kind == "fifo":
        os.mkfifo(listing)  # reading it would block the build forever
    elif kind == "symlink":
        listing.symlink_to("/dev/zero")  # reading it would take all memory
    elif kind == "folder":
        listing.mkdir()
    elif kind == "huge":
        listing.write_bytes(b"figure-01.png\n" * 10_000)
    else:
        listing.write_bytes(b"figure-01.png\nfigure-01.svg\n# \x83\x81\x83\x82\n")  # a Shift-JIS comment
    before = {p.name for p in folder.iterdir()}
    if kind == "not utf-8":  # read as far as it goes: the names in it are the runner's
        write_figures(_one_figure(), out, "r")
        assert {p.name for p in folder.iterdir()} == before
        return
    with pytest.raises(OSError, match=r"\.kodaira-figures is .*not the list kodaira-reports writes"):
        write_figures(_one_figure(), out, "r")
    assert {p.name for p in folder.iterdir()} == before and (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    (out / owned.MARKER).write_text("", encoding="utf-8")
    (out / "manifest.json").write_text('{"reports": {"r": {"finished_at": "x"}}}', encoding="utf-8")
    _, kept = owned.clean(out)
    assert {p.name for p in folder.iterdir()} == before, "clean takes nothing in that folder for the runner's"
    assert "figures/r/notes.txt" in kept


def test_preview_out_is_a_folder_the_runner_may_write(tmp_path, capsys, caplog):
    from kodaira_analysis.reports.preview import run_preview

    mine = tmp_path / "P"
    mine.mkdir()
    (mine / "02-staffing-levels-ja.html").write_text("mine", encoding="utf-8")
    code = run_preview("02-staffing-levels-ja", paths.PROJECT_ROOT / "reports.yml", 0, 60, out=mine)
    said = capsys.readouterr().err + caplog.text
    assert code == 2 and "was not created by kodaira-reports" in said
    assert [p.name for p in mine.iterdir()] == ["02-staffing-levels-ja.html"]


def test_preview_signals_are_flags_and_the_first_one_gives_the_exit_code():
    """The preview's handlers only record (as a build's): a second signal while it stops changes nothing."""
    import os
    import signal

    from kodaira_analysis.reports import preview, signals

    stop = signals.StopFlag()
    with stop.installed():
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        code = preview.run_preview("02-staffing-levels-ja", paths.PROJECT_ROOT / "reports.yml", 0, 60, stop=stop)
    assert (code, stop.name) == (143, "SIGTERM")


def test_a_job_whose_years_run_backwards_is_a_configuration_error():
    from kodaira_analysis.errors import ParameterError
    from kodaira_analysis.present.parameters import check_job_parameters

    with pytest.raises(ParameterError, match="no later than end_fiscal_year=2011"):
        check_job_parameters("02-staffing-levels", {"start_fiscal_year": 2015, "end_fiscal_year": 2011})
    assert check_job_parameters("02-staffing-levels", {"start_fiscal_year": 2013, "end_fiscal_year": 2013})


@pytest.mark.notebooks
def test_an_interrupt_while_pdfs_print_says_the_reports_were_written(built_reports, tmp_path, monkeypatch):
    import os
    import shutil
    import signal

    from kodaira_analysis.reports import summary

    out = tmp_path / "reports"
    shutil.copytree(built_reports[0], out)

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # recorded by the build's handler, acted on after the printing
        return 0

    monkeypatch.setattr(summary, "print_pdfs", interrupted)
    code, log = build(out, "--force", "--only", "04-reform-progress-en")
    assert code == 130, log
    assert "while printing PDFs" in log.err and "before any report ran" not in log.err


def test_leftovers_are_removed_only_by_the_runners_temporary_names(tmp_path):
    out = tmp_path / "out"
    owned.claim(out)
    ours = [out / ".manifest.json.k2j4_x.tmp", out / ".a-report.html.zz9.tmp"]
    theirs = [out / ".vimrc.tmp", out / "sub" / ".a-report.html.zz9.tmp", out / ".cache.tmp"]
    (out / "sub").mkdir()
    for path in ours + theirs:
        path.write_text("x", encoding="utf-8")
    assert owned.remove_leftovers(out) == 2
    assert [p.exists() for p in ours] == [False, False]
    assert all(p.exists() for p in theirs)


def test_leftovers_in_every_place_are_removed_and_only_of_the_kind_the_runner_makes(tmp_path):
    """Each folder's temporary names (owned.NAMES): files at the top, in errors/, executed/ and a report's figures
    folder; staged figure folders in figures/. A folder under a file's temporary name, or a file under a
    folder's, is not the runner's and stays."""
    out = tmp_path / "out"
    owned.claim(out)
    figures = out / "figures" / "r"
    figures.mkdir(parents=True)
    (out / "errors").mkdir()
    (out / "executed").mkdir()
    files = [
        out / ".r.pdf.tmp",
        out / "errors" / ".r.html.ab_1.tmp",
        out / "executed" / ".r.ab_1.ipynb",
        out / "executed" / "..r.ab_1.ipynb.cd_2.tmp",
        figures / "..kodaira-figures.ab_1.tmp",
    ]
    for path in files:
        path.write_text("x", encoding="utf-8")
    staged = out / "figures" / ".r.tmp-figures"
    staged.mkdir()
    (staged / "figure-01.png").write_bytes(b"png")
    theirs = [out / ".s.html.ab_1.tmp", out / "figures" / ".s.old-figures"]  # a folder, then a file
    theirs[0].mkdir()
    theirs[1].write_text("x", encoding="utf-8")
    elsewhere = out / "figures" / "Notes"  # not a report's name: its contents are not looked at
    elsewhere.mkdir()
    (elsewhere / "..kodaira-figures.ab_1.tmp").write_text("x", encoding="utf-8")
    assert owned.remove_leftovers(out) == len(files) + 1
    assert not any(p.exists() for p in [*files, staged])
    assert all(p.exists() for p in theirs) and (elsewhere / "..kodaira-figures.ab_1.tmp").exists()


@pytest.mark.parametrize("digits", ["٠١", "０１", "१२"])  # Arabic-Indic, fullwidth, Devanagari: \\d matches them
def test_a_name_with_other_digits_than_0_to_9_is_never_the_runners(tmp_path, digits):
    """The names the runner writes have ASCII digits; a file named with other digits is someone else's, and stays."""
    from kodaira_analysis.plan import swap

    out = tmp_path / "out"
    owned.claim(out)
    (out / "manifest.json").write_text(
        json.dumps({"reports": {"a-report": {"finished_at": "2026-11-27T10:00:00+09:00"}}}), encoding="utf-8"
    )
    figures = out / "figures" / "a-report"
    figures.mkdir(parents=True)
    (figures / "figure-01.png").write_bytes(b"png")
    (figures / ".kodaira-figures").write_text("figure-01.png\n", encoding="utf-8")  # as the runner lists it
    theirs = [figures / f"figure-{digits}.svg", figures / f"figure-{digits}.png"]
    for path in theirs:
        path.write_bytes(b"someone's")
    runtime = out / f".runtime-{digits}"  # read as a head start of a process that is gone, it would be removed
    runtime.mkdir()
    (runtime / "kept.txt").write_text("someone's", encoding="utf-8")
    owned.remove_leftovers(out)
    assert runtime.is_dir()
    assert main(["clean", "--out", str(out)]) == 0
    assert not (figures / "figure-01.png").exists()
    assert all(p.exists() for p in theirs)
    assert runtime.is_dir(), "clean leaves a folder it did not write"
    processed = tmp_path / "processed"
    staging = tmp_path / f".processed.tmp-{digits}"  # as the data build names its staging folder, but not its
    staging.mkdir()
    swap.recover(processed)
    assert staging.is_dir()


def test_an_empty_folder_is_adopted_and_marked(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").touch()
    owned.claim(out)
    assert owned.owns(out)
    with pytest.raises(owned.NotOwnedError):
        owned.claim(tmp_path / "out" / ".gitkeep")


# ---------------------------------------------------------------- state read back


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"reports": []}',
        '{"reports": {"a": 1}}',
        '{"reports": {"a": {"status": 3}}}',
        '{"reports": {"a": {"input_hash": ["x"]}}}',
        '{"reports": {}, "jobs": "all"}',
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
        "null",
    ],
)
def test_a_manifest_of_the_wrong_shape_is_no_state(tmp_path, caplog, text):
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    assert read_manifest(tmp_path) == {"reports": {}}
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "treated as no earlier build" in caplog.text


def test_list_survives_a_wrong_shape_manifest(tmp_path, capsys):
    (tmp_path / "manifest.json").write_text('{"reports": {"02-staffing-levels-en": "ok"}}', encoding="utf-8")
    assert main(["list", "--out", str(tmp_path)]) == 0
    assert "never built" in capsys.readouterr().out


def test_job_names_use_a_full_match():
    from kodaira_analysis.reports.model import NAME

    assert NAME.fullmatch("fiscal-en")
    assert not NAME.fullmatch("fiscal-en\n")
    assert not NAME.fullmatch("a" * 65)
    json.dumps({})  # keep json imported for the manifest cases


def test_an_unreadable_raw_file_is_exit_6_not_7(tmp_path, monkeypatch):
    from kodaira_analysis.plan import freshness

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(paths.RAW_DIR / "fiscal_effects.csv"))

    monkeypatch.setattr(freshness, "raw_checksums", refuse)
    code, log = build(tmp_path / "out", "--only", "02-staffing-levels-en")
    assert code == ExitCode.DATA, log
    assert "data build failed" in log.err and "Permission denied" in log.err


def test_cron_wrapper_keeps_the_runners_exit_code(tmp_path):
    import os
    import subprocess

    wrapper = paths.PROJECT_ROOT / "scripts" / "cron-build"
    assert os.access(wrapper, os.X_OK)
    fake = tmp_path / "project"
    (fake / "scripts").mkdir(parents=True)
    (fake / ".venv" / "bin").mkdir(parents=True)
    (fake / "scripts" / "cron-build").write_bytes(wrapper.read_bytes())
    (fake / "scripts" / "cron-build").chmod(0o755)
    (fake / ".venv" / "bin" / "kodaira-reports").write_text('#!/bin/sh\necho "$@"\nexit 5\n', encoding="utf-8")
    (fake / ".venv" / "bin" / "kodaira-reports").chmod(0o755)
    result = subprocess.run([fake / "scripts" / "cron-build", "--wait", "60"], capture_output=True, text=True)
    assert result.returncode == 5 and result.stdout.strip() == "build --wait 60"
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports >>" not in readme and "ExecStart=/usr/bin/make" not in readme
    assert "scripts/cron-build" in readme


def test_leftovers_of_a_figure_list_cut_short_are_the_runners_to_remove(tmp_path):
    folder = tmp_path / "figures" / "r"
    folder.mkdir(parents=True)
    (folder / "..kodaira-figures.abc_123.tmp").write_text("figure-01.png\n", encoding="utf-8")
    (folder / ".notes.abc.tmp").write_text("a reader's", encoding="utf-8")
    assert owned.remove_leftovers(tmp_path) == 1
    assert [p.name for p in folder.iterdir()] == [".notes.abc.tmp"]


def test_a_figure_list_that_cannot_be_shortened_still_names_every_runner_file(tmp_path, monkeypatch):
    """The last step of a swap rewrites the list with the new names only; when that fails (a full disk) the
    figures are in place already, and the list of old and new still names every file of the runner's."""
    import kodaira_analysis.files as files
    from kodaira_analysis.reports.figures import stage_figures, write_figures

    out = tmp_path / "out"
    two = _figures(True, True)
    write_figures(two, out, "r")  # figure-01 and figure-02
    staged = stage_figures(_one_figure(), out, "r")  # figure-01 only
    real, calls = files.write_atomic, []

    def full_on_the_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(files, "write_atomic", full_on_the_second)
    staged.swap()
    folder = out / "figures" / "r"
    assert sorted(p.name for p in folder.iterdir()) == [".kodaira-figures", "figure-01.png", "figure-01.svg"]
    listed = set((folder / ".kodaira-figures").read_text(encoding="utf-8").split())
    assert {"figure-01.png", "figure-01.svg"} <= listed
    assert not list(folder.parent.glob(".r.*"))


def test_clean_waits_for_no_build_and_removes_nothing_while_one_runs(tmp_path, capsys):
    from filelock import FileLock

    out = tmp_path / "out"
    owned.claim(out)
    (out / "manifest.json").write_text('{"reports": {"a-report": {"finished_at": "x"}}}', encoding="utf-8")
    (out / "a-report.html").write_text("x", encoding="utf-8")
    with FileLock(out / ".build.lock"):  # a build holds it
        assert main(["clean", "--out", str(out)]) == ExitCode.LOCKED
        assert (out / "a-report.html").is_file()
    assert main(["clean", "--out", str(out)]) == 0
    assert not (out / "a-report.html").exists()


def test_preview_refuses_a_builds_reports_folder(tmp_path, capsys, caplog):
    """A preview into a build's folder put its drafts in place of the build's reports, unrecorded."""
    from kodaira_analysis.reports.preview import run_preview

    out = tmp_path / "reports"
    owned.claim(out)
    (out / "manifest.json").write_text('{"reports": {"02-staffing-levels-ja": {"finished_at": "x"}}}', "utf-8")
    before = sorted(p.name for p in out.iterdir())
    code = run_preview("02-staffing-levels-ja", paths.PROJECT_ROOT / "reports.yml", 0, 60, out=out)
    assert code == 2 and "holds a build's reports" in capsys.readouterr().err + caplog.text
    assert sorted(p.name for p in out.iterdir()) == before
