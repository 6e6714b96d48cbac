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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kodaira_analysis import paths, raw_checksums

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
    inputs.update({f"SSDSE-A edition {name}": seen for name, seen in sorted(external_state().items())})
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


def external_state() -> dict[str, str]:
    """Size and modification time of each SSDSE-A and MIC file present (the notebooks that use them depend on them)."""
    from kodaira_analysis.mic import available as mic_available
    from kodaira_analysis.mic import prefecture_mean_files
    from kodaira_analysis.ssdse import available

    files = {path.name: path for path in available().values()}
    files.update({f"mic/city/{path.name}": path for path in mic_available().values()})
    files.update({f"mic/prefecturemean/{p.name}": p for p in prefecture_mean_files().values() if p.is_file()})
    return {label: f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for label, path in files.items()}


def inputs_fingerprint() -> tuple[dict[str, str], str]:
    """The raw data checksums and the library hash (with the external data's state), computed once per build."""
    return raw_checksums(), library_hash() + json.dumps(external_state(), sort_keys=True)
