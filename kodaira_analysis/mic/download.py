"""Fetch MIC's 全市町村の主要財政指標 (city/ and prefecturemean/, FY2005-FY2021) into data/external/mic-indices.

``make external-data`` runs it beside the SSDSE-A download. Each file is
written only when its SHA-256 equals the one pinned in ``editions.csv``, and
atomically; a file already present with the pinned SHA-256 is left alone.

Where each file comes from, in this order:

* ``--from DIR`` (``make external-data MIC_FROM=DIR``): a folder laid out as
  MIC's files are kept here, ``DIR/city/H17.xls`` ... ``DIR/prefecturemean/R3.xlsx``;
* ``--base-url URL`` (or $KODAIRA_MIC_BASE_URL): a mirror with the same layout,
  ``URL/city/H17.xls`` ...;
* the address pinned for the file in ``editions.csv`` (columns ``url`` and
  ``prefecturemean_url``): MIC publishes each file under an address of its own
  on its page 「地方公共団体の主要財政指標一覧」. A file without a pinned address
  and without the two options above is reported as failed, with what to do.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from kodaira_analysis.files import read_regular_file, write_atomic
from kodaira_analysis.mic.catalogue import CITY, MIC_FILE_LIMIT, PAGE, PREFECTURE_MEAN, data_dir, layout
from kodaira_analysis.mic.checksums import check_sha256
from kodaira_analysis.paths import how_to_run

BASE_URL_ENV = "KODAIRA_MIC_BASE_URL"
TIMEOUT_SECONDS = 60
_URL_COLUMN = {CITY: "url", PREFECTURE_MEAN: "prefecturemean_url"}


class NoAddressError(ValueError):
    """No address is pinned for a file, and neither a folder to copy from nor a mirror was given."""


_FOLDER = f"<folder with {CITY}/ and {PREFECTURE_MEAN}/>"
HINT = (
    f"download the files from {PAGE} by hand and run "
    f"`{how_to_run(f'external-data MIC_FROM={_FOLDER}', f'kodaira_analysis.mic.download --from {_FOLDER}')}`, "
    f"or pass --base-url (${BASE_URL_ENV}) for a mirror laid out the same way"
)


def _address(edition: str, kind: str, base_url: str | None) -> str:
    name = layout(edition)["file"]
    base = base_url or os.environ.get(BASE_URL_ENV)
    url = f"{base.rstrip('/')}/{kind}/{name}" if base else layout(edition)[_URL_COLUMN[kind]]
    if not url:
        raise NoAddressError(f"no download address is pinned for {kind}/{name} in editions.csv")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{url}: only http(s) addresses are fetched")
    return url


def fetch(edition: str, kind: str, dest: Path, *, base_url: str | None = None, source_dir: Path | None = None) -> str:
    """Put one file (kind 'city' or 'prefecturemean') into ``dest/kind/``; return what was done."""
    name = layout(edition)["file"]
    target = dest / kind / name
    if target.is_file():
        try:
            check_sha256(read_regular_file(target, MIC_FILE_LIMIT), str(target), edition, kind)
            return "already present"
        except ValueError:
            pass  # damaged or replaced: fetched again below
    if source_dir is not None:
        source = source_dir / kind / name
        data = read_regular_file(source, MIC_FILE_LIMIT)
        check_sha256(data, str(source), edition, kind)  # raises before anything is written
        write_atomic(target, data)
        return f"copied from {source_dir}"
    url = _address(edition, kind, base_url)
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
        data = response.read(MIC_FILE_LIMIT + 1)
    if len(data) > MIC_FILE_LIMIT:
        raise ValueError(f"{url}: more than {MIC_FILE_LIMIT:,} bytes; nothing was written")
    check_sha256(data, url, edition, kind)  # raises before anything is written
    write_atomic(target, data)
    return f"downloaded from {url}"


def main(argv: list[str] | None = None) -> int:
    """Command line: fetch every file (or those of the editions named), report each, exit 1 if any failed."""
    from kodaira_analysis.errors import RawDataError
    from kodaira_analysis.mic.catalogue import editions

    parser = argparse.ArgumentParser(
        prog="python -m kodaira_analysis.mic.download", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--dest", type=Path, default=None, help="target folder (default: data/external/mic-indices)")
    parser.add_argument("--from", dest="source_dir", type=Path, default=None, help="copy from this folder instead")
    parser.add_argument("--base-url", default=None, help="a mirror laid out as city/ and prefecturemean/")
    parser.add_argument("--editions", nargs="+", default=None, help="only these editions (H17 ... R3)")
    args = parser.parse_args(argv)
    dest = args.dest or data_dir()
    failures = 0
    unaddressed = 0
    for edition in args.editions or list(editions().index):
        for kind in (CITY, PREFECTURE_MEAN):
            label = f"{kind}/{layout(edition)['file']}" if edition in editions().index else f"{kind}/{edition}"
            try:
                done = fetch(edition, kind, dest, base_url=args.base_url, source_dir=args.source_dir)
                print(f"{label}: {done}")
            except NoAddressError as exc:
                failures += 1
                unaddressed += 1
                print(f"{label}: FAILED: {exc}", file=sys.stderr)
            except (OSError, ValueError, KeyError, RawDataError, urllib.error.URLError) as exc:
                failures += 1
                print(f"{label}: FAILED: {exc}", file=sys.stderr)
    if unaddressed:
        print(f"{unaddressed} file(s) without an address: {HINT}", file=sys.stderr)
    print(f"{dest}: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
