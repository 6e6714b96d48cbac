"""What a report depends on: one content hash per input, by label; the external sources and their check.

A job is up to date when the hash of each thing it depends on (its notebook, its parameters, its title and
audience in the configuration, each raw data file, the library code and templates, each external file present)
equals the one recorded at its last success. An external file is known here by size and modification time: it
is checked against its pinned SHA-256 whenever it is read (:func:`check_sources`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError

if TYPE_CHECKING:
    from .config import Job

JST = timezone(timedelta(hours=9), "JST")
_HASHED = {".py", ".j2", ".json", ".css", ".csv"}  # the library's code, templates and vocabulary


def now_jst() -> str:
    """The current time in Japan, to the second, ISO 8601."""
    return datetime.now(JST).isoformat(timespec="seconds")


def library_hash() -> str:
    """One hash over the package's code, templates and vocabulary."""
    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if path.suffix in _HASHED and "__pycache__" not in path.parts and path.is_file():
            digest.update(f"{path.relative_to(paths.PACKAGE_DIR)}:".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _sha256_json(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def job_inputs(job: Job, common: dict[str, str], root: Path) -> dict[str, str]:
    """The hash of each input of one job's report, by label; notebooks are named relative to ``root``."""
    try:
        notebook = job.notebook.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        notebook = job.notebook.name
    return {
        f"notebook {notebook}": hashlib.sha256(job.notebook.read_bytes()).hexdigest(),
        "parameters": _sha256_json(job.parameters),
        "config": _sha256_json({"name": job.name, "title": job.title, "audience": job.audience}),
        **common,
    }


def changed_inputs(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """The labels of the inputs that differ, in the order of ``current``; new and removed ones say so."""
    changed = [
        label if label in recorded else f"{label} (new)"
        for label, digest in current.items()
        if recorded.get(label) != digest
    ]
    return changed + [f"{label} (removed)" for label in recorded if label not in current]


def _how(what: str, module: str) -> str:
    return f"{what} ({paths.how_to_run('external-data', f'kodaira_analysis.{module}.download')})"


#: The external sources, as reports.yml's ``requires`` names them, and what each is and how to get it.
SOURCES = {"ssdse": _how("the SSDSE-A files", "ssdse"), "mic": _how("MIC's files", "mic")}


def source_files() -> dict[str, dict[str, Path]]:
    """Each external source's files present, by label: the one list the build, ``status`` and the hashes use."""
    from kodaira_analysis import mic, ssdse

    prefecture = {f"MIC file prefecturemean/{p.name}": p for p in mic.prefecture_mean_files().values() if p.is_file()}
    return {
        "ssdse": {f"SSDSE-A edition {path.name}": path for path in ssdse.available().values()},
        "mic": {f"MIC file city/{path.name}": path for path in mic.available().values()} | prefecture,
    }


class DataError(KodairaError):
    """A data file that cannot be read (an OSError while the data is checked is bad data, exit 6, not a folder)."""


def check_sources(*, remember: bool = True) -> set[str]:
    """Check every external source's files against their pinned SHA-256; return the names of those absent.

    Raises:
        RawDataError: a file edited, cut short or replaced (the message names it).
    """
    from kodaira_analysis import mic, ssdse

    ssdse.verify_all(remember=remember)
    mic.verify_all()
    return {name for name, files in source_files().items() if not files}


def external_state() -> dict[str, str]:
    """Size and modification time of each external file present, by label (each file is hashed whenever read)."""
    files = {label: path for found in source_files().values() for label, path in found.items()}
    return {label: f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for label, path in files.items()}
