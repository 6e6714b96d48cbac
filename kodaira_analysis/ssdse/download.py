"""Fetch the SSDSE-A editions into data/external/ssdse-a, checking each file's pinned SHA-256.

``python -m kodaira_analysis.ssdse.download`` (``make external-data`` in a
checkout) downloads them from the Statistics Center; with ``--from DIR``
(``make external-data SSDSE_FROM=DIR``) it copies files you already have. Either way a file is written only when its SHA-256 equals the
one pinned in ``ssdse_editions.csv``, and it is written atomically. A copy or a
download is bounded: a source that is not a regular file (a FIFO, a device), a
file over 100 MB, or a server that sends more than that is refused, never read
to the end.

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

from kodaira_analysis import files
from kodaira_analysis.errors import RawDataError
from kodaira_analysis.files import copy_bounded, read_regular_file
from kodaira_analysis.ssdse.catalogue import data_dir, editions

DEFAULT_BASE_URL = "https://www.nstac.go.jp/sys/files/"
TIMEOUT_SECONDS = 60


def expected_sha256(edition: int) -> str:
    """The pinned SHA-256 of an edition's file."""
    return editions().loc[str(edition), "sha256"]


def _present(target: Path, edition: int, limit: int) -> bool:
    """Whether ``target`` already holds the edition as pinned (a regular file within the limit)."""
    if not target.exists() and not target.is_symlink():
        return False
    try:
        return hashlib.sha256(read_regular_file(target, limit)).hexdigest() == expected_sha256(edition)
    except RawDataError:
        return False  # replaced below, atomically, by the file as published


def fetch(
    edition: int,
    dest: Path,
    *,
    base_url: str | None = None,
    source_dir: Path | None = None,
    limit: int | None = None,
) -> str:
    """Put one edition into ``dest`` (download or copy, at most ``limit`` bytes: 100 MB); return what was done.

    Raises:
        RawDataError: the source is not a regular file, is or sends more than ``limit`` bytes, or is not
            the file as pinned; nothing is written then.
    """
    limit = files.SSDSE_EDITION_LIMIT if limit is None else limit
    name = f"SSDSE-A-{edition}.csv"
    target = dest / name
    if _present(target, edition, limit):
        return "already present"
    if source_dir is not None:
        source = source_dir / name
        if not source.exists():
            raise FileNotFoundError(f"{source} does not exist")
        copy_bounded(source, target, limit, sha256=expected_sha256(edition))
        return f"copied from {source_dir}"
    url = (base_url or os.environ.get("KODAIRA_SSDSE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/") + "/" + name
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{url}: only http(s) addresses are fetched")
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
        announced = response.headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) > limit:
            raise RawDataError(name, f"{url} announces {int(announced):,} bytes, more than the limit of {limit:,}")
        copy_bounded(response, target, limit, name=f"{name} from {url}", sha256=expected_sha256(edition))
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
