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


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of the reports folder, or an empty one."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"reports": {}}
    data.setdefault("reports", {})
    return data


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
