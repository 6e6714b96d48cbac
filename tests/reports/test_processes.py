"""Real builds under signals, killed workers, hostile working directories and many kernels at once (issue 14)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports import owned
from kodaira_analysis.reports.model import ExitCode
from kodaira_analysis.reports.warm import KERNEL_NAME
from tests.conftest import built_job_names

pytestmark = [pytest.mark.notebooks, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")]
CLI = str(Path(sys.executable).with_name("kodaira-reports"))
#: Two jobs for the tests whose subject is the runner, not a notebook: the lightest report (its cells take about
#: a second), in both languages, so that these end-to-end builds cost what the runner costs.
TWO = ["04-reform-progress-en", "04-reform-progress-ja"]
#: A third job, heavier, still running when a test stops the build.
THIRD = "00-summary-en"


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def start(
    out: Path, *args: str, cwd: Path | None = None, tmpdir: Path | None = None, config: Path | None = None
) -> subprocess.Popen:
    env = dict(os.environ)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.Popen(
        [CLI, *(["--config", str(config)] if config else []), "build", "--out", str(out), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        cwd=cwd or paths.PROJECT_ROOT,
        env=env,
    )


def wait_for(process: subprocess.Popen, marker: str, seconds: float = 120) -> str:
    seen, deadline = "", time.monotonic() + seconds
    while time.monotonic() < deadline and marker not in seen:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
    assert marker in seen, f"the build did not get to {marker!r}:\n{seen}"
    return seen


def gone(pids: set[int], seconds: float = 10) -> bool:
    """Whether every process of ``pids`` has ended (a kernel killed as its worker dies may take a moment)."""
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids) == set()


def children(pid: int) -> set[int]:
    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def kernels_of(pid: int) -> set[int]:
    return {p for p in descendants(pid) if "ipykernel_launcher" in _cmdline(p)}


def _cmdline(pid: int) -> str:
    """The command line of ``pid``; empty for a process that ended since it was listed (git, a printer)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def lock_is_free(out: Path) -> bool:
    from filelock import FileLock, Timeout

    try:
        with FileLock(out / ".build.lock").acquire(timeout=0):
            return True
    except Timeout:
        return False


@pytest.fixture
def reports(built_reports, tmp_path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(built_reports[0], out)
    return out


def pages(out: Path) -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in out.glob("*.html")}
    for name, data in found.items():
        assert data.rstrip().endswith(b"</html>"), f"{name} is cut short"
    return found


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_workers_and_kernels_and_keeps_the_reports(reports, tmp_path, sig, code):
    before = pages(reports)
    old_manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    process = start(reports, "--force", "--jobs", "2", tmpdir=private_tmp)
    seen = wait_for(process, "[ 1/")
    # as the first report is recorded its worker starts the next one's kernel: wait until a kernel is up (a loaded
    # machine took longer than the instant after the line, and no kernel was running yet)
    deadline = time.monotonic() + 60
    while not kernels_of(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    family = descendants(process.pid)
    assert kernels_of(process.pid), "kernels were running"
    os.kill(process.pid, sig)  # the parent only, as systemd's stop or a Ctrl-C caught by the shell
    output, _ = process.communicate(timeout=60)
    assert process.returncode == code, output
    assert "Traceback" not in output
    assert f"Exit {code}" in output
    assert gone(family), "no worker or kernel outlived the build"
    assert lock_is_free(reports)
    after = pages(reports)
    assert set(after) == set(before), "every report is still there, whole"
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert set(built_job_names()) <= set(manifest["reports"])
    finished = re.findall(r"\[ *\d+/\d+\] (\S+): ok", seen + output)  # a progress line, after its timestamp
    assert finished, output
    for name in finished:
        assert manifest["reports"][name]["finished_at"] != old_manifest["reports"][name]["finished_at"], name
        assert after[f"{name}.html"] != before[f"{name}.html"], "the finished report was replaced"
    assert not list(reports.glob(".*.tmp")) and not (reports / ".runtime").exists()
    assert list(private_tmp.iterdir()) == [], (
        f"left in the temporary folder: {sorted(p.name for p in private_tmp.rglob('*'))}"
    )


def test_sigkill_of_the_parent_takes_workers_and_kernels_with_it(reports):
    process = start(reports, "--force", "--jobs", "2", "--only", *TWO, THIRD)
    wait_for(process, "building ")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(kernels_of(process.pid)) < 2:
        time.sleep(0.2)
    family = descendants(process.pid)
    assert kernels_of(process.pid)
    os.kill(process.pid, signal.SIGKILL)  # the parent only: nothing of ours runs to clean up
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and alive(family):
        time.sleep(0.2)
    assert alive(family) == set(), "workers and kernels died with their parent"
    assert lock_is_free(reports)
    code = subprocess.run(
        [CLI, "build", "--out", str(reports), "--only", *TWO, THIRD],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert code.returncode == 0, code.stdout + code.stderr
    assert not (reports / ".runtime").exists()


# ---------------------------------------------------------------- one report: run in the build's own process

#: The one job's extra last cell: says that the cells run, then runs long enough to be stopped.
SLOW_CELL = "import pathlib, time\npathlib.Path({marker!r}).touch()\ntime.sleep(120)"


def one_job_folder(root: Path, extra_cell: str | None = None) -> Path:
    """reports.yml with one committee job ('one': notebook 03 in English, copied, with ``extra_cell`` appended)."""
    import nbformat
    import yaml

    (root / "notebooks").mkdir(exist_ok=True)
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "03-aging-population.ipynb", as_version=4)
    if extra_cell:
        nb.cells.append(nbformat.v4.new_code_cell(extra_cell))
    nbformat.write(nb, root / "notebooks" / "03-aging-population.ipynb")
    config = root / "reports.yml"
    entry = {"name": "one", "notebook": "notebooks/03-aging-population.ipynb", "title": "One", "audience": "committee"}
    config.write_text(yaml.safe_dump({"jobs": [{**entry, "parameters": {"lang": "en"}}]}), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def one_report(tmp_path_factory) -> Path:
    """A reports folder holding one good report ('one'), built once for the tests below to copy."""
    root = tmp_path_factory.mktemp("one")
    out = root / "reports"
    process = start(out, config=one_job_folder(root))
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return out


def whole_folder(out: Path) -> dict[str, bytes]:
    """Every file of a reports folder but the lock, by relative path."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


#: When the signal comes: once the build says it builds and its kernel exists (still warming up), or while the
#: cells run.
PHASES = ["kernel warm-up", "cells"]


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_a_one_report_build_and_keeps_the_report(one_report, tmp_path, sig, code, phase):
    out = tmp_path / "reports"
    shutil.copytree(one_report, out)
    before = whole_folder(out)
    marker = tmp_path / "cells-running"
    config = one_job_folder(tmp_path, SLOW_CELL.format(marker=str(marker)))
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    process = start(out, "--force", "--only", "one", config=config, tmpdir=private_tmp)
    wait_for(process, "building 1 report")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (marker.exists() if phase == "cells" else kernels_of(process.pid)):
        time.sleep(0.01)
    family = descendants(process.pid)
    assert kernels_of(process.pid), "the kernel was running"
    assert marker.exists() == (phase == "cells"), f"stopped during the {phase}"
    os.kill(process.pid, sig)  # the parent only, as systemd's stop or a Ctrl-C caught by the shell
    output, _ = process.communicate(timeout=60)
    assert process.returncode == code, output
    assert "Traceback" not in output
    assert f"stopped by {signal.Signals(sig).name}" in output
    assert "0 of 1 report(s) finished" in output and f"Exit {code}" in output
    assert gone(family | descendants(process.pid)), "no kernel (nor PDF printer) outlived the build"
    assert lock_is_free(out)
    after = whole_folder(out)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed in ([], ["index.html"], ["index.html", "manifest.json"], ["manifest.json"]), changed
    assert after["one.html"] == before["one.html"] and after["executed/one.ipynb"] == before["executed/one.ipynb"]
    manifest = json.loads(after["manifest.json"])
    assert manifest["reports"]["one"] == json.loads(before["manifest.json"])["reports"]["one"]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".runtime")) == [], "runtime folders removed"
    assert list(private_tmp.iterdir()) == [], f"left in the temporary folder: {sorted(private_tmp.rglob('*'))}"


def kernels_for(out: Path) -> list[int]:
    """Kernels anywhere whose connection file lies in ``out`` (orphans included)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ipykernel_launcher" in text and str(out) in text:
            found.append(int(cmdline.parent.name))
    return sorted(alive(set(found)))


def test_a_build_with_nothing_to_run_starts_no_kernel_and_leaves_no_runtime_folder(one_report, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(one_report, out)
    config = one_job_folder(tmp_path)  # the report built in one_report: up to date
    for args, code, says in (
        (["--only", "one"], 0, "one: up to date"),
        (["--only", "nosuch"], ExitCode.CONFIG, "no job named"),
    ):
        process = start(out, *args, config=config)
        output, _ = process.communicate(timeout=300)
        assert process.returncode == code and says in output, output
        assert not list(out.glob(".runtime*")) and kernels_for(out) == []


def test_sigkill_of_a_one_report_build_takes_its_kernel_with_it(one_report, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(one_report, out)
    marker = tmp_path / "cells-running"
    config = one_job_folder(tmp_path, SLOW_CELL.format(marker=str(marker)))
    process = start(out, "--force", "--only", "one", config=config)
    wait_for(process, "building 1 report")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not marker.exists():
        time.sleep(0.05)
    family = descendants(process.pid)
    assert kernels_of(process.pid)
    os.kill(process.pid, signal.SIGKILL)  # nothing of ours runs to clean up
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and alive(family):
        time.sleep(0.2)
    assert alive(family) == set(), "the kernel (and a PDF printer) died with the build"
    assert lock_is_free(out)
    assert (out / "one.html").read_bytes() == (one_report / "one.html").read_bytes()
    assert (out / ".runtime").is_dir(), "the killed build's runtime folder"
    owned.remove_leftovers(out)  # as the next build does first
    assert not list(out.glob(".runtime*")) and not list((out / "executed").glob(".*"))


def test_a_killed_worker_marks_only_its_own_job(tmp_path):
    out = tmp_path / "out"
    process = start(out, "--only", *TWO, THIRD, "02-staffing-levels-en", "--jobs", "2")
    wait_for(process, "building ")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(kernels_of(process.pid)) < 2:  # both workers have their kernel
        time.sleep(0.1)
    workers = [p for p in descendants(process.pid) if p not in kernels_of(process.pid) and p in children(process.pid)]
    workers = [p for p in workers if "resource_tracker" not in _cmdline(p)]
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    output, _ = process.communicate(timeout=600)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = {name: manifest["reports"][name]["status"] for name in manifest["reports"]}
    dead = [name for name, status in statuses.items() if status == "dead_kernel"]
    assert len(dead) <= 1, output
    assert sum(status == "ok" for status in statuses.values()) >= 3, output
    assert process.returncode == (ExitCode.DEAD_KERNEL if dead else 0), output
    staged = [*out.glob(".*.tmp"), *(out / "figures").glob(".*"), *(out / "executed").glob(".*")]
    assert staged == [], f"what the killed worker staged is removed by the build: {staged}"


def test_a_module_in_the_working_directory_shadows_nothing(tmp_path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for name in ("seaborn.py", "pandas.py", "kodaira_analysis.py"):
        (cwd / name).write_text("raise ImportError('the build imported a stray module from its cwd')\n")
    process = start(tmp_path / "out", "--only", *TWO, "--jobs", "2", cwd=cwd)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output


def test_many_kernels_start_at_once_and_all_succeed(tmp_path):
    """Three builds of two jobs each, plus a papermill run, started together: no port collision."""
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    builds = [start(tmp_path / f"out{i}", "--only", *TWO, "--jobs", "2", tmpdir=private_tmp) for i in range(3)]
    papermill = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(paths.NOTEBOOKS_DIR / "04-reform-progress.ipynb"),
            str(tmp_path / "run.ipynb"),
            "-p",
            "lang",
            "en",
            "--cwd",
            str(paths.NOTEBOOKS_DIR),
            "-k",
            KERNEL_NAME,  # the test session's kernelspec of this interpreter (JUPYTER_PATH, see conftest)
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    outputs = [p.communicate(timeout=900)[0] for p in builds]
    assert [p.returncode for p in builds] == [0, 0, 0], "\n\n".join(outputs)
    papermill_output = papermill.communicate(timeout=600)[0]
    assert papermill.returncode == 0, papermill_output[-3000:]
    for i in range(3):
        assert len(list((tmp_path / f"out{i}").glob("0*.html"))) == 2
        assert not (tmp_path / f"out{i}" / ".runtime").exists()
    assert list(private_tmp.iterdir()) == [], "the builds left nothing in the temporary folder"


@pytest.mark.parametrize("marker", ["run-driver", "chrom"])
def test_a_build_killed_while_it_prints_leaves_no_driver_nor_browser(reports, short_tmp, marker):
    """SIGKILL of the build (nothing of ours runs) once Playwright's driver has started (``run-driver``), and once
    the browser is up: the driver sees its pipe to the build close, closes the browser and exits, and Playwright's
    temporary folders go; the next build removes the printer's own folder and the runtime folder, and prints."""
    from kodaira_analysis.reports import pdf

    if pdf.available():
        pytest.skip(pdf.available())
    committee = [j.name for j in load_jobs_here() if j.audience == "committee"][:2]
    for name in committee:
        (reports / f"{name}.pdf").unlink(missing_ok=True)  # the build catches them up: it only prints
    private = short_tmp
    process = start(reports, "--only", *committee, tmpdir=private)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(marker in _cmdline(p) for p in descendants(process.pid)):
        time.sleep(0.02)
    family = descendants(process.pid)
    assert any(marker in _cmdline(p) for p in family), f"the build started no {marker}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert gone(family, 60), "driver and browser died with the build"
    own = pdf.scratch_for(reports).name  # the browser's TMPDIR: a browser killed as it started leaves files there
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and {p.name for p in private.iterdir()} - {own}:
        time.sleep(0.1)
    assert {p.name for p in private.iterdir()} <= {own}, "the driver removed Playwright's temporary folders"
    again = start(reports, "--only", *committee, tmpdir=private)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    assert all((reports / f"{name}.pdf").is_file() for name in committee), output
    assert not list(reports.glob(".runtime*")) and list(private.iterdir()) == [], "the next build removed it all"


# ---------------------------------------------------------------- a signal in the moment a report is done

#: Runs the command line with one function wrapped so that its ``when``-th call first sends this process SIGTERM
#: (with $SIGNAL_THE_PARENT, its parent: a pool's worker signals the build): the signal comes exactly there. Says
#: on stderr where it sent it, so that a test knows the moment came.
SIGNAL_AT = """
import importlib, os, signal, sys
build_pid = os.getpid()
module, attribute, when = sys.argv[1], sys.argv[2], int(sys.argv[3])
owner = importlib.import_module(module)
for part in attribute.split(".")[:-1]:
    owner = getattr(owner, part)
name = attribute.split(".")[-1]
real, calls = getattr(owner, name), []
def wrapped(*args, **kwargs):
    parent = bool(os.environ.get("SIGNAL_THE_PARENT"))
    if parent == (os.getpid() == build_pid):  # only the build's own calls, or (parent) only its workers'
        return real(*args, **kwargs)
    calls.append(1)
    if len(calls) == when:
        print(f"SIGTERM sent in {attribute}", file=sys.stderr, flush=True)
        os.kill(build_pid, signal.SIGTERM)
    return real(*args, **kwargs)
setattr(owner, name, wrapped)
from kodaira_analysis.reports.cli import main
sys.exit(main(sys.argv[4:]))
"""

#: (where, which call, exit code, what the log says): each moment after the report's HTML was written.
#: Until the build has recorded it, the build stops (143) and records it; afterwards the build's own code stands.
ONE_REPORT_MOMENTS = [
    ("kodaira_analysis.reports.figures", "StagedFigures.swap", 1, 143, "1 of 1 report(s) finished and recorded"),
    ("kodaira_analysis.reports.publisher", "write_manifest", 1, 143, "1 of 1 report(s) finished and recorded"),
    ("kodaira_analysis.reports.workers", "Pool.close", 1, 143, "1 of 1 report(s) finished and recorded"),
    ("kodaira_analysis.reports.summary", "write_index_page", 1, 143, "1 of 1 report(s) finished and recorded"),
    ("kodaira_analysis.reports.summary", "print_summary", 1, 0, "came after the build had"),
    ("kodaira_analysis.reports.warm", "remove_runtime", 3, 0, "came after the build had"),  # the last clean-up
]


def run_with_signal_at(
    module: str, attribute: str, when: int, out: Path, config: Path, *args: str, parent: bool = False
):
    command = ["--config", str(config), "build", "--out", str(out), "--force", *args]
    return subprocess.run(
        [sys.executable, "-c", SIGNAL_AT, module, attribute, str(when), *command],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=paths.PROJECT_ROOT,
        start_new_session=True,
        env={**os.environ, **({"SIGNAL_THE_PARENT": "1"} if parent else {})},
    )


def assert_recorded(out: Path, before: dict, names: list[str], run) -> None:
    """Each report is new, whole and recorded as such; the folder is left clean and unlocked."""
    output = run.stdout + run.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in names:
        assert manifest["reports"][name]["status"] == "ok", output
        assert manifest["reports"][name]["finished_at"] != before[name]["finished_at"], f"{name} recorded\n{output}"
        page = (out / f"{name}.html").read_bytes()
        assert page.rstrip().endswith(b"</html>")
        assert manifest["reports"][name]["html_bytes"] == len(page), "the manifest describes the page in place"
    assert lock_is_free(out)
    assert not list(out.glob(".runtime*")), sorted(p.name for p in out.glob(".runtime*"))
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize(("module", "attribute", "when", "code", "says"), ONE_REPORT_MOMENTS)
def test_a_signal_once_the_report_is_written_keeps_it_recorded(
    one_report, tmp_path, module, attribute, when, code, says
):
    out = tmp_path / "reports"
    shutil.copytree(one_report, out)
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    run = run_with_signal_at(module, attribute, when, out, one_job_folder(tmp_path), "--only", "one")
    output = run.stdout + run.stderr
    assert f"SIGTERM sent in {attribute}" in output, output
    assert run.returncode == code, output
    assert says in output and "Traceback" not in output, output
    assert "before any report ran" not in output and "0 of 1" not in output, output
    assert_recorded(out, before, ["one"], run)
    if code == 0:
        assert "index: " in run.stdout, "the summary was printed whole"


@pytest.mark.parametrize(
    ("module", "attribute", "when"),
    [
        ("kodaira_analysis.reports.workers", "Pool.close", 1),  # the pool, after its last job
        ("kodaira_analysis.reports.publisher", "publish", 2),  # recording the second report
    ],
)
def test_a_signal_once_every_job_of_a_pool_finished_keeps_them_recorded(reports, module, attribute, when):
    before = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["reports"]
    run = run_with_signal_at(
        module, attribute, when, reports, paths.PROJECT_ROOT / "reports.yml", "--only", *TWO, "--jobs", "2"
    )
    output = run.stdout + run.stderr
    assert f"SIGTERM sent in {attribute}" in output, output
    assert run.returncode == 143, output
    assert "2 of 2 report(s) finished and recorded" in output and "Traceback" not in output, output
    assert_recorded(reports, before, TWO, run)


def test_a_signal_while_workers_stage_their_reports_leaves_each_report_whole_and_recorded_or_untouched(reports):
    """A worker signals the build as it writes its page beside its place: the page was renamed into place by
    the worker, and a build stopped then left it unrecorded. Now the build puts pages in place itself."""
    before = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["reports"]
    pages_before = {name: (reports / f"{name}.html").read_bytes() for name in TWO}
    for name in TWO:
        (reports / "figures" / name / "notes.txt").write_text("a reader's", encoding="utf-8")
    run = run_with_signal_at(
        "kodaira_analysis.files",
        "stage_atomic",
        1,
        reports,
        paths.PROJECT_ROOT / "reports.yml",
        "--only",
        *TWO,
        "--jobs",
        "2",
        parent=True,
    )
    output = run.stdout + run.stderr
    assert "SIGTERM sent in stage_atomic" in output and run.returncode == 143, output
    assert "Traceback" not in output, output
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["reports"]
    recorded = [name for name in TWO if manifest[name]["finished_at"] != before[name]["finished_at"]]
    assert f"{len(recorded)} of 2 report(s) finished and recorded" in output, output
    for name in TWO:
        page = (reports / f"{name}.html").read_bytes()
        assert (page != pages_before[name]) == (name in recorded), f"{name}: a new page is a recorded page"
        assert manifest[name]["html_bytes"] == len(page)
        assert (reports / "figures" / name / "notes.txt").read_text(encoding="utf-8") == "a reader's"
    assert lock_is_free(reports) and not list(reports.glob(".*.tmp")) and not list(reports.glob(".runtime*"))
    assert not list((reports / "figures").glob(".*")) and not list((reports / "executed").glob(".*"))


def test_a_signal_while_pdfs_print_stops_the_printer_and_the_index_links_every_current_pdf(reports):
    """A SIGTERM while the committee PDFs print: the printer finishes the page in hand and prints no more; the
    index links each PDF printed from its page; the lock is free and nothing staged is left."""
    from kodaira_analysis.reports import pdf

    if pdf.available():
        pytest.skip(pdf.available())
    committee = [j.name for j in load_jobs_here() if j.audience == "committee"][:2]
    run = run_with_signal_at(
        "kodaira_analysis.reports.pdf",
        "Printer._print_one",
        1,
        reports,
        paths.PROJECT_ROOT / "reports.yml",
        "--only",
        *committee,
        "--jobs",
        "2",
    )
    output = run.stdout + run.stderr
    assert "SIGTERM sent in Printer._print_one" in output and run.returncode == 143, output
    assert "while printing PDFs" in output and "Traceback" not in output, output
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    index = (reports / "index.html").read_text(encoding="utf-8")
    current = [name for name in committee if pdf.current(reports / f"{name}.html", manifest["reports"][name])]
    assert len(current) == 1, "the page in hand is printed, and no page after it"
    for name in current:
        assert f'href="{name}.pdf"' in index, f"{name}: a PDF printed from its page, not linked"
    assert lock_is_free(reports) and not list(reports.glob(".*.tmp")) and not list(reports.glob(".runtime*"))


def load_jobs_here():
    from kodaira_analysis.reports.config import load_jobs

    return load_jobs(paths.PROJECT_ROOT / "reports.yml")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_right_after_the_summary_keeps_the_builds_exit_code(reports, sig):
    """A SIGTERM 0.05-0.15 s after the summary killed the build by the default action (143), and cron mailed a
    failure for a build that had succeeded: the command line's handler now stays until it exits."""
    process = start(reports, "--force", "--no-pdf", "--only", TWO[0])
    wait_for(process, "index: ")  # the summary's last line
    os.kill(process.pid, sig)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "Traceback" not in output
