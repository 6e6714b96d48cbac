"""MIC's tables as a Frictionless Data Package beside the plan's: data/processed-mic.

``make data`` runs it after the three-source check (``python -m
kodaira_analysis.analysis.mic_package``). It writes, for ``mic_indicators``,
``mic_averages`` and ``mic_unmatched``, the Parquet file and the Excel CSV
(UTF-8 with BOM, the Japanese and English headers, formula-like text
neutralised) as the plan's build does, with ``datapackage.json`` and
``data_dictionary.csv`` derived from the same table descriptions, and MIC's
terms of use. A package already written from the same code and files is left
alone; without MIC's files nothing is written and the command says so.

It writes only the files it names, each atomically; it is not inside
data/processed, which the plan's build replaces whole.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.files import write_atomic
from kodaira_analysis.plan.datapackage import DATA_DICTIONARY, DATAPACKAGE, describe_resource
from kodaira_analysis.plan.excel import excel_frame
from kodaira_analysis.schema import dictionary_rows

DEFAULT_OUT = paths.DATA_DIR / "processed-mic"
PACKAGE_NAME = "kodaira-analysis-mic"
#: MIC's terms: the government standard terms of use (the source's README and docs/data-sources-mic.md).
LICENSES = [
    {
        "name": "government-standard-terms-of-use",
        "title": (
            "総務省『地方公共団体の主要財政指標一覧』: published under the government standard terms of use "
            "(政府標準利用規約, compatible with CC BY 4.0); credit 「出典：総務省『地方公共団体の主要財政指標一覧』」 and "
            "say the tables were read and tidied by kodaira-analysis (see docs/data-sources-mic.md)"
        ),
    }
]


def _files(out: Path) -> list[Path]:
    from kodaira_analysis.mic.tables import MIC_TABLES

    names = [f"{name}.{ext}" for name in MIC_TABLES for ext in ("parquet", "csv")]
    return [out / n for n in (*names, DATAPACKAGE, DATA_DICTIONARY)]


def describe_package(fingerprint: str) -> dict[str, Any]:
    """The Data Package descriptor of the MIC tables."""
    from kodaira_analysis.mic.tables import MIC_TABLES

    resources = []
    for table in MIC_TABLES.values():
        resource = describe_resource(table)
        resource["licenses"] = LICENSES
        resources.append(resource)
    return {
        "name": PACKAGE_NAME,
        "title": "MIC's main fiscal indicators of every municipality, FY2005-FY2021 (全市町村の主要財政指標)",
        "description": (
            "MIC's seventeen editions read by kodaira-analysis, each file checked against its pinned SHA-256: "
            "one row per municipality, indicator and fiscal year, figures as printed. CSV in UTF-8 with BOM; "
            "each header is 'label（unit）[column]'. A dash is never 0: value is empty and dash_meaning says why."
        ),
        "profile": "tabular-data-package",
        "licenses": LICENSES,
        "sources": [{"title": "総務省「地方公共団体の主要財政指標一覧」全市町村の主要財政指標 (MIC)"}],
        "fingerprint": fingerprint,
        "resources": resources,
    }


def package_fingerprint(tables_fingerprint: str) -> str:
    """The tables' fingerprint together with the code that writes the package (this module, CSV, descriptor)."""
    import hashlib

    from kodaira_analysis import schema
    from kodaira_analysis.plan import datapackage, excel

    digest = hashlib.sha256(tables_fingerprint.encode())
    for module in (sys.modules[__name__], schema, datapackage, excel):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:24]


def is_current(out: Path, fingerprint: str) -> bool:
    """Whether ``out`` holds every file of a package written from the same code and files."""
    try:
        written = json.loads((out / DATAPACKAGE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return written.get("fingerprint") == fingerprint and all(p.is_file() for p in _files(out))


def write_package(out: Path = DEFAULT_OUT, directory: Path | None = None) -> str:
    """Write the package into ``out`` unless it is current; return what was done."""
    from kodaira_analysis.mic.cache import TABLE_ATTRIBUTES, fingerprint, tables
    from kodaira_analysis.mic.tables import MIC_TABLES

    built = tables(directory)  # verifies every file first (MissingMicDataError without them)
    key = package_fingerprint(fingerprint())
    if is_current(out, key):
        return f"{out}: up to date"
    for name, attribute in TABLE_ATTRIBUTES.items():
        frame: pd.DataFrame = getattr(built, attribute)
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_atomic(out / f"{name}.parquet", buffer.getvalue())
        excel = excel_frame(frame)
        excel.columns = MIC_TABLES[name].csv_headers()
        write_atomic(out / f"{name}.csv", excel.to_csv(index=False).encode("utf-8-sig"))
    dictionary = pd.DataFrame(dictionary_rows(MIC_TABLES.values())).to_csv(index=False)
    write_atomic(out / DATA_DICTIONARY, dictionary.encode("utf-8-sig"))
    descriptor = json.dumps(describe_package(key), ensure_ascii=False, indent=2) + "\n"
    write_atomic(out / DATAPACKAGE, descriptor)  # last: the package is current only once every table is written
    return f"{out}: written ({', '.join(MIC_TABLES)})"


def main(argv: list[str] | None = None) -> int:
    """Command line: write the package, or say why not (exit 0 when MIC's files are absent, 1 on bad files)."""
    from kodaira_analysis.errors import KodairaError
    from kodaira_analysis.mic.catalogue import MissingMicDataError

    parser = argparse.ArgumentParser(
        prog="python -m kodaira_analysis.analysis.mic_package", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"target folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        print(write_package(args.out))
    except MissingMicDataError as exc:
        print(f"SKIPPED MIC's data package: {exc}")
        return 0
    except KodairaError as exc:
        print(f"MIC's data package: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
