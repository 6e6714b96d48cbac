"""What the README and docs/ say about the data matches the data: MIC's files need MIC_FROM, MIC's tables and
indicators are counted as the package has them, the export's scope, and the font recipe draws Japanese."""

from __future__ import annotations

import re
import warnings

from kodaira_analysis import paths
from kodaira_analysis.mic import catalogue
from kodaira_analysis.mic.tables import INDICATOR_CODES, MIC_TABLES

ROOT = paths.PACKAGE_DIR.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _lines():
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{page.relative_to(ROOT)}:{number}", line


def test_no_page_says_make_external_data_alone_fetches_mics_files():
    assert not catalogue.addresses_pinned(), "MIC's addresses are pinned now: this test and the docs can relax"
    wrong = [
        f"{where}: {line}"
        for where, line in _lines()
        if "make external-data" in line and re.search(r"MIC|総務省", line) and "MIC_FROM" not in line
    ]
    assert not wrong, wrong


def test_the_pages_count_mics_tables_and_indicators_as_the_package_has_them():
    assert len(MIC_TABLES) == 4 and len(INDICATOR_CODES) == 6
    mic_page = (ROOT / "docs" / "data-sources-mic.md").read_text(encoding="utf-8")
    for name in MIC_TABLES:
        assert mic_page.count(f"`{name}`") >= 2, name  # in the Japanese text and the English
    wrong = [
        f"{where}: {line}"
        for where, line in _lines()
        if re.search(r"MIC's five indicators|three tables to\s*$|3つの表を `data/processed-mic`", line)
    ]
    assert not wrong, wrong


def test_the_export_is_not_called_every_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    export_line = next(line for line in readme.splitlines() if line.startswith('ka.export_data("dist")'))
    assert "every table" not in export_line
    flowing = " ".join(readme.split())
    assert "data/processed-mic/" in flowing and "frictionless comes with the `dev` extra" in flowing


def test_the_font_recipe_of_getting_started_draws_japanese_without_a_missing_glyph(tmp_path):
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", page, flags=re.S) if "register_japanese_font" in b]
    import matplotlib.pyplot as plt

    family = plt.rcParams["font.family"]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            namespace: dict = {}
            exec(compile(block, "getting-started.md", "exec"), namespace)
            namespace["fig"].savefig(tmp_path / "font.png")
        assert plt.rcParams["font.family"] == ["IPAexGothic"]
        assert not [w for w in caught if "missing from font" in str(w.message)]
        # the same chart without the recipe does warn: the check above can fail
        plt.rcParams["font.family"] = ["DejaVu Sans"]
        with warnings.catch_warnings(record=True) as without:
            warnings.simplefilter("always")
            fig, ax = plt.subplots()
            ax.set_title("財政効果額")
            fig.savefig(tmp_path / "plain.png")
        assert [w for w in without if "missing from font" in str(w.message)]
    finally:
        plt.rcParams["font.family"] = family
        plt.close("all")
