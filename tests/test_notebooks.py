"""The notebooks: thin, paired, output-free, and executed in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import papermill as pm
import pytest

from kodaira_analysis import paths
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS
from kodaira_analysis.reports.warm import KERNEL_NAME, new_manager, stop
from tests.conftest import SSDSE_PRESENT, require_shared_ssdse

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")

#: Figures each notebook draws, and figures from the plan its output must state.
EXPECTED = {
    "00-summary": (
        0,
        {
            "ja": ["910人・30億円・20億円", "932人", "2014年度決算", "本プロジェクトの推計"],
            "en": ["910 staff", "932 staff", "FY2014 settlement", "This is our projection, not the plan's verdict"],
        },
    ),
    "01-fiscal-trends": (
        2,
        {
            "ja": ["8億8,400万円", "93.9%", "推計上は達成", "70～80%"],
            "en": ["¥884 million", "93.9%", "Met on our projection", "70-80%"],
        },
    ),
    "02-staffing-levels": (
        1,
        {
            "ja": ["932人", "910人", "+13", "第１章２（４）"],
            "en": ["932 staff", "910 staff", "+13", "Chapter 1, section 2(4)"],
        },
    ),
    "03-aging-population": (
        2,
        {
            "ja": ["20.73%", "22%を超え", "0.3175ポイントを超え", "1.40", "1.42"],
            "en": ["20.73%", "more than 22%", "more than 0.3175 points a year", "1.40", "1.42"],
        },
    ),
    "04-reform-progress": (
        2,
        {
            "ja": ["62項目", "50項目", "11項目", "353項目"],
            "en": ["62 items", "50 were on schedule", "11 were behind", "353 items"],
        },
    ),
    "05-tama-peers": (0, {"ja": [], "en": []}),
}
#: What the SSDSE-A files add when present: more figures, and figures from the Statistics Center.
EXPECTED_WITH_SSDSE = {
    "00-summary": (
        0,
        {"ja": ["91.8%", "+37.8%", "9,666世帯", "673人"], "en": ["91.8%", "+37.8%", "9,666 households", "673 persons"]},
    ),
    "01-fiscal-trends": (
        5,
        {
            "ja": [
                "91.8%",
                "85.2%",
                "計画期間（2017～2020年度）の財政",
                "933.1億円",
                "+37.8%",
                "408.3億円",
                "2020年国勢調査",
            ],
            "en": [
                "91.8%",
                "85.2%",
                "The plan period (FY2017-FY2020)",
                "¥93.31 billion",
                "+37.8%",
                "¥40.83 billion",
                "2020 census",
            ],
        },
    ),
    "02-staffing-levels": (
        2,
        {"ja": ["744人", "3.76", "26市中1位", "派遣者を除き"], "en": ["744 staff", "3.76", "1 of 26", "seconded"]},
    ),
    "03-aging-population": (
        3,
        {
            "ja": ["22.38%", "1,227人", "9,666世帯", "-673人", "+5,366人", "01-fiscal-trends-ja.html"],
            "en": ["22.38%", "9,666 households", "-673 persons", "+5,366 persons", "01-fiscal-trends-en.html"],
        },
    ),
    "05-tama-peers": (
        2,
        {
            "ja": [
                "多摩地域26市との比較",
                "26市中26位（高い方から）",
                "85.2",
                "26市中17位（低い方から・立川市と同率）",
                "2020年国勢調査",
                "低いほど望ましい",
            ],
            "en": [
                "Kodaira among the 26 Tama cities",
                "26 of 26 from the highest",
                "85.2",
                "17 of 26 from the lowest, tied with Tachikawa",
                "2020 census",
                "lower is favourable",
            ],
        },
    ),
}


def expected(name: str, lang: str) -> tuple[int, list[str]]:
    """Figures and key figures of a notebook's output, given whether this session has SSDSE-A."""
    figures, key_figures = EXPECTED[name][0], list(EXPECTED[name][1][lang])
    if SSDSE_PRESENT and name in EXPECTED_WITH_SSDSE:
        figures += EXPECTED_WITH_SSDSE[name][0]
        key_figures += EXPECTED_WITH_SSDSE[name][1][lang]
    return figures, key_figures


def test_every_notebook_is_covered():
    assert set(NAMES) == set(EXPECTED) == set(NOTEBOOK_PARAMETERS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell carries outputs"
            assert cell.execution_count is None, f"{path.name}: a cell carries an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_paired_py_is_in_sync(path: Path):
    script = path.with_suffix(".py")
    assert script.is_file(), f"{path.name} has no paired .py"
    from_ipynb = jupytext.read(path)
    from_py = jupytext.read(script)
    assert from_ipynb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in from_ipynb.cells]
    assert cells == [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in from_py.cells], (
        f"{path.name} and {script.name} differ: run `make notebooks-sync`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_parameters_cell_is_typed_and_commented(path: Path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    inspected = pm.inspect_notebook(str(path))
    assert set(inspected) == set(NOTEBOOK_PARAMETERS[path.stem])
    for name, info in inspected.items():
        assert info["inferred_type_name"] != "None", f"{path.name}: {name} has no type"
        assert info["help"], f"{path.name}: {name} has no comment (papermill --help-notebook shows it)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_stays_thin(path: Path):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    for source in code:
        assert not re.search(r"^\s*(def|class) ", source, re.M), "helpers belong in kodaira_analysis"
        assert "import matplotlib" not in source and "plt." not in source, "figures come from kodaira_analysis"


def run(path: Path, out: Path, **parameters) -> nbformat.NotebookNode:
    km = new_manager()  # IPC kernels: no TCP port to collide on (issue 14)
    try:
        pm.execute_notebook(
            str(path),
            str(out),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            km=km,
            progress_bar=False,
            cwd=str(out.parent),
        )
    finally:
        stop(km)  # nbclient leaves a kernel it did not create running
    return nbformat.read(out, as_version=4)


def outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in output.get("data", {}):
                    parts.append(output["data"][mime])
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", "\n".join(parts))


@pytest.fixture(scope="module")
def executed(tmp_path_factory, built_reports) -> dict[tuple[str, str], nbformat.NotebookNode]:
    """Each notebook executed in each language: the session's report build already ran every one whose job
    has only the parameter ``lang`` (its executed notebook is kept for audit); the others run here."""
    from kodaira_analysis.reports.config import load_jobs

    by_run = {(job.notebook.stem, job.lang): job.name for job in load_jobs() if set(job.parameters) == {"lang"}}
    out = tmp_path_factory.mktemp("executed")
    notebooks = {}
    for path in NOTEBOOKS:
        for lang in ("ja", "en"):
            kept = built_reports[0] / "executed" / f"{by_run.get((path.stem, lang))}.ipynb"
            notebooks[(path.stem, lang)] = (
                nbformat.read(kept, as_version=4)
                if kept.is_file()
                else run(path, out / f"{path.stem}-{lang}.ipynb", lang=lang)
            )
    return notebooks


@pytest.mark.notebooks
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_notebook_output(executed, name, lang):
    nb = executed[(name, lang)]
    text = outputs_text(nb)
    figures, key_figures = expected(name, lang)
    assert text.count('<figure class="kodaira-figure">') == figures
    assert (
        len(
            re.findall(
                r'<img src="data:image/png;base64,[^"]+" alt="[^"]{20,}"',
                "\n".join(
                    o["data"]["text/html"]
                    for c in nb.cells
                    for o in c.get("outputs", [])
                    if "text/html" in o.get("data", {})
                ),
            )
        )
        == figures
    ), "every figure has alt text"
    for figure in key_figures:
        assert figure in text, f"{name} ({lang}): {figure!r} missing from the output"
    assert "Glyph" not in text and "missing from font" not in text
    assert "Traceback" not in text and "Warning" not in text
    if lang == "en":
        found = sorted(set(JAPANESE.findall(text)))
        assert not found, f"{name} (en) shows Japanese: {''.join(found)}"


@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("name", "parameters", "fragment"),
    [
        ("01-fiscal-trends", {"lang": "fr"}, "lang='fr' is not allowed; expected one of 'ja', 'en'"),
        ("01-fiscal-trends", {"indicators": ["staff"]}, "parameter indicators=['staff']"),
        (
            "02-staffing-levels",
            {"start_fiscal_year": 2009},
            "start_fiscal_year=2009 is not allowed; expected a whole number from 2011 to 2015",
        ),
        ("03-aging-population", {"show_national": "yes"}, "show_national='yes' is not allowed; expected True or False"),
        (
            "04-reform-progress",
            {"start_fiscal_year": 2020, "end_fiscal_year": 2000},
            "no later than end_fiscal_year=2000",
        ),
    ],
)
def test_bad_parameter_stops_in_the_first_code_cell(tmp_path, name, parameters, fragment):
    path = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as caught:
        run(path, tmp_path / "out.ipynb", **parameters)
    assert fragment in str(caught.value)
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tags = [c.metadata.get("tags", []) for c in code]
    first_own = next(i for i, t in enumerate(tags) if "parameters" not in t and "injected-parameters" not in t)
    failed = [i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert failed == [first_own]


@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("parameters", "present", "absent", "figures"),
    [
        (
            {"start_year": 2013, "end_year": 2019},
            ["more than 22%", "22.38% and 11.18% in 2015", "Births went from 1,570"],
            ["20.73%", "in 2020", "-673 persons"],
            5,
        ),
        (
            {"start_year": 2015, "end_year": 2015},
            ["more than 22%", "gives no total fertility rate", "in 2015"],
            ["20.73%", "Births went", "natural change"],
            3,
        ),
    ],
)
def test_ageing_year_range(tmp_path, parameters, present, absent, figures):
    require_shared_ssdse()
    nb = run(paths.NOTEBOOKS_DIR / "03-aging-population.ipynb", tmp_path / "out.ipynb", lang="en", **parameters)
    text = outputs_text(nb)
    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text
    assert text.count('<figure class="kodaira-figure">') == figures


@pytest.mark.notebooks
def test_other_parameters_change_the_output(tmp_path):
    path = paths.NOTEBOOKS_DIR / "01-fiscal-trends.ipynb"
    nb = run(
        path,
        tmp_path / "a.ipynb",
        lang="en",
        indicators=["current_balance_ratio"],
        show_cumulative=False,
        projection_method="last_change",
        start_fiscal_year=2012,
        end_fiscal_year=2014,
    )
    text = outputs_text(nb)
    assert "repeated until the target" in text
    assert "Staff quota" not in text.split("Numerical targets")[1]
    assert "¥599 million" in text  # FY2012-FY2014: 174 + 338 + 87


@pytest.mark.notebooks
@pytest.mark.parametrize("name", ["01-fiscal-trends", "02-staffing-levels", "03-aging-population", "05-tama-peers"])
def test_without_ssdse_a_sentence_and_everything_else(tmp_path, monkeypatch, name):
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path / "nothing-here"))
    nb = run(paths.NOTEBOOKS_DIR / f"{name}.ipynb", tmp_path / "out.ipynb", lang="en")
    text = outputs_text(nb)
    assert text.count("was built without the National Statistics Center's municipal data (SSDSE-A)") == 1
    figures = {"01-fiscal-trends": 2, "02-staffing-levels": 1, "03-aging-population": 2, "05-tama-peers": 0}[name]
    assert text.count('<figure class="kodaira-figure">') == figures
