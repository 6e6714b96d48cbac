"""The data for other tools: one versioned zip archive, ready to attach to a release.

``python -m kodaira_analysis.dist [--out DIR]`` (``make dist-data`` in a checkout) or
:func:`export_data` writes ``kodaira-analysis-data-<version>.zip``, holding, below one folder of the same name:

* ``csv/<table>.csv``: UTF-8 without BOM, one header row of machine names (``amount_million_yen``), a blank
  cell for a missing value, dates as YYYY-MM-DD, booleans as ``true``/``false``: what R's ``readr::read_csv``,
  Stata's ``import delimited`` and pandas read without options. (The build's Excel CSVs, with Japanese
  headers and a BOM, stay as they are in data/processed.)
* ``parquet/<table>.parquet``: the frames as ``load()`` returns them;
* ``datapackage.json``: a Frictionless Data Package describing every CSV (types, units, descriptions,
  labels in Japanese and English, primary keys, sources, terms), and ``data_dictionary.csv``: the same
  descriptions as a table (the rows of ``describe_tables()``), both from the one description of the tables;
* ``LICENSE.md`` (whose figures these are and how to credit them: data/raw/LICENSE.md) and ``README.md``.

The tables are the plan's (every table of ``plan.tables``) and the target assessment computed from the
plan's own figures. SSDSE-A's tables are not included: the project has not recorded terms that allow
redistributing them (data/raw/LICENSE.md); the README says so and how to get them.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from kodaira_analysis import paths
from kodaira_analysis.analysis.dataset import load
from kodaira_analysis.analysis.dictionary import DERIVED_TABLES
from kodaira_analysis.analysis.targets import assess_targets
from kodaira_analysis.errors import KodairaError
from kodaira_analysis.files import write_atomic
from kodaira_analysis.plan.datapackage import LICENSES, field_constraints
from kodaira_analysis.plan.tables import SOURCE
from kodaira_analysis.plan.tables import TABLES as PLAN_TABLES
from kodaira_analysis.schema import Table, dictionary_rows

#: Frictionless field type of each dtype that load() returns.
FIELD_TYPES = {
    "str": "string",
    "string": "string",
    "category": "string",
    "float64": "number",
    "Float64": "number",
    "Int64": "integer",
    "int64": "integer",
    "bool": "boolean",
    "boolean": "boolean",  # pandas' nullable boolean: a missing value is a blank cell, never false
    "datetime64[ns]": "date",
}
#: A zip entry's time: fixed, so that the same data gives the same archive.
ENTRY_TIME = (2017, 4, 1, 0, 0, 0)
#: Why SSDSE-A is not in the archive (README.md).
SSDSE_NOTE = (
    "SSDSE-A (National Statistics Center, 独立行政法人統計センター) is not included: the project has not recorded "
    "terms of use that allow redistributing it (see LICENSE.md). Get the editions from the Center, or with "
    "`python -m kodaira_analysis.ssdse.download` (SHA-256 checked), then `kodaira_analysis.load('ssdse')`."
)


#: The target assessment as the archive holds it: assess_targets(use_ssdse=False), the plan's own figures only
#: (the default assess_targets() adds SSDSE-A's later settlements where its files are present).
ASSESSMENT_TITLE_JA = "数値目標の評価（プランの数値のみ）"
ASSESSMENT_TITLE_EN = (
    "Assessment of the numerical targets, from the plan's own figures only "
    "(kodaira_analysis.assess_targets(use_ssdse=False))"
)
#: What the archive says of MIC's tables (README.md).
MIC_NOTE = (
    "MIC's tables (総務省「全市町村の主要財政指標」: mic_indicators, mic_averages, mic_prefecture_averages, "
    "mic_unmatched) are not included. With MIC's files (`make external-data MIC_FROM=DIR` in a checkout), "
    "`kodaira_analysis.load('mic_indicators')` reads them, and `make data` writes them to data/processed-mic/ "
    "with a datapackage.json and data_dictionary.csv of their own."
)


def archive_name(version: str) -> str:
    """The archive's folder and file name (without .zip).

    >>> archive_name("0.1.0")
    'kodaira-analysis-data-0.1.0'
    """
    return f"kodaira-analysis-data-{version}"


def exported_tables() -> dict[str, tuple[Table, pd.DataFrame]]:
    """Every table the archive holds, with its description: the plan's, and the target assessment (plan only)."""
    out: dict[str, tuple[Table, pd.DataFrame]] = {name: (table, load(name)) for name, table in PLAN_TABLES.items()}
    assessment = DERIVED_TABLES["target_assessment"]
    assessment = replace(
        assessment,
        title_ja=ASSESSMENT_TITLE_JA,
        title_en=ASSESSMENT_TITLE_EN,
        description=assessment.description + " In this archive, computed from the plan's own figures only.",
    )
    out["target_assessment"] = (assessment, assess_targets(use_ssdse=False))
    return out


def _check_frame(table: Table, frame: pd.DataFrame) -> None:
    """The frame is what its description says, and holds no list, dict or other object that a CSV cannot carry."""
    if list(frame.columns) != table.column_names:
        raise KodairaError(f"table {table.name}: columns {list(frame.columns)} differ from its description")
    for column in table.columns:
        if str(frame[column.name].dtype) != column.dtype:
            raise KodairaError(
                f"table {table.name}, column {column.name}: dtype {frame[column.name].dtype}, described {column.dtype}"
            )
        if column.dtype not in FIELD_TYPES:
            raise KodairaError(f"table {table.name}, column {column.name}: no CSV type for dtype {column.dtype}")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    r"""A frame as plain CSV: machine-name header, blank = missing, YYYY-MM-DD dates, true/false booleans.

    >>> csv_bytes(pd.DataFrame({"a": [1.5, None], "ok": [True, False]})).decode()
    'a,ok\n1.5,true\n,false\n'
    >>> csv_bytes(pd.DataFrame({"id": ["a", "b"], "met": pd.array([True, pd.NA], dtype="boolean")})).decode()
    'id,met\na,true\nb,\n'
    """
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column].dtype):  # bool, and the nullable boolean (its NA stays blank)
            shown[column] = shown[column].astype(object).map({True: "true", False: "false"})
    return shown.to_csv(index=False, na_rep="", date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")


def _field(table: Table, name: str) -> dict[str, Any]:
    column = table.column(name)
    field: dict[str, Any] = {
        "name": column.name,
        "type": FIELD_TYPES[column.dtype],
        "title": column.label_en,
        "label_ja": column.label_ja,
        "label_en": column.label_en,
    }
    if column.description:
        field["description"] = column.description
    if column.unit:
        field["unit"] = column.unit
    if FIELD_TYPES[column.dtype] == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints = field_constraints(column)
    if constraints:
        field["constraints"] = constraints
    return field


def describe_package(tables: Iterable[Table], version: str) -> dict[str, Any]:
    """The archive's Data Package descriptor, from the tables' descriptions."""
    return {
        "name": "kodaira-analysis-data",
        "version": version,
        "title": "Kodaira City's 3rd Administrative and Fiscal Restructuring Plan: the plan's tables, cleaned",
        "description": (
            "Tables of 小平市第３次行財政再構築プラン（平成29年度～32年度）, transcribed as printed and cleaned and "
            "validated by kodaira-analysis. Plain CSV (UTF-8, machine-name headers, blank = missing, never 0) "
            "and Parquet. Money in million yen; fiscal years named by the calendar year they start in "
            "(2011 = 平成23年度). " + SSDSE_NOTE
        ),
        "profile": "tabular-data-package",
        "licenses": LICENSES,
        "sources": [{"title": f"{SOURCE}（小平市 Kodaira City）"}],
        "resources": [
            {
                "name": table.name,
                "path": f"csv/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.title_en,
                "title_ja": table.title_ja,
                "description": table.description + f" Also as parquet/{table.name}.parquet.",
                "sources": [{"title": f"{SOURCE} {table.source_section}"}],
                "licenses": LICENSES,
                "schema": {
                    "fields": [_field(table, name) for name in table.column_names],
                    "primaryKey": list(table.primary_key),
                },
            }
            for table in tables
        ],
    }


def readme(tables: dict[str, tuple[Table, pd.DataFrame]], version: str) -> str:
    """The archive's README: what it holds and how to read it (Japanese first, then English)."""
    listed = "\n".join(
        f"| `{name}` | {table.title_ja} | {table.title_en} | {len(frame)} |" for name, (table, frame) in tables.items()
    )
    return f"""# kodaira-analysis data {version}

小平市「第３次行財政再構築プラン（平成29年度～32年度）」の表を kodaira-analysis が転記・整理したデータです。
Tables of Kodaira City's 3rd Administrative and Fiscal Restructuring Plan (FY2017-FY2020), transcribed and
cleaned by kodaira-analysis.

| table | 表 | title | rows |
|---|---|---|---|
{listed}

- `csv/`: UTF-8（BOM なし）、見出しは列の機械名、空欄は欠損（0 ではありません）、日付は YYYY-MM-DD、真偽は true/false。
  UTF-8 without BOM, machine-name headers, a blank cell is missing (never 0), dates YYYY-MM-DD, booleans true/false.
- `parquet/`: the same tables as `kodaira_analysis.load()` returns them.
- `datapackage.json` (Frictionless Data Package) and `data_dictionary.csv`: every column's meaning, type, unit and
  Japanese and English label. 各列の意味・型・単位・日英のラベル。
- `LICENSE.md`: whose figures these are and how to credit them. 出典と利用条件。

## Reading the CSVs

R (readr):

```r
library(readr)
fiscal_effects <- read_csv("csv/fiscal_effects.csv")
```

Stata:

```stata
import delimited "csv/fiscal_effects.csv", varnames(1) encoding("utf-8") clear
```

Python (pandas):

```python
import pandas as pd
fiscal_effects = pd.read_csv("csv/fiscal_effects.csv")
```

Fiscal years are named by the calendar year they start in (2011 = 平成23年度, April 2011 to March 2012).
Money is in million yen (百万円). A total of parts with a blank part is unknown: sum with missing kept missing
(R: `sum(x)` without `na.rm`; pandas: `kodaira_analysis.sum_keep_missing`).

`target_assessment` は `kodaira_analysis.assess_targets(use_ssdse=False)` の結果、つまりプラン自身の数値だけによる
評価です（既定の `assess_targets()` は、SSDSE-A のファイルがあれば、その後の決算の数値も加えて評価します）。
`target_assessment` is `kodaira_analysis.assess_targets(use_ssdse=False)`: the assessment from the plan's own
figures only (the default `assess_targets()` adds SSDSE-A's later settled figures where its files are present).

## Not included: SSDSE-A

SSDSE-A（独立行政法人統計センター「教育用標準データセット」）は含まれていません。再配布を認める利用条件を
本プロジェクトが確認・記録していないためです。

{SSDSE_NOTE}

## Not included: MIC

総務省「全市町村の主要財政指標」の4つの表（`mic_indicators`、`mic_averages`、`mic_prefecture_averages`、
`mic_unmatched`）は含まれていません。総務省のファイルがあれば `kodaira_analysis.load("mic_indicators")` などで読め、
チェックアウトでは `make data` が `data/processed-mic/` に、専用の `datapackage.json` と `data_dictionary.csv`
とともに書き出します。

{MIC_NOTE}
"""


def build_archive(version: str) -> bytes:
    """The archive's bytes (every table read and checked first; nothing is written)."""
    tables = exported_tables()
    for table, frame in tables.values():
        _check_frame(table, frame)
    folder = archive_name(version)
    descriptions = [table for table, _ in tables.values()]
    files: dict[str, bytes] = {
        "README.md": readme(tables, version).encode("utf-8"),
        "LICENSE.md": (paths.RAW_DIR / "LICENSE.md").read_bytes(),
        "datapackage.json": (
            json.dumps(describe_package(descriptions, version), ensure_ascii=False, indent=2) + "\n"
        ).encode(),
        "data_dictionary.csv": csv_bytes(pd.DataFrame(dictionary_rows(descriptions))),
    }
    for name, (_, frame) in tables.items():
        files[f"csv/{name}.csv"] = csv_bytes(frame)
        parquet = io.BytesIO()
        frame.to_parquet(parquet, index=False)
        files[f"parquet/{name}.parquet"] = parquet.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(f"{folder}/{name}", date_time=ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return buffer.getvalue()


def export_data(out: Path | str | None = None, *, version: str | None = None) -> Path:
    """Write ``kodaira-analysis-data-<version>.zip`` into ``out`` (default: ``dist/`` of the project); return its path.

    The archive is written whole or not at all (an atomic replace); nothing else in ``out`` is touched.
    """
    from importlib import metadata

    try:
        installed = metadata.version("kodaira-analysis")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        installed = "0+unknown"
    version = version or installed
    folder = Path(out) if out is not None else paths.PROJECT_ROOT / "dist"
    data = build_archive(version)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{archive_name(version)}.zip"
    write_atomic(target, data)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m kodaira_analysis.dist``: write the data archive; print its path."""
    parser = argparse.ArgumentParser(prog="python -m kodaira_analysis.dist", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the archive (default: dist/ of the project)")
    args = parser.parse_args(argv)
    try:
        path = export_data(args.out)
    except (KodairaError, OSError) as error:
        print(f"kodaira_analysis.dist: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
