"""What the README, the tutorials and the docstrings claim about the code is what the code does (a new
researcher's findings): each claim is read from the text and checked against the code on a tiny frame."""

from __future__ import annotations

import re

import pandas as pd

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.analysis import peer_ranks, peers
from kodaira_analysis.plan import tables

ROOT = paths.PACKAGE_DIR.parent


def _flat(text: str) -> str:
    """Text with comment markers and line breaks folded into single spaces."""
    return " ".join(text.replace("# ", " ").split())


def _rank_one_of_a_measure_with_no_direction() -> tuple[str, str]:
    """('lowest', '小さい') or ('highest', '大きい'): which value the code ranks 1 where no direction is favourable."""
    assert peer_ranks.directions().at["births_per_1000", "favourable"] == "none"
    codes = ["13201", "13202", "13203"]
    rows = [(c, "A4101", 2020, births) for c, births in zip(codes, [30.0, 10.0, 20.0], strict=True)]
    rows += [(c, "A1101", 2020, 1000.0) for c in codes]
    table = pd.DataFrame(rows, columns=["municipality_code", "indicator_code", "year", "value"])
    ranked = peer_ranks.rank_frame(table, "births_per_1000", 2020, codes).set_index("municipality_code")
    first = ranked.index[ranked["rank"] == 1].tolist()
    assert len(first) == 1
    if ranked.at[first[0], "value"] == ranked["value"].min():
        return "lowest", "小さい"
    assert ranked.at[first[0], "value"] == ranked["value"].max()
    return "highest", "大きい"


def test_every_text_says_which_value_is_rank_1_where_no_direction_is_favourable_as_the_code_ranks():
    en, ja = _rank_one_of_a_measure_with_no_direction()
    assert (en, ja) == ("lowest", "小さい")  # as commit 4aed7f3 made it; the claims below follow the code either way
    readme = _flat((ROOT / "README.md").read_text(encoding="utf-8"))
    tutorial = _flat((ROOT / "docs" / "tutorials" / "02-peers.py").read_text(encoding="utf-8"))
    docstring = _flat(peers.peer_measures.__doc__ or "")
    module = _flat(peer_ranks.__doc__ or "")
    claims = {
        "README.md": re.findall(r"rank 1 is the most favourable value, or the (\w+) where no direction", readme),
        "02-peers (en)": re.findall(r"and the (\w+) value where it has none", tutorial),
        "02-peers (ja)": re.findall(r"方向を定めない指標 ?（`favourable` が none）では値が最も(\S\S\S)市", tutorial),
        "peer_measures": re.findall(r"1 = most favourable, or the (\w+) value where no direction is", docstring),
        "peer_ranks": re.findall(r"where no direction is favourable, rank 1 is the (\w+) value", module),
    }
    expected = {name: [ja if "(ja)" in name else en] for name in claims}
    assert claims == expected


def test_value_printed_is_missing_where_its_description_says():
    (column,) = [c for c in tables.TABLES["indicators"].columns if c.name == "value_printed"]
    assert "FY2015 for every indicator but the staff quota" in column.description
    frame = ka.load("indicators")
    missing = set(frame.loc[frame["value_printed"].isna(), ["indicator", "fiscal_year"]].itertuples(index=False))
    expected = {(i, 2015) for i in frame["indicator"].unique() if i != "staff_quota"}
    assert missing == expected
    staff_2015 = frame[(frame["indicator"] == "staff_quota") & (frame["fiscal_year"] == 2015)].iloc[0]
    assert staff_2015["value_printed"] == "932人" and "932人" in column.description
    assert str(staff_2015["as_of"].date()) == "2016-04-01" and "1 April 2016" in column.description


def test_describe_tables_gives_each_columns_kind_of_year_as_the_readme_and_tutorial_01_say():
    readme = _flat((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "gives each column's meaning, dtype, unit and kind of year" in readme
    tutorial = (ROOT / "docs" / "tutorials" / "01-load-a-table.py").read_text(encoding="utf-8")
    assert "年の種類を `describe_tables()`" in tutorial and '"year_kind"' in tutorial
    d = ka.describe_tables().set_index(["table", "column"])
    assert d.at[("fiscal_effects", "fiscal_year"), "year_kind"] == "fiscal year"
    assert d.at[("indicators", "as_of"), "year_kind"] == "date"
    assert d.at[("ssdse", "year"), "year_kind"] == d.at[("mic_indicators", "fiscal_year"), "year_kind"]
    assert d.at[("ssdse", "year"), "year_kind"].startswith("per row")
    assert pd.isna(d.at[("fiscal_effects", "amount_million_yen"), "year_kind"])
    years = d[(d["unit"] == "fiscal_year") | d["dtype"].str.startswith("datetime")]
    assert len(years) > 30 and years["year_kind"].notna().all()
    with_row_kinds = {t for t, c in d.index if c == "year_kind"}
    assert with_row_kinds == {"ssdse", "demographics", "mic_indicators", "mic_averages", "mic_prefecture_averages"}
    per_row = years[years.index.get_level_values("table").isin(with_row_kinds)]
    assert (per_row["year_kind"] == "per row: see the table's year_kind").all()


def _reference_modules() -> list[str]:
    """The modules the API page renders: REFERENCE of scripts/gen_docs_pages.py, read without running it."""
    import ast

    tree = ast.parse((ROOT / "scripts" / "gen_docs_pages.py").read_text(encoding="utf-8"))
    (value,) = [
        n.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "REFERENCE"
    ]
    return [ast.literal_eval(entry)[0] for entry in value.elts]  # type: ignore[attr-defined]


def test_the_role_extension_links_the_modules_the_api_page_renders():
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    (mkdocstrings,) = [p["mkdocstrings"] for p in config["plugins"] if isinstance(p, dict) and "mkdocstrings" in p]
    assert mkdocstrings["locale"] == "en"
    (extension,) = mkdocstrings["handlers"]["python"]["options"]["extensions"]
    assert extension["scripts/griffe_roles.py:SphinxRoles"]["modules"] == _reference_modules()


def test_every_sphinx_role_of_the_package_becomes_a_link_or_inline_code():
    import sys

    import griffe

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import griffe_roles
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    before = griffe.load("kodaira_analysis", search_paths=[str(ROOT)])
    raw = [o for o in griffe_roles._walk(before) if o.docstring and griffe_roles.ROLE.search(o.docstring.value)]
    assert len(raw) > 50  # the package writes roles: the check below can fail
    extension = griffe_roles.SphinxRoles(modules=_reference_modules())
    package = griffe.load("kodaira_analysis", search_paths=[str(ROOT)], extensions=griffe.load_extensions(extension))
    texts = {o.path: o.docstring.value for o in griffe_roles._walk(package) if o.docstring}
    assert not [path for path, text in texts.items() if re.search(r":(?:func|mod|data|class|meth|attr|exc):`", text)]
    measures = texts["kodaira_analysis.analysis.peers.peer_measures"]
    assert "[`measures_without_data`][kodaira_analysis.analysis.peers.measures_without_data]" in measures
    assert "[`tied_codes`][kodaira_analysis.analysis.peer_ranks.tied_codes]" not in measures  # peer_ranks: no page
    assert "`tied_codes`" in measures
    assert "[`mic_long_run`][kodaira_analysis.analysis.mic_long_run]" in texts["kodaira_analysis"]


def test_loads_docstring_names_every_table_it_loads():
    from kodaira_analysis.analysis.dataset import load
    from kodaira_analysis.mic.tables import MIC_TABLES
    from kodaira_analysis.ssdse.tables import SSDSE_TABLES

    for name in [*MIC_TABLES, *SSDSE_TABLES]:
        assert f"'{name}'" in (load.__doc__ or ""), name


def test_the_peer_functions_and_report_05_default_to_one_year_the_latest_the_data_holds():
    import inspect

    from tests.conftest import require_shared_ssdse

    assert inspect.signature(peers.peer_measures).parameters["year"].default is None
    assert inspect.signature(peers.peer_trends).parameters["year"].default is None
    notebook = (ROOT / "notebooks" / "05-tama-peers.py").read_text(encoding="utf-8")
    (default,) = re.findall(r"^year: int = (\d{4})", notebook, flags=re.M)
    require_shared_ssdse()
    table = ka.load("ssdse")
    latest = int(table["year"].max())
    assert int(default) == latest
    by_default = peers.peer_measures("tama26", "13211", table=table)
    assert by_default.equals(peers.peer_measures("tama26", "13211", latest, table))
    assert peers.peer_trends("tama26", "13211", table=table)["year"].max() == latest


def test_the_readme_counts_ssdse_as_each_edition_and_the_table_have_it():
    from tests.conftest import _ssdse_rows, require_shared_ssdse

    readme = _flat((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "one CSV per edition, 1,741 municipalities in each" in readme
    assert '`load("ssdse")` holds 1,742 municipality codes' in readme
    assert "2018 and 2019 editions list 那珂川町 (40305), the editions from 2020 那珂川市 (40231)" in readme
    require_shared_ssdse()
    by_edition = {}
    for rows in _ssdse_rows():
        codes = [row[0] for row in rows[3:] if row and row[0]]
        by_edition[len(by_edition)] = codes
        assert len(codes) == 1741
        assert ("R40305" in codes) != ("R40231" in codes)
    assert ["R40305" in codes for codes in by_edition.values()] == [True, True] + [False] * (len(by_edition) - 2)
    assert ka.load("ssdse")["municipality_code"].nunique() == 1742


def test_the_mic_page_says_how_mic_averages_each_prefecture_as_its_footnotes_print():
    from pathlib import Path

    from kodaira_analysis.mic.prefecture_means import read_prefecture_means
    from tests.conftest import require_shared_mic

    page = _flat((ROOT / "docs" / "data-sources-mic.md").read_text(encoding="utf-8"))
    for words in ("加重平均", "単純平均", "特別区（東京都の23区）を含みません", "weighted averages",
                  "the fiscal capability index a simple one", "leave out the special wards (特別区, Tokyo's 23 wards)"):  # fmt: skip
        assert words in page, words
    folder = require_shared_mic()
    notes = " ".join(read_prefecture_means(Path(folder) / "prefecturemean" / "H17.xls", "H17").footnotes)
    assert "経常収支比率、実質公債費比率及び起債制限比率は加重平均" in notes and "財政力指数は単純平均" in notes
    assert "経常収支比率及び財政力指数の平均については、特別区を含まない" in notes


def test_the_site_home_names_mic():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "総務省「全市町村の主要財政指標」" in home and "MIC's main fiscal indicators" in home
    assert "(data-sources-mic.md)" in home
