"""What a report depends on: one content hash per input (the manifest itself: :mod:`.publisher`).

A job is up to date when the hash of each thing it depends on (its notebook,
its parameters, its title and audience in the configuration, each raw data
file, the library code and templates, each SSDSE-A edition present) equals
the one recorded at its last success. The manifest keeps one hash per input,
so that ``kodaira-reports status`` can say which input changed. Timestamps
play no part (an SSDSE-A edition is known by size and modification time: it
is checked against its pinned SHA-256 whenever it is read).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis import paths
from kodaira_analysis.errors import KodairaError

if TYPE_CHECKING:
    from .config import Job

log = logging.getLogger(__name__)
JST = timezone(timedelta(hours=9), "JST")


def now_jst() -> str:
    """The current time in Japan, to the second, ISO 8601."""
    return datetime.now(JST).isoformat(timespec="seconds")


def library_hash() -> str:
    """One hash over the package's code, templates and vocabulary."""
    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".py", ".j2", ".json", ".css", ".csv"}
            and "__pycache__" not in path.parts
        ):
            digest.update(f"{path.relative_to(paths.PACKAGE_DIR)}:".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _sha256_json(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


#: The labels of a job's own inputs; the shared ones are labelled by common_inputs.
PARAMETERS, CONFIG, LIBRARY = "parameters", "config", "library code"


def common_inputs(raw: dict[str, str]) -> dict[str, str]:
    """What every report depends on, by label: each raw file, the library code, each SSDSE-A edition present.

    Args:
        raw: the raw files' SHA-256 by file name (``raw_checksums()``).
    """
    inputs = {f"data file data/raw/{name}": digest for name, digest in sorted(raw.items())}
    inputs[LIBRARY] = library_hash()
    inputs.update(sorted(external_state().items()))
    return inputs


def job_inputs(job: Job, common: dict[str, str], root: Path) -> dict[str, str]:
    """The hash of each input of one job's report, by label (the labels ``status`` prints).

    Args:
        job: the job.
        common: :func:`common_inputs`.
        root: the folder of reports.yml (notebooks are named relative to it).
    """
    try:
        notebook = job.notebook.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        notebook = job.notebook.name
    return {
        f"notebook {notebook}": hashlib.sha256(job.notebook.read_bytes()).hexdigest(),
        PARAMETERS: _sha256_json(job.parameters),
        CONFIG: _sha256_json({"name": job.name, "title": job.title, "audience": job.audience}),
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


@dataclass(frozen=True)
class Source:
    """An external data set a report reads: its files present (by label), and their check against pinned hashes."""

    name: str  # as reports.yml's ``requires`` names it
    how: str  # what it is and how to get it, for a job skipped without it
    files: Callable[[], dict[str, Path]]
    verify: Callable[[bool], object]  # raises RawDataError naming a file that fails its pinned SHA-256


def _ssdse_files() -> dict[str, Path]:
    from kodaira_analysis import ssdse

    return {f"SSDSE-A edition {path.name}": path for path in ssdse.available().values()}


def _mic_files() -> dict[str, Path]:
    from kodaira_analysis import mic

    files = {f"MIC file city/{path.name}": path for path in mic.available().values()}
    files.update({f"MIC file prefecturemean/{p.name}": p for p in mic.prefecture_mean_files().values() if p.is_file()})
    return files


def _ssdse_verify(remember: bool) -> object:
    from kodaira_analysis import ssdse

    return ssdse.verify_all(remember=remember)


def _mic_verify(_remember: bool) -> object:
    from kodaira_analysis import mic

    return mic.verify_all()


#: The external sources, the one list the build, ``status`` and the inputs' hashes use.
SOURCES = (
    Source(
        "ssdse",
        f"the SSDSE-A files ({paths.how_to_run('external-data', 'kodaira_analysis.ssdse.download')})",
        _ssdse_files,
        _ssdse_verify,
    ),
    Source(
        "mic",
        f"MIC's files ({paths.how_to_run('external-data', 'kodaira_analysis.mic.download')})",
        _mic_files,
        _mic_verify,
    ),
)


class DataError(KodairaError):
    """A data file that cannot be read (an OSError while the data is checked is bad data, exit 6, not a folder)."""


def check_sources(*, remember: bool = True) -> set[str]:
    """Check every external source's files against their pinned SHA-256; return the names of those absent.

    Raises:
        RawDataError: a file edited, cut short or replaced (the message names it).
    """
    for source in SOURCES:
        source.verify(remember)
    return {source.name for source in SOURCES if not source.files()}


def external_state() -> dict[str, str]:
    """Size and modification time of each external file present, by label (each file is hashed whenever read)."""
    files = {label: path for source in SOURCES for label, path in source.files().items()}
    return {label: f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for label, path in files.items()}
