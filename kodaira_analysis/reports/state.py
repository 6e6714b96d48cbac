"""What a build remembers: content hashes, the manifest, atomic writes, the lock.

A job is up to date when the hash of everything it depends on (notebook,
parameters, audience, raw data, library code, templates) equals the hash
recorded at its last success. Timestamps play no part.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .. import paths
from ..build import raw_checksums

MANIFEST = "manifest.json"
JST = timezone(timedelta(hours=9), "JST")


def now_jst() -> str:
    """The current time in Japan, to the second, ISO 8601."""
    return datetime.now(JST).isoformat(timespec="seconds")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that readers see the old or the new contents, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)  # mkstemp creates 0600; a report is for reading
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def inputs_fingerprint() -> tuple[dict[str, str], str]:
    """The raw data checksums and the library hash, computed once per build."""
    return raw_checksums(), library_hash()


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
