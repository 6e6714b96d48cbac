"""Fetch the SSDSE-A editions into data/external/ssdse-a, checking each file's pinned SHA-256.

``python -m kodaira_analysis.ssdse.download`` (``make external-data`` in a
checkout) downloads them from the Statistics Center; with ``--from DIR``
(``make external-data SSDSE_FROM=DIR``) it copies files you already have. Either way a file is written only when its SHA-256 equals the
one pinned in ``ssdse_editions.csv``, and it is written atomically.

The download address is ``<base URL>SSDSE-A-<edition>.csv``. The base URL
(``--base-url`` or $KODAIRA_SSDSE_BASE_URL) defaults to the Statistics
Center's file area; if the Center moves its files, pass the new one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from kodaira_analysis.files import write_atomic
from kodaira_analysis.ssdse.catalogue import data_dir, editions

DEFAULT_BASE_URL = "https://www.nstac.go.jp/sys/files/"
TIMEOUT_SECONDS = 60


def expected_sha256(edition: int) -> str:
    """The pinned SHA-256 of an edition's file."""
    return editions().loc[str(edition), "sha256"]


def _verified(data: bytes, edition: int, source: str) -> bytes:
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected_sha256(edition):
        raise ValueError(
            f"SSDSE-A-{edition}.csv from {source}: SHA-256 {digest}, expected {expected_sha256(edition)} "
            "(a different or damaged file; nothing was written)"
        )
    return data


def fetch(edition: int, dest: Path, *, base_url: str | None = None, source_dir: Path | None = None) -> str:
    """Put one edition into ``dest`` (download or copy); return what was done."""
    name = f"SSDSE-A-{edition}.csv"
    target = dest / name
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == expected_sha256(edition):
        return "already present"
    if source_dir is not None:
        source = source_dir / name
        if not source.is_file():
            raise FileNotFoundError(f"{source} does not exist")
        write_atomic(target, _verified(source.read_bytes(), edition, str(source)))
        return f"copied from {source_dir}"
    url = (base_url or os.environ.get("KODAIRA_SSDSE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/") + "/" + name
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{url}: only http(s) addresses are fetched")
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
        data = response.read()
    write_atomic(target, _verified(data, edition, url))
    return f"downloaded from {url}"


def main(argv: list[str] | None = None) -> int:
    """Command line: fetch every edition (or those named), report each, exit 1 if any failed."""
    parser = argparse.ArgumentParser(
        prog="python -m kodaira_analysis.ssdse.download", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--dest", type=Path, default=None, help="target folder (default: data/external/ssdse-a)")
    parser.add_argument("--from", dest="source_dir", type=Path, default=None, help="copy from this folder instead")
    parser.add_argument("--base-url", default=None, help=f"download address prefix (default: {DEFAULT_BASE_URL})")
    parser.add_argument("--editions", nargs="+", type=int, default=None, help="only these editions")
    args = parser.parse_args(argv)
    dest = args.dest or data_dir()
    dest.mkdir(parents=True, exist_ok=True)
    failures = 0
    for edition in args.editions or [int(e) for e in editions().index]:
        try:
            print(f"SSDSE-A-{edition}.csv: {fetch(edition, dest, base_url=args.base_url, source_dir=args.source_dir)}")
        except (OSError, ValueError, urllib.error.URLError, KeyError) as exc:
            failures += 1
            print(f"SSDSE-A-{edition}.csv: FAILED: {exc}", file=sys.stderr)
    print(f"{dest}: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
