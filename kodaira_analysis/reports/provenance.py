"""A report's provenance: generation time, parameters, commit, package versions, the data files' SHA-256.

The provenance block ends every report (folded on screen, printed on its own last page): the tables the
notebook read (recorded in a hidden output, see :func:`tables_read`) and only the files behind them, and
the sources' attribution and terms.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from kodaira_analysis import TABLES, paths
from kodaira_analysis.present.i18n import LANGUAGES, PLAN_TITLE, pick

#: The hidden output in which a notebook (present.display.start) records the tables it loaded.
TABLES_LOADED_MIMETYPE = "application/vnd.kodaira.tables-loaded+json"
#: The kinds of Project-URL a contact line may give, the first found first.
CONTACT_KINDS = ("issues", "bug tracker", "homepage", "repository", "source")
PACKAGES = ("kodaira-analysis", "pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "pandera")


def _how(what: str, module: str) -> str:
    return f"{what} ({paths.how_to_run('external-data', f'kodaira_analysis.{module}.download')})"


#: The external sources, as reports.yml's ``requires`` names them, and what each is and how to get it.
SOURCES = {"ssdse": _how("the SSDSE-A files", "ssdse"), "mic": _how("MIC's files", "mic")}


def source_files() -> dict[str, dict[str, Path]]:
    """Each external source's files present, by label: the one list the build, ``status`` and the hashes use."""
    from kodaira_analysis import mic, ssdse

    prefecture = {f"MIC file prefecturemean/{p.name}": p for p in mic.prefecture_mean_files().values() if p.is_file()}
    return {
        "ssdse": {f"SSDSE-A edition {path.name}": path for path in ssdse.available().values()},
        "mic": {f"MIC file city/{path.name}": path for path in mic.available().values()} | prefecture,
    }


def report_lang(job: dict[str, Any]) -> str:
    """The job's language, or Japanese when the job asks for one the reports do not have."""
    lang = job["parameters"].get("lang", "ja")
    return lang if lang in LANGUAGES else "ja"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=paths.PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def git_commit() -> str:
    """The commit of the project checkout, with '+changes' when the tree differs from it."""
    try:
        commit, dirty = _git("rev-parse", "HEAD"), _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return commit + (" +changes" if dirty else "")


def project_url() -> str | None:
    """The address a page's contact line gives: the package's first https Project-URL of :data:`CONTACT_KINDS`.

    None when it names none: the line then invents no address (the project publishes none of its own yet).
    """
    try:
        entries = metadata.metadata("kodaira-analysis").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    urls: dict[str, str] = {}
    for label, _, url in (str(entry).partition(",") for entry in entries):
        urls.setdefault(label.strip().lower(), url.strip())
    return next((url for kind in CONTACT_KINDS if _plain_https(url := urls.get(kind, ""))), None)


def _plain_https(url: str) -> bool:
    return url.startswith("https://") and not any(c.isspace() or c in "<>\"'" for c in url)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_provenance(raw: dict[str, str]) -> dict[str, Any]:
    """What every report of one build shares: commit, versions, the SHA-256 of the raw and external files.

    The external files are those :func:`source_files` lists (SSDSE-A by name, MIC's by its folder and
    name: city/H17.xls, prefecturemean/H17.xls).
    """
    versions = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    external = source_files()
    return {
        "git_commit": git_commit(),
        "versions": versions,
        "raw_sha256": raw,
        "external_sha256": {path.name: _sha256(path) for path in external["ssdse"].values()},
        "mic_sha256": {f"{p.parent.name}/{p.name}": _sha256(p) for p in external["mic"].values()},
    }


def _outside_note(job: dict[str, Any], lang: str) -> str:
    """Say so when the notebook is not the repository's: the commit then does not describe it."""
    notebook = Path(job["notebook"])
    if notebook.resolve().is_relative_to(paths.NOTEBOOKS_DIR.resolve()):
        return ""
    digest = hashlib.sha256(notebook.read_bytes()).hexdigest() if notebook.is_file() else "?"
    return pick(
        lang,
        f"（ノートブック {notebook} はリポジトリの notebooks/ の外にあり、このコミットには含まれない。SHA-256 {digest}）",
        f" (the notebook {notebook} is outside the repository's notebooks/ folder and not part of this commit; "
        f"SHA-256 {digest})",
    )


def tables_read(nb) -> list[str] | None:
    """The tables the executed notebook loaded, from its hidden records, which are removed from the notebook.

    None when the notebook recorded nothing (it never called ``display.start``): its provenance then
    lists every raw file, so that it is never incomplete.
    """
    found: set[str] | None = None
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            record = output.get("data", {}).get(TABLES_LOADED_MIMETYPE)
            if record is None:
                kept.append(output)
            else:
                found = (found or set()) | set(record["tables"])
        cell.outputs = kept
    return None if found is None else sorted(found)


def provenance_rows(
    job: dict[str, Any], provenance: dict[str, Any], generated_at: str, tables: list[str] | None = None
) -> list[tuple[str, str]]:
    """The provenance block's rows, labelled in the report's language: only the files behind ``tables``.

    Then the sources' attribution and terms: the plan always, SSDSE-A and MIC when their files were read.
    """
    lang = report_lang(job)
    versions = ", ".join(f"{k} {v}" for k, v in provenance["versions"].items())
    rows = [
        (pick(lang, "作成日時（日本時間）", "Generated (JST)"), generated_at),
        (pick(lang, "レポート", "Report"), f"{job['name']} ({Path(job['notebook']).name}, {job['audience']})"),
        (pick(lang, "パラメータ", "Parameters"), json.dumps(job["parameters"], ensure_ascii=False, sort_keys=True)),
        (pick(lang, "Gitコミット", "Git commit"), provenance["git_commit"] + _outside_note(job, lang)),
        (pick(lang, "パッケージ", "Packages"), versions),
    ]
    raw = provenance["raw_sha256"]
    external = provenance.get("external_sha256", {})
    mic = provenance.get("mic_sha256", {})
    if tables is not None:
        rows.append((pick(lang, "読み込んだ表", "Tables read"), ", ".join(tables)))
        files = {TABLES[t].raw_file for t in tables if t in TABLES}
        raw = {name: digest for name, digest in raw.items() if name in files}
        external = external if any(t.startswith("ssdse") for t in tables) else {}
        mic = mic if any(t.startswith("mic_") for t in tables) else {}
    for label, digests in (("data/raw/", raw), ("SSDSE-A ", external), ("MIC ", mic)):  # SSDSE-A, MIC: wherever read
        rows += [(f"SHA-256 {label}{name}", digest) for name, digest in digests.items()]
    for source in ("plan", *(["ssdse"] if external else []), *(["mic"] if mic else [])):
        label_ja, label_en, terms_ja, terms_en = DATA_TERMS[source]
        rows.append((pick(lang, label_ja, label_en), pick(lang, terms_ja, terms_en)))
    details = (
        "kodaira-analysis のリポジトリの data/raw/LICENSE.md",
        "data/raw/LICENSE.md in the kodaira-analysis repository",
    )
    return [*rows, (pick(lang, "詳しくは", "Details"), pick(lang, *details))]


#: Whose figures a report shows and on what terms (data/raw/LICENSE.md says more): the row's label, the terms.
DATA_TERMS = {
    "plan": (
        "データの出典と利用条件（計画）",
        "Data source and terms (plan)",
        f"{PLAN_TITLE['ja']}（小平市）。表の数値は kodaira-analysis が計画書から転記・整理したもの。"
        "計画書は小平市に帰属し、再利用の条件は小平市の定めによる。",
        f"{PLAN_TITLE['en']}, published by Kodaira City (小平市). Figures transcribed from the plan and cleaned "
        "by kodaira-analysis; the plan belongs to the city, whose terms govern reuse.",
    ),
    "ssdse": (
        "データの出典と利用条件（SSDSE-A）",
        "Data source and terms (SSDSE-A)",
        "独立行政法人統計センター「教育用標準データセット（SSDSE-A）」。単位換算と派生指標は kodaira-analysis の計算。"
        "利用条件は SSDSE の利用規約による。",
        "National Statistics Center (独立行政法人統計センター), Standardized Statistical Data Set for Education "
        "(SSDSE-A). Unit conversions and derived measures are kodaira-analysis's; SSDSE's terms of use govern the data.",
    ),
    "mic": (
        "データの出典と利用条件（総務省）",
        "Data source and terms (MIC)",
        "出典：総務省『地方公共団体の主要財政指標一覧』（全市町村の主要財政指標）。政府標準利用規約による。"
        "中央値・順位などの派生値は kodaira-analysis の計算。",
        "Source: MIC (総務省), 『地方公共団体の主要財政指標一覧』 (main fiscal indicators of every municipality), "
        "under the government standard terms of use (政府標準利用規約). Medians, ranks and other derived figures are "
        "kodaira-analysis's.",
    ),
}
