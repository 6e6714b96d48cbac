"""A report's provenance: generation time, parameters, commit, package versions, the data files' SHA-256.

The provenance block ends every report (worded by the report template, templates/kodaira/index.html.j2): the
tables the notebook read (:func:`tables_read`), only the files behind them, and the sources' attribution and terms.
The runner computes :func:`build_provenance` once a build; a page rendered by hand computes it itself.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from kodaira_analysis import TABLES, paths
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import SSDSE_EDITION_LIMIT, read_regular_file
from kodaira_analysis.present.i18n import LANGUAGES

#: The hidden output in which a notebook (present.display.start) records the tables it loaded.
TABLES_LOADED_MIMETYPE = "application/vnd.kodaira.tables-loaded+json"
#: The kinds of Project-URL a contact line may give, the first found first.
CONTACT_KINDS = ("issues", "bug tracker", "homepage", "repository", "source")
#: The raw file transcribed from the city's two progress pages (not the plan): its terms are named apart.
CITY_PAGES_FILE = TABLES["progress_reports"].raw_file
PACKAGES = ("kodaira-analysis", "pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "pandera")


def _how(what: str, make: str, module: str) -> str:
    return f"{what} ({paths.how_to_run(make, module)})"


#: The external sources, as reports.yml's ``requires`` names them, and what each is and how to get it (MIC's
#: download addresses are not pinned: its files are copied from a folder, mic.catalogue.how_to_get).
SOURCES = {
    "ssdse": _how("the SSDSE-A files", "external-data", "kodaira_analysis.ssdse.download"),
    "mic": _how("MIC's files", "external-data MIC_FROM=FOLDER", "kodaira_analysis.mic.download --from FOLDER"),
}


def source_files() -> dict[str, dict[str, Path]]:
    """Each external source's files present, by label: the one list the build, ``status`` and the hashes use."""
    from kodaira_analysis import mic, ssdse

    prefecture = {f"MIC file prefecturemean/{p.name}": p for p in mic.prefecture_mean_files().values() if p.is_file()}
    return {
        "ssdse": {f"SSDSE-A edition {path.name}": path for path in ssdse.available().values()},
        "mic": {f"MIC file city/{path.name}": path for path in mic.available().values()} | prefecture,
    }


def report_lang(job: dict[str, Any]) -> str:
    """The job's language, or Japanese when the job asks for one the reports do not have."""
    lang = job["parameters"].get("lang", "ja")
    return lang if lang in LANGUAGES else "ja"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=paths.PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def git_commit() -> str:
    """The commit of the project checkout, with '+changes' when the tree differs from it."""
    try:
        commit, dirty = _git("rev-parse", "HEAD"), _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return commit + (" +changes" if dirty else "")


def project_url() -> str | None:
    """The address a page's contact line gives: the package's first https Project-URL of :data:`CONTACT_KINDS`.

    None when it names none: the line then invents no address (the project publishes none of its own yet).
    """
    try:
        entries = metadata.metadata("kodaira-analysis").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    urls: dict[str, str] = {}
    for label, _, url in (str(entry).partition(",") for entry in entries):
        urls.setdefault(label.strip().lower(), url.strip())
    return next((url for kind in CONTACT_KINDS if _plain_https(url := urls.get(kind, ""))), None)


def _plain_https(url: str) -> bool:
    return url.startswith("https://") and not any(c.isspace() or c in "<>\"'" for c in url)


#: The largest notebook a page hashes (one with every output inline is a few MB).
NOTEBOOK_LIMIT = 64 * 1024 * 1024


def _sha256(path: Path, limit: int = SSDSE_EDITION_LIMIT) -> str:
    """SHA-256 of a regular file of at most ``limit`` bytes (RawDataError: anything else, never read)."""
    return hashlib.sha256(read_regular_file(path, limit, root=Path(path.anchor or "/"))).hexdigest()


def _notebook_sha256(path: Path) -> str:
    """SHA-256 of the notebook a page was made from, or '?' unless it is a regular ``.ipynb`` file of limited size.

    The path may come from the notebook itself (papermill's record, when a page is made by hand): a FIFO, a
    device or any other file it names is never read.
    """
    if path.suffix != ".ipynb":
        return "?"
    try:
        return _sha256(path, NOTEBOOK_LIMIT)
    except KodairaError:
        return "?"


def build_provenance(raw: dict[str, str]) -> dict[str, Any]:
    """What every report of one build shares: commit, versions, the SHA-256 of the raw and external files.

    The external files are those :func:`source_files` lists (SSDSE-A by name, MIC's by its folder and
    name: city/H17.xls, prefecturemean/H17.xls).
    """
    versions = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    external = source_files()
    return {
        "git_commit": git_commit(),
        "versions": versions,
        "raw_sha256": raw,
        "external_sha256": {path.name: _sha256(path) for path in external["ssdse"].values()},
        "mic_sha256": {f"{p.parent.name}/{p.name}": _sha256(p) for p in external["mic"].values()},
    }


def tables_read(nb) -> list[str] | None:
    """The tables the executed notebook loaded, from its hidden records, which are removed from the notebook.

    None when the notebook recorded nothing (it never called ``display.start``): its provenance then
    lists every raw file, so that it is never incomplete.
    """
    found: set[str] | None = None
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            record = output.get("data", {}).get(TABLES_LOADED_MIMETYPE)
            if record is None:
                kept.append(output)
            else:
                found = (found or set()) | set(record["tables"])
        cell.outputs = kept
    return None if found is None else sorted(found)


def provenance_record(
    job: dict[str, Any], provenance: dict[str, Any], generated_at: str, tables: list[str] | None = None
) -> dict[str, Any]:
    """What a report's provenance block shows (the report template words it): only the files behind ``tables``.

    ``outside``: the notebook, when it is not the repository's (the commit then does not describe it).
    ``sources``: whose data it shows, for their terms: the plan always, the city's progress pages when their file
    (:data:`CITY_PAGES_FILE`) is among the files read, SSDSE-A and MIC when their files were read.
    """
    raw, external, mic = (
        provenance["raw_sha256"],
        provenance.get("external_sha256", {}),
        provenance.get("mic_sha256", {}),
    )
    if tables is not None:
        files = {TABLES[t].raw_file for t in tables if t in TABLES}
        raw = {name: digest for name, digest in raw.items() if name in files}
        external = external if any(t.startswith("ssdse") for t in tables) else {}
        mic = mic if any(t.startswith("mic_") for t in tables) else {}
    notebook = Path(job["notebook"])
    outside = None
    if not notebook.resolve().is_relative_to(paths.NOTEBOOKS_DIR.resolve()):
        outside = {"notebook": str(notebook), "sha256": _notebook_sha256(notebook)}
    files_read = (("data/raw/", raw), ("SSDSE-A ", external), ("MIC ", mic))
    return {
        "generated": generated_at,
        "report": f"{job['name']} ({notebook.name}, {job['audience']})",
        "parameters": json.dumps(job["parameters"], ensure_ascii=False, sort_keys=True),
        "commit": provenance["git_commit"],
        "outside": outside,
        "packages": ", ".join(f"{k} {v}" for k, v in provenance["versions"].items()),
        "tables": tables,
        "checksums": [
            (f"SHA-256 {where}{name}", digest) for where, found in files_read for name, digest in found.items()
        ],
        "sources": [
            "plan",
            *(["city_pages"] if CITY_PAGES_FILE in raw else []),
            *(["ssdse"] if external else []),
            *(["mic"] if mic else []),
        ],
    }
