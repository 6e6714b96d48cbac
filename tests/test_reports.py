"""kodaira-reports: builds into a temporary folder, incremental, isolated failures, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from filelock import FileLock

from kodaira_analysis import paths
from kodaira_analysis.plan.freshness import raw_checksums
from kodaira_analysis.reports.cli import main
from kodaira_analysis.reports.config import ConfigError, load_jobs
from kodaira_analysis.reports.model import ExitCode
from tests.conftest import Printed, built_job_names, require_shared_ssdse
from tests.conftest import build_reports as build

pytestmark = pytest.mark.notebooks


class Resources(HTMLParser):
    """Collect every URL a page would load or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name in ("src", "href", "data", "poster", "srcset"):
            if attributes.get(name):
                self.urls.append((tag, name, attributes[name]))


def parse(path: Path) -> Resources:
    page = Resources()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


@pytest.fixture
def built(built_reports) -> tuple[Path, int, Printed]:
    return built_reports


def test_every_job_succeeds(built):
    out, code, log = built
    assert code == 0, log
    jobs = built_job_names()
    for name in jobs:
        assert (out / f"{name}.html").is_file(), name
        assert (out / "executed" / f"{name}.ipynb").is_file(), "executed notebooks are kept for audit"
    n = len(jobs)
    assert re.search(rf"\[ ?{n}/{n}\] \S+: ok \(\d+\.\d s; \d+\.\d s elapsed\)", log.err), "progress (stderr)"
    assert "report" in log.out and "index:" in log.out, "a summary table, the result, ends the run (stdout)"
    assert "elapsed" not in log.out, "no progress on stdout"


def test_reports_are_self_contained(built):
    out, _, _ = built
    for page in [*out.glob("*.html")]:
        parsed = parse(page)
        external = [u for u in parsed.urls if re.match(r"^\s*(https?:)?//", u[2])]
        assert not external, f"{page.name} loads or links outside: {external[:3]}"
        text = page.read_text(encoding="utf-8")
        assert "cdnjs" not in text and "require.js" not in text.lower() and "mathjax" not in text.lower()
        for tag, attrs in parsed.tags:
            if tag == "img":
                assert attrs["src"].startswith("data:image/png;base64,")
                assert len(attrs.get("alt", "")) > 20, f"{page.name}: an image without alt text"
        # 01-ja measured 2.35 MB (2026-12-06): each chart embedded twice where a phone variant exists
        assert len(text.encode()) < 3_000_000, f"{page.name} is over 3 MB"


def test_committee_reports_show_no_code(built):
    out, _, _ = built
    for job in [j for j in load_jobs() if j.name in built_job_names()]:
        text = (out / f"{job.name}.html").read_text(encoding="utf-8")
        body = text[text.index("<body") :]
        has_code = "import kodaira_analysis" in body or 'class="jp-InputPrompt' in body
        if job.audience == "committee":
            assert not has_code, f"{job.name} shows code"
            assert "jp-InputArea-editor" not in body
        else:
            assert has_code, f"{job.name} (research) should keep its code"


def test_html_language_and_font_stack(built):
    out, _, _ = built
    ja = (out / "01-fiscal-trends-ja.html").read_text(encoding="utf-8")
    en = (out / "01-fiscal-trends-en.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in ja and '<html lang="en">' in en
    assert "Noto Sans CJK JP" in ja and "@page { size: A4" in ja


def test_provenance_block(built):
    out, _, _ = built
    text = (out / "04-reform-progress-ja.html").read_text(encoding="utf-8")
    block = text[text.index('class="kodaira-provenance"') :]
    assert "<details" in text[text.index('class="kodaira-provenance"') - 40 :], "folded"
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00", block), "generation time in JST"
    assert "&#34;lang&#34;: &#34;ja&#34;" in block or '"lang": "ja"' in block
    assert re.search(r"[0-9a-f]{40}|unknown", block), "git commit"
    assert "pandas 3.1.1" in block and "papermill" in block
    read = re.search(r"<dt[^>]*>読み込んだ表</dt><dd[^>]*>([^<]*)</dd>", block)
    assert read, "the tables the notebook read"
    tables = read.group(1).split(", ")
    assert {"program_progress", "reform_history"} <= set(tables) and "fiscal_effects" not in tables
    from kodaira_analysis import TABLES

    files = {TABLES[t].raw_file for t in tables if t in TABLES}
    for name, digest in raw_checksums().items():
        used = name in files
        assert (f"data/raw/{name}" in block and digest in block) == used, f"{name} listed only if used"
    assert "SHA-256 SSDSE-A " not in block, "the reform-progress report reads no SSDSE-A file"
    assert "application/vnd.kodaira" not in text, "the notebook's record of its tables is not shown"
    from kodaira_analysis.page.provenance import build_provenance

    fiscal = (out / "01-fiscal-trends-ja.html").read_text(encoding="utf-8")
    block = fiscal[fiscal.index('class="kodaira-provenance"') :]
    for name in ("fiscal_effects.csv", "numerical_targets.csv"):
        assert f"data/raw/{name}" in block and raw_checksums()[name] in block
    assert "data/raw/demographics.csv" not in block
    for name, digest in build_provenance({})["external_sha256"].items():
        assert f"SHA-256 SSDSE-A {name}" in block and digest in block, "01 reads SSDSE-A when it is present"


def test_index_and_manifest(built):
    out, _, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in built_job_names():
        assert f'href="{name}.html"' in index
        entry = manifest["reports"][name]
        assert entry["status"] == "ok" and entry["report_status"] == "ok" and entry["input_hash"]
    for status in ("達成", "判定なし（実績は市の決算で公表）", "未達成", "Not judged (the city publishes the actual)"):
        assert status in index, f"the targets summary shows {status}"
    parsed = parse(out / "index.html")
    for _, _, url in parsed.urls:
        assert (out / url).is_file(), f"index links to a missing file {url}"


def test_second_build_does_nothing(built, tmp_path):
    out = tmp_path / "copy"  # the shared build stays as it is for the other tests
    shutil.copytree(built[0], out)
    before = snapshot(out)
    code, log = build(out)
    assert code == 0
    assert log.err.count(": up to date") == len(built_job_names()), "each report said up to date (stderr)"
    assert log.out.count("up to date") == len(built_job_names()), "and so does the summary (stdout)"
    assert "building" not in log.err
    assert snapshot(out) == before


def test_force_and_only(built, tmp_path):
    out, _, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    code, log = build(copy, "--force", "--only", "02-staffing-levels-en")
    assert code == 0 and "building 1 report" in log.err


# ---------------------------------------------------------------- failures


def write_config(folder: Path, jobs: list[dict]) -> Path:
    config = folder / "reports.yml"
    config.write_text(yaml.safe_dump({"jobs": jobs}, allow_unicode=True), encoding="utf-8")
    return config


def notebook_copy(folder: Path, name: str, extra_cell: str | None = None) -> Path:
    (folder / "notebooks").mkdir(exist_ok=True)
    target = folder / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    if extra_cell:
        nb.cells.append(nbformat.v4.new_code_cell(extra_cell))
    nbformat.write(nb, target)
    return target


def job(name: str, notebook: str, **parameters) -> dict:
    return {
        "name": name,
        "notebook": f"notebooks/{notebook}.ipynb",
        "title": name,
        "audience": "committee",
        "parameters": {"lang": "en", **parameters},
    }


def test_failing_job_is_isolated_and_keeps_last_good(tmp_path):
    notebook_copy(tmp_path, "02-staffing-levels")
    notebook_copy(tmp_path, "03-aging-population")
    config = write_config(tmp_path, [job("good", "03-aging-population"), job("flaky", "02-staffing-levels")])
    out = tmp_path / "out"
    assert build(out, config=config)[0] == 0
    good_before = (out / "flaky.html").read_bytes()
    notebook_copy(tmp_path, "02-staffing-levels", "raise RuntimeError('boom: the source table changed')")
    code, log = build(out, config=config)
    assert code == ExitCode.CELL_ERROR, log
    assert "flaky: cell_error" in log.err and "flaky: cell_error" not in log.out
    assert (out / "flaky.html").read_bytes() == good_before, "the last good report stays in place"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["flaky"]["report_status"] == "stale"
    assert manifest["reports"]["good"]["report_status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "errors/flaky.html" in index and "Stale" in index
    error_page = (out / "errors" / "flaky.html").read_text(encoding="utf-8")
    assert "boom: the source table changed" in error_page and "RuntimeError" in error_page
    assert "Failing cell:" in error_page and "raise RuntimeError" in error_page
    assert (out / "executed" / "flaky.ipynb").is_file()
    # mended: the next build clears the error and the stale mark
    notebook_copy(tmp_path, "02-staffing-levels")
    assert build(out, config=config)[0] == 0
    assert not (out / "errors" / "flaky.html").exists()


def test_new_failing_job_shows_on_index_as_failed(tmp_path):
    notebook_copy(tmp_path, "03-aging-population", "1 / 0")
    config = write_config(tmp_path, [job("broken", "03-aging-population")])
    out = tmp_path / "out"
    code, log = build(out, config=config)
    assert code == ExitCode.CELL_ERROR
    failure = next(line for line in log.err.splitlines() if " ERROR " in line)
    assert "broken: cell_error in cell" in failure and "ZeroDivisionError" in failure
    assert str(out / "errors" / "broken.html") in failure and f"[config {config.resolve()}]" in failure
    assert "ZeroDivisionError" not in log.out
    assert not (out / "broken.html").exists()
    assert "Failed: no report yet" in (out / "index.html").read_text(encoding="utf-8")


def test_timeout_has_its_exit_code(tmp_path):
    notebook_copy(tmp_path, "03-aging-population", "import time\ntime.sleep(60)")
    config = write_config(tmp_path, [job("slow", "03-aging-population")])
    code, log = build(tmp_path / "out", "--timeout", "3", config=config)
    assert code == ExitCode.TIMEOUT, log
    assert "slow: timeout" in log.err


def test_dead_kernel_has_its_exit_code(tmp_path):
    notebook_copy(tmp_path, "03-aging-population", "import os\nos._exit(1)")
    config = write_config(tmp_path, [job("dies", "03-aging-population")])
    code, log = build(tmp_path / "out", "--timeout", "30", config=config)
    assert code == ExitCode.DEAD_KERNEL, log
    page = (tmp_path / "out" / "errors" / "dies.html").read_text(encoding="utf-8")
    assert "the kernel died" in page


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        (job("x", "03-aging-population", colour="red"), "parameter colour='red'"),
        (job("x", "03-aging-population", api_token="abc"), "no secret in notebook parameters"),
        (job("x", "03-aging-population", db_password="abc"), "no secret"),
        (job("x", "03-aging-population", extend_to_year=1999), "extend_to_year=1999"),
        (job("x", "03-aging-population", lang="de"), "lang='de'"),
        ({**job("x", "03-aging-population"), "audience": "public"}, "audience='public'"),
        (job("x", "99-missing"), "does not exist"),
        (job("Bad Name", "03-aging-population"), "name='Bad Name'"),
    ],
)
def test_bad_configuration_stops_before_running(tmp_path, entry, fragment):
    notebook_copy(tmp_path, "03-aging-population")
    config = write_config(tmp_path, [entry])
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        load_jobs(config)
    code, log = build(tmp_path / "out", config=config)
    assert code == ExitCode.CONFIG and fragment in log.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.html"))


def test_lock_stops_a_second_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".build.lock"):
        code, log = build(out, "--only", "02-staffing-levels-en")
    assert code == ExitCode.LOCKED
    assert "another kodaira-reports build is running" in log.err
    assert sorted(out.iterdir()) == [out / ".build.lock", out / ".kodaira-reports"], "nothing was changed"


def test_list_and_clean(built, tmp_path, capsys):
    out, _, _ = built
    assert main(["list", "--out", str(out)]) == 0
    listing = capsys.readouterr().out
    assert "01-fiscal-trends-ja" in listing and "ok" in listing
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / ".gitkeep").touch()
    assert main(["clean", "--out", str(copy)]) == 0
    assert sorted(p.name for p in copy.iterdir()) in (
        [".gitkeep", ".kodaira-reports"],
        [".build.lock", ".gitkeep", ".kodaira-reports"],  # clean never removes a lock another build may hold
    )


def test_every_subcommand_has_help(capsys):
    for argv in (["--help"], ["build", "--help"], ["preview", "--help"], ["list", "--help"], ["clean", "--help"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 0
    assert "--timeout" in capsys.readouterr().out


def test_peer_report_is_skipped_not_failed_without_ssdse(tmp_path, monkeypatch):
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path / "none"))
    out = tmp_path / "out"
    code, log = build(out, "--only", "05-tama-peers-en", "02-staffing-levels-en")
    assert code == 0, log
    assert "05-tama-peers-en: skipped" in log.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["05-tama-peers-en"]["report_status"] == "skipped"
    assert manifest["reports"]["02-staffing-levels-en"]["report_status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Skipped: its data is not present" in index
    # a report no build has run yet (not among --only) is not built, not skipped for want of data
    assert "Not built yet" in index and index.count("Skipped: its data is not present") == 1
    assert not (out / "05-tama-peers-en.html").exists()


def test_peer_report_is_built_with_ssdse(built):
    require_shared_ssdse()
    out, _, _ = built
    text = (out / "05-tama-peers-ja.html").read_text(encoding="utf-8")
    assert "26市中" in text and "SSDSE-A" in text


def test_command_line_imports_nothing_heavy():
    import subprocess
    import sys

    code = "import sys, kodaira_analysis.reports.cli; print(sorted({'pandas', 'papermill', 'nbconvert'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
