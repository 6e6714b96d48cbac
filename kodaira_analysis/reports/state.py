"""What a build remembers: content hashes, the manifest, atomic writes, the lock.

A job is up to date when the hash of everything it depends on (notebook,
parameters, audience, raw data, library code, templates) equals the hash
recorded at its last success. Timestamps play no part.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from kodaira_analysis import paths, raw_checksums
from kodaira_analysis.files import write_atomic

MANIFEST = "manifest.json"
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


def job_hash(job: dict[str, Any], raw: dict[str, str], library: str) -> str:
    """The hash of everything a job's report depends on."""
    digest = hashlib.sha256()
    digest.update(Path(job["notebook"]).read_bytes())
    digest.update(
        json.dumps(
            {k: job[k] for k in ("name", "title", "audience", "parameters")}, sort_keys=True, ensure_ascii=False
        ).encode()
    )
    digest.update(json.dumps(raw, sort_keys=True).encode())
    digest.update(library.encode())
    return digest.hexdigest()


def external_state() -> dict[str, str]:
    """Size and modification time of each SSDSE-A file present (the notebooks that use them depend on them)."""
    from kodaira_analysis.ssdse import available

    return {path.name: f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in available().values()}


def inputs_fingerprint() -> tuple[dict[str, str], str]:
    """The raw data checksums and the library hash (with the external data's state), computed once per build."""
    return raw_checksums(), library_hash() + json.dumps(external_state(), sort_keys=True)


#: The fields of a manifest entry the runner reads back, and the types each may hold.
_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "status": (str,),
    "report_status": (str,),
    "input_hash": (str, type(None)),
    "last_success_at": (str, type(None)),
    "finished_at": (str, type(None)),
    "html": (str, type(None)),
    "error_page": (str, type(None)),
    "seconds": (int, float, type(None)),
    "parameters": (dict,),
    "error": (dict, type(None)),
}


def manifest_problem(data: Any) -> str | None:
    """Why a parsed manifest.json has the wrong shape, or None."""
    if not isinstance(data, dict):
        return f"expected an object, found {type(data).__name__}"
    reports = data.get("reports", {})
    if not isinstance(reports, dict):
        return "'reports' is not an object"
    for name, entry in reports.items():
        if not isinstance(entry, dict):
            return f"the entry of {name!r} is not an object"
        for field, types in _ENTRY_FIELDS.items():
            if field in entry and (not isinstance(entry[field], types) or isinstance(entry[field], bool)):
                return f"{name}.{field} has the wrong type ({type(entry[field]).__name__})"
    for key in ("jobs",):
        if key in data and not (isinstance(data[key], list) and all(isinstance(j, str) for j in data[key])):
            return f"'{key}' is not a list of names"
    if "last_build_at" in data and not isinstance(data["last_build_at"], str):
        return "'last_build_at' is not text"
    return None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of the reports folder, or an empty one.

    A manifest that cannot be read or has the wrong shape counts as no state (every report is then
    rebuilt), with a warning on stderr: it never stops a build.
    """
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"reports": {}}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _warn(path, f"cannot be read ({exc})")
        return {"reports": {}}
    problem = manifest_problem(data)
    if problem:
        _warn(path, problem)
        return {"reports": {}}
    data.setdefault("reports", {})
    return data


def _warn(path: Path, problem: str) -> None:
    import sys

    print(f"warning: {path}: {problem}; treated as no earlier build (every report is rebuilt)", file=sys.stderr)


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
