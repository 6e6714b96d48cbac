"""kodaira-reports preview: a real subprocess on a temporary copy, served on 127.0.0.1, stopped by a signal."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.reports.server import RELOAD_SCRIPT, Preview, inject_reload

pytestmark = pytest.mark.notebooks


def test_reload_script_goes_into_served_copies_only():
    page = "<html><body><p>x</p></body></html>"
    served = inject_reload(page)
    assert served.index(RELOAD_SCRIPT) < served.index("</body>")
    preview = Preview("x")
    preview.publish(page)
    assert preview.version == 1 and "__version" in preview.page


def test_a_version_request_is_answered_when_a_new_render_is_served():
    preview = Preview("x")
    assert preview.wait_for_change("1", timeout=10) == 0, "a version other than the one seen: at once"
    started = time.monotonic()
    threading.Timer(0.3, preview.publish, args=("<html><body></body></html>",)).start()
    assert preview.wait_for_change("0", timeout=30) == 1
    assert 0.2 < time.monotonic() - started < 20
    assert preview.wait_for_change("1", timeout=0.05) == 1, "nothing new: the current version, after the wait"


def test_only_the_reports_figure_files_are_served(tmp_path):
    figures = tmp_path / "figures" / "r"
    figures.mkdir(parents=True)
    (figures / "figure-01.png").write_bytes(b"\x89PNG one")
    (figures / "figure-01.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (figures / "figure-02.png").symlink_to(tmp_path / "secret.png")
    preview = Preview("r", tmp_path)
    assert preview.figure("/figures/r/figure-01.png") == b"\x89PNG one"
    for refused in (
        "/figures/r/figure-01.svg",  # the page links PNGs only
        "/figures/r/figure-02.png",  # a symbolic link
        "/figures/r/figure-03.png",  # not there
        "/figures/r/../../secret.png",
        "/figures/other/figure-01.png",  # another report's
        "/figures/r/figure-01.png/",
        "/secret.png",
    ):
        assert preview.figure(refused) is None, refused
    assert Preview("r").figure("/figures/r/figure-01.png") is None  # nothing rendered yet


def test_read_inside_follows_no_link_and_waits_on_no_fifo(tmp_path):
    from kodaira_analysis.files import read_inside

    root, outside = tmp_path / "out", tmp_path / "outside"
    (root / "figures" / "r").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"secret")
    (root / "figures" / "r" / "figure-01.png").write_bytes(b"png")
    assert read_inside(root, "figures/r/figure-01.png", 100) == b"png"
    (root / "figures" / "r" / "figure-02.png").symlink_to(outside / "secret.png")
    os.link(outside / "secret.png", root / "figures" / "r" / "figure-03.png")
    os.mkfifo(root / "figures" / "r" / "figure-04.png")
    (root / "figures" / "r" / "figure-05.png").write_bytes(b"x" * 101)
    (root / "figures" / "s").symlink_to(outside, target_is_directory=True)  # a linked folder
    shutil.copy(outside / "secret.png", outside / "figure-01.png")
    refused = [
        "figures/r/figure-02.png",  # a symbolic link
        "figures/r/figure-03.png",  # a second name of a file elsewhere
        "figures/r/figure-04.png",  # a FIFO: refused at once, not waited on
        "figures/r/figure-05.png",  # over the limit
        "figures/s/figure-01.png",  # through a linked folder
        "figures/r/../r/figure-01.png",
        "/etc/passwd",
        "",
    ]
    for relative in refused:
        with pytest.raises(OSError):
            read_inside(root, relative, 100)
    (root / "figures").rename(tmp_path / "real-figures")
    (root / "figures").symlink_to(tmp_path / "real-figures", target_is_directory=True)
    with pytest.raises(OSError):
        read_inside(root, "figures/r/figure-01.png", 100)  # the figures folder itself a link


def test_a_build_kernel_draws_svg_unless_told_otherwise(tmp_path, monkeypatch):
    import json

    from kodaira_analysis.present import SVG_ENV
    from kodaira_analysis.reports import warm

    monkeypatch.setenv(SVG_ENV, "0")  # a build started from a preview's kernel, say: its figures keep their SVG
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    for env, expected in ((None, "1"), ({SVG_ENV: "0"}, "0"), ({SVG_ENV: "1"}, "1")):
        root = warm.install_kernelspec(tmp_path / str(expected) / str(env is None), env=env)
        spec = json.loads((root / "kernels" / warm.KERNEL_NAME / "kernel.json").read_text(encoding="utf-8"))
        assert spec["env"][SVG_ENV] == expected


def test_a_preview_into_a_kept_folder_writes_the_svg_too(tmp_path):
    import json
    import os

    from kodaira_analysis.present import SVG_ENV
    from kodaira_analysis.reports import warm
    from kodaira_analysis.reports.config import Job
    from kodaira_analysis.reports.drafts import drafting

    before = {name: os.environ.get(name) for name in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
    # --out: the figure files whole, as a build's; the preview's own temporary folder: PNG only
    for keeps_files, expected in ((True, "1"), (False, "0")):
        job = Job("x", paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", "x")
        with drafting(job, tmp_path / str(keeps_files), paths.PROJECT_ROOT, keeps_files=keeps_files):
            root = Path(os.environ["JUPYTER_PATH"].split(os.pathsep)[0])
            spec = json.loads((root / "kernels" / warm.KERNEL_NAME / "kernel.json").read_text(encoding="utf-8"))
            assert spec["env"][SVG_ENV] == expected
        assert not root.exists(), "the kernelspec is removed after"
        assert {name: os.environ.get(name) for name in before} == before, "the environment is restored"


def test_the_watcher_sees_each_save_of_its_files_a_rename_too_and_nothing_else(tmp_path):
    """An editor's save writes a temporary file and renames it over the notebook: seen, as a write in place is.
    The library's folders count whole; beside a single file, only that file counts."""
    from kodaira_analysis.reports.preview import Watcher
    from kodaira_analysis.reports.signals import StopFlag

    library, notebooks = tmp_path / "library", tmp_path / "notebooks"
    (library / "sub").mkdir(parents=True)
    notebooks.mkdir()
    config, notebook, paired = tmp_path / "reports.yml", notebooks / "n.ipynb", notebooks / "n.py"
    config.write_text("jobs: []", encoding="utf-8")
    notebook.write_text("{}", encoding="utf-8")
    stop = StopFlag()
    watcher = Watcher([library], [config, notebook, paired], stop)  # paired: not there yet
    give_up = threading.Timer(60, stop.record, args=(signal.SIGTERM,))  # a watcher that sees nothing returns
    give_up.start()

    def by_rename(path: Path, text: str) -> None:
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)

    def beside(save) -> None:  # the save, and changes that count for nothing: beside the files, in the caches
        save()
        (notebooks / "other.ipynb").write_text("{}", encoding="utf-8")
        (tmp_path / "other.yml").write_text("x", encoding="utf-8")
        (library / "__pycache__").mkdir(exist_ok=True)
        (library / "__pycache__" / "m.pyc").write_bytes(b"x")

    saves = [
        (lambda: by_rename(notebook, '{"a": 1}'), {notebook}),
        (lambda: by_rename(config, "jobs: [] # edited"), {config}),
        (lambda: notebook.write_text('{"a": 2}', encoding="utf-8"), {notebook}),
        (lambda: paired.write_text("# %%", encoding="utf-8"), {paired}),
        (lambda: (library / "sub" / "m.py").write_text("x = 1", encoding="utf-8"), {library / "sub" / "m.py"}),
    ]
    try:
        for save, expected in saves:
            change = threading.Timer(0.3, beside, args=(save,))
            change.start()
            assert watcher.wait() == {path.resolve() for path in expected}
            change.join()
    finally:
        give_up.cancel()
        stop.record(signal.SIGTERM)
    assert watcher.wait() == set(), "stopped: nothing more"


def _get(url: str, timeout: float = 10) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _descendants(pid: int) -> set[int]:
    found, stack = set(), [pid]
    while stack:
        try:
            children = Path(f"/proc/{stack.pop()}/task").glob("*/children")
            for child in children:
                for c in child.read_text().split():
                    found.add(int(c))
                    stack.append(int(c))
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="process-tree check reads /proc")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_preview_rerenders_on_save_and_stops_cleanly(tmp_path, sig, code):
    """Stopped while it waits for a change (watchfiles turned a SIGTERM there into Ctrl-C's 130)."""
    notebook = tmp_path / "notebooks" / "02-staffing-levels.ipynb"  # notebooks sit in notebooks/ beside reports.yml
    notebook.parent.mkdir()
    shutil.copy(paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb", notebook)
    config = tmp_path / "reports.yml"
    config.write_text(
        "jobs:\n  - name: preview-me\n    notebook: notebooks/02-staffing-levels.ipynb\n    title: Preview\n"
        "    parameters: {lang: en}\n",
        encoding="utf-8",
    )
    log = tmp_path / "preview.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.cli", "--config", str(config), "preview", "preview-me"],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        url = _wait(
            lambda: (m := re.search(r"http://127\.0\.0\.1:\d+/", log.read_text(encoding="utf-8"))) and m[0],
            120,
            "the preview's address",
        )
        _wait(lambda: _get(url + "__version") == "1", 180, "the first render")
        first = _get(url)
        assert "Staffing" in first and RELOAD_SCRIPT in first
        # each figure links to itself (a link that travels with the page); the preview also writes each
        # figure's full-size PNG, which it serves; its kernels draw no SVG
        links = re.findall(r'class="kodaira-figure-full" href="([^"]+)"', first)
        assert links and all(re.fullmatch(r"#figure-\d+", link) for link in links), links
        pngs = [f"figure-{int(link.rsplit('-', 1)[1]):02d}.png" for link in links]
        with urllib.request.urlopen(url + "figures/preview-me/" + pngs[0], timeout=10) as response:
            assert response.headers["Content-Type"] == "image/png" and response.read().startswith(b"\x89PNG")
        out = Path(re.search(r"rendered files in (\S+) \(removed when", log.read_text(encoding="utf-8"))[1])
        files = sorted(p.name for p in (out / "figures" / "preview-me").iterdir())
        assert files == [".kodaira-figures", *pngs], "PNG files only, one a figure, and the list of them"
        # a save of the notebook: a new render, served as version 2, without the marker it replaces
        source = notebook.read_text(encoding="utf-8")
        heading = '# Staffing levels\\"'  # the English title as the .ipynb's JSON holds it (not the research note)
        assert heading in source
        notebook.write_text(source.replace(heading, '# Staffing levels (edited)\\"', 1), encoding="utf-8")
        deadline = time.monotonic() + 180  # the page's script: an answer as soon as a new version is served
        while (version := _get(url + "__version?since=1", timeout=60)) == "1" and time.monotonic() < deadline:
            pass
        assert version == "2", "the render after a save"
        assert "(edited)" in _get(url)
        # the used kernel is stopped once the page is served, and the spare booted only then: wait for it
        children = _wait(lambda: _descendants(process.pid), 60, "the preview's warm kernel")
        time.sleep(2)  # the preview is idle, waiting for a change in watchfiles: where a SIGTERM exited 130
        process.send_signal(sig)
        assert process.wait(timeout=60) == code, log.read_text(encoding="utf-8")
        deadline = time.monotonic() + 15  # a kernel told to stop may take a moment to be reaped
        while (alive := [pid for pid in children if _running(pid)]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive == [], f"processes left after {sig.name}: {alive}"
        with pytest.raises(OSError):
            _get(url + "__version")  # the server is closed
        assert not out.exists(), "the preview's own folder goes with it"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="process-tree check reads /proc")
def test_a_signal_during_a_render_stops_the_preview_and_its_kernel(tmp_path):
    """The handlers only record the signal; the main thread then kills the kernels, and the render ends with them."""
    import json

    notebook = tmp_path / "notebooks" / "02-staffing-levels.ipynb"
    notebook.parent.mkdir()
    nb = json.loads((paths.NOTEBOOKS_DIR / "02-staffing-levels.ipynb").read_text(encoding="utf-8"))
    first_code = next(i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code")
    nb["cells"].insert(
        first_code + 1,
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import time\ntime.sleep(600)"},
    )  # fmt: skip
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    config = tmp_path / "reports.yml"
    config.write_text(
        "jobs:\n  - name: slow\n    notebook: notebooks/02-staffing-levels.ipynb\n    title: Slow\n", encoding="utf-8"
    )
    log = tmp_path / "preview.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "kodaira_analysis.reports.cli", "--config", str(config), "preview", "slow"],
            stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        url = _wait(
            lambda: (m := re.search(r"http://127\.0\.0\.1:\d+/", log.read_text(encoding="utf-8"))) and m[0],
            120,
            "the preview's address",
        )
        _wait(lambda: "watching" in log.read_text(encoding="utf-8"), 120, "the render to start")
        kernels = _wait(lambda: _descendants(process.pid), 60, "the render's kernel")
        time.sleep(3)  # the kernel sleeps in the second cell
        assert _get(url + "__version") == "0", "still rendering: nothing served yet"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 143, log.read_text(encoding="utf-8")
        deadline = time.monotonic() + 15
        while (alive := [pid for pid in kernels if _running(pid)]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive == [], f"processes left after SIGTERM: {alive}"
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
