"""Shared fixtures: a private copy of data/raw and a processed folder per test."""

from __future__ import annotations

import csv
import functools
import os
import runpy
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

OFFLINE = Path(__file__).parent / "offline"
NETWORK_LOG = Path(tempfile.mkdtemp(prefix="kodaira-network-")) / "attempts.log"
# Every Python process this session starts (kernels, workers, subprocesses) loads the
# offline guard through PYTHONPATH; this process loads it now.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
os.environ["KODAIRA_NETWORK_LOG"] = str(NETWORK_LOG)
runpy.run_path(str(OFFLINE / "sitecustomize.py"))

from kodaira_analysis import paths  # noqa: E402

#: The SSDSE-A copies every developer and CI run has beside the project (never committed).
SHARED_SSDSE = paths.SHARED_DIR / "data" / "ssdse-a"
#: Whether this session has the SSDSE-A files. Tests use the shared copies or none at all, never a
#: user's data/external, so that what they expect does not depend on the checkout.
SSDSE_PRESENT = SHARED_SSDSE.is_dir()
os.environ["KODAIRA_SSDSE_DIR"] = str(SHARED_SSDSE if SSDSE_PRESENT else Path(tempfile.mkdtemp(prefix="no-ssdse-")))
#: MIC's 主要財政指標 (city/ and prefecturemean/), likewise read from the shared copies only.
SHARED_MIC = paths.SHARED_DIR / "data" / "mic-indices"
MIC_PRESENT = SHARED_MIC.is_dir()
os.environ["KODAIRA_MIC_DIR"] = str(SHARED_MIC if MIC_PRESENT else Path(tempfile.mkdtemp(prefix="no-mic-")))


def built_job_names() -> list[str]:
    """The report jobs this session can build (those needing SSDSE-A are skipped without it)."""
    from kodaira_analysis.reports.config import load_jobs

    return [job.name for job in load_jobs() if SSDSE_PRESENT or "ssdse" not in job.requires]


def require_shared_ssdse() -> Path:
    """The shared SSDSE-A folder; skip (fail under CI=true) when this checkout has none beside it."""
    if not SHARED_SSDSE.is_dir():
        message = f"no SSDSE-A files at {SHARED_SSDSE} (tests read the shared copies; see README)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_SSDSE


def require_shared_mic() -> Path:
    """The shared MIC folder; skip (fail under CI=true) when this checkout has none beside it."""
    if not SHARED_MIC.is_dir():
        message = f"no MIC files at {SHARED_MIC} (tests read the shared copies; see docs/data-sources-mic.md)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_MIC


def require_shared_source() -> Path:
    """The plan's extracted text beside this checkout; skip (fail under CI=true) when there is none."""
    if not paths.SOURCE_DOCUMENT.is_file():
        message = f"no plan text at {paths.SOURCE_DOCUMENT} (tests read the shared copy; see README)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return paths.SOURCE_DOCUMENT


@functools.cache
def _ssdse_rows() -> tuple[list[list[str]], ...]:
    return tuple(
        list(csv.reader(path.open(encoding="cp932", newline="")))
        for path in sorted(require_shared_ssdse().glob("SSDSE-A-20*.csv"))
    )


def ssdse_column(code: str) -> dict[str, dict[int, float]]:
    """One SSDSE-A column for every municipality, read straight from the CSV files: {code: {data year: value}}.

    An oracle that shares no code with kodaira_analysis.ssdse: the newest edition wins; blank cells and
    the marks '-', '***' and 'X' are left out. The files are parsed once per test process.
    """
    out: dict[str, dict[int, float]] = {}
    for rows in _ssdse_rows():
        if code not in rows[0]:
            continue
        i = rows[0].index(code)
        year = int(rows[1][i])
        for row in rows[3:]:
            if row and row[0].startswith("R") and row[i].strip() not in ("", "-", "***", "X"):
                out.setdefault(row[0][1:], {})[year] = float(row[i].replace(",", ""))
    return out


@pytest.fixture(scope="session", autouse=True)
def no_network_requests():
    """The whole suite, kernels and subprocesses included, makes no network request."""
    yield
    attempts = NETWORK_LOG.read_text(encoding="utf-8") if NETWORK_LOG.exists() else ""
    assert attempts == "", f"network requests were attempted during the tests:\n{attempts}"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A copy of data/raw that a test may edit."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR, target)
    return target


@pytest.fixture
def processed_dir(tmp_path: Path) -> Path:
    """An empty place for processed tables."""
    return tmp_path / "processed"


@pytest.fixture(scope="session", autouse=True)
def build_kernel():
    """The kernelspec of this interpreter, as the report runner uses it (never another env's python3)."""
    from kodaira_analysis.reports.warm import install_kernelspec

    # Kernels started by the tests keep their connection files in a runtime folder of this session.
    runtime = Path(tempfile.mkdtemp(prefix="kr-"))
    install_kernelspec(runtime)
    yield
    shutil.rmtree(runtime, ignore_errors=True)


class Printed(NamedTuple):
    """What a command printed: its result on stdout, its log (progress, warnings, errors) on stderr."""

    out: str
    err: str

    def __str__(self) -> str:  # an assertion message shows both, readably
        return f"stdout:\n{self.out}\nstderr:\n{self.err}"


def run_cli(*argv: str) -> tuple[int, Printed]:
    """Run `kodaira-reports ARGV` in-process; return the exit code and what it printed on each stream."""
    import contextlib
    import io

    from kodaira_analysis.reports.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, Printed(out.getvalue(), err.getvalue())


def build_reports(out: Path, *args: str, config: Path | None = None) -> tuple[int, Printed]:
    """Run `kodaira-reports build --out OUT ARGS` in-process; return the exit code and what it printed."""
    argv = ["build", "--out", str(out), *args]
    if config is not None:
        argv = ["--config", str(config), *argv]
    return run_cli(*argv)


def session_shared_dir(tmp_path_factory) -> Path:
    """A folder shared by this session's xdist workers (and by no other session): pytest-N/ itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory, build_kernel) -> tuple[Path, int, Printed]:
    """Every report of reports.yml, built once per session into a temporary folder, shared by the xdist workers.

    The first worker to ask builds under a file lock; the others wait and reuse it. Tests read it, or
    copy it before they change anything.
    """
    import json

    from filelock import FileLock

    shared = session_shared_dir(tmp_path_factory)
    out, record = shared / "shared-reports", shared / "shared-reports.json"
    with FileLock(str(shared / "shared-reports.lock")):
        if record.is_file():
            code, printed = json.loads(record.read_text(encoding="utf-8"))
            log = Printed(*printed)
        else:
            code, log = build_reports(out)
            record.write_text(json.dumps([code, list(log)]), encoding="utf-8")
    return out, code, log


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A private TMPDIR short enough for Chromium, whose socket goes there (in pytest's tmp_path it said "Socket
    path too long" and did not start)."""
    folder = Path(tempfile.mkdtemp(prefix="kodaira-test-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def browser_or_skip():
    """Playwright's sync API with Debian's Chromium, or skip (fail under CI=true) without a browser."""
    chromium = os.environ.get("KODAIRA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = (
            "no Chromium found: install it with `apt-get install chromium fonts-noto-cjk` "
            "(or set KODAIRA_CHROMIUM to a Chromium binary) to run the browser checks"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: a missing browser fails, never skips)")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run `make venv` (it is a pinned dev dependency)")
    return sync_playwright, chromium


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser check of the session (they share the xdist group 'browser')."""
    sync_playwright, chromium = browser_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def pytest_collection_modifyitems(config, items):
    """Every test that uses the browser runs in one xdist worker (--dist loadgroup), so one browser serves all."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or "browser_or_none" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("browser"))
            item.add_marker(pytest.mark.browser)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def summary_period_views(table, lang: str) -> tuple:
    """The committee summary's Table 2, Table 3 and sentences for Kodaira, from the frames notebook 00 names."""
    from kodaira_analysis.analysis import period, period_compare, period_summary, series
    from kodaira_analysis.topics import summary_period

    fiscal, tama = period.fiscal_series(table), period_compare.group_rows(table)
    values = period_summary.period_values(table, fiscal)
    moves = period_summary.period_moves(values, tama)
    sentences = summary_period.period_sentences(
        fiscal,
        tama,
        series.census_ageing(table),
        period.elderly_households(table),
        period.population_change(table),
        period.staffing_series(table),
        lang,
    )
    return summary_period.period_table(values, moves, lang), summary_period.moves_table(values, moves, lang), sentences
