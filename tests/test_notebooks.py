"""The notebooks: they show the analysis (an opening Markdown cell, named frames), stay free of helpers,
are paired, output-free, and executed in both languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import nbformat
import papermill as pm
import pytest

from kodaira_analysis import paths
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS
from kodaira_analysis.reports.warm import KERNEL_NAME, new_manager, stop
from tests.conftest import MIC_PRESENT, SSDSE_PRESENT, require_shared_ssdse

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")

#: Figures each notebook draws, and figures from the plan its output must state.
EXPECTED = {
    "00-summary": (
        0,
        {
            "ja": ["910人・30億円・20億円", "932人", "2014年度決算", "本プロジェクトの推計", "判定しません"],
            "en": ["910 staff", "932 staff", "FY2014 settlement", "so we give no verdict"],
        },
    ),
    "01-fiscal-trends": (
        2,
        {
            "ja": ["8億8,400万円", "93.9%", "判定なし（実績は市の決算で公表）", "70～80%"],
            "en": ["¥884 million", "93.9%", "Not judged (the city publishes the actual)", "70-80%"],
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
            "ja": ["20.73%", "22%を超え", "0.31ポイントを超え", "1.40", "1.42"],
            "en": ["20.73%", "more than 22%", "more than 0.31 points a year", "1.40", "1.42"],
        },
    ),
    "04-reform-progress": (
        2,
        {
            "ja": [
                "62項目",
                "50項目",
                "11項目",
                "353項目",
                "1996年12月に行財政改革大綱",  # the page gives 1996's era once, at its first use (era.once)
                "2014（平成26）年10月",
            ],
            "en": [
                "62 items",
                "50 were on schedule",
                "11 were behind",
                "add up, by our sum, to 353",
                "December 1996",
                "October 2014",
            ],
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
                "プランの期間（2017～2020年度）の財政",
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
                "多摩26市との比較",
                "26市中1位（低い方から）",
                "85.2",
                "26市中17位（低い方から・立川市と同率）",
                "2020年国勢調査",
                "低いほど望ましい",
            ],
            "en": [
                "Kodaira among the 26 Tama cities",
                "1 of 26 from the lowest",
                "85.2",
                "17 of 26 from the lowest, tied with Tachikawa",
                "2020 census",
                "lower is favourable",
            ],
        },
    ),
}


#: What MIC's files add when present: the long run (01), the Laspeyres index (02), the plan period (00), the peers (05).
EXPECTED_WITH_MIC = {
    "00-summary": (
        1,
        {
            "ja": ["2021年度83.1%", "26市中同率1位（低い方から・18市）"],
            "en": ["83.1% (FY2021)", "1 of 26 from the lowest (18 tied)"],
        },
    ),
    "01-fiscal-trends": (
        1,
        {"ja": ["早期健全化基準", "350%", "97.2%"], "en": ["Early-warning threshold", "350%", "97.2%"]},
    ),
    "02-staffing-levels": (
        1,
        {"ja": ["参考値98.4", "2012年4月から2014年3月"], "en": ["reference value 98.4", "April 2012 to March 2014"]},
    ),
    "05-tama-peers": (
        0,
        {
            "ja": [
                "財政力指数",
                "2021年4月1日現在",
                "将来負担比率（総務省）",
                "26市中同率1位（低い方から・18市）",
                "総務省「指標の説明」",
            ],
            "en": [
                "Fiscal capability index",
                "1 April 2021",
                "The future burden ratio (MIC)",
                "1 of 26 from the lowest (18 tied)",
            ],
        },
    ),
}


def expected(name: str, lang: str) -> tuple[int, list[str]]:
    """Figures and key figures of a notebook's output, given whether this session has SSDSE-A and MIC's files."""
    figures, key_figures = EXPECTED[name][0], list(EXPECTED[name][1][lang])
    if SSDSE_PRESENT and name in EXPECTED_WITH_SSDSE:
        figures += EXPECTED_WITH_SSDSE[name][0]
        key_figures += EXPECTED_WITH_SSDSE[name][1][lang]
    if MIC_PRESENT and name in EXPECTED_WITH_MIC:
        figures += EXPECTED_WITH_MIC[name][0]
        key_figures += EXPECTED_WITH_MIC[name][1][lang]
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


#: The opening cell's four parts, each a bold label in Japanese (first) and in English.
OPENING_PARTS = [("問い", "Question"), ("データ", "Data"), ("方法", "Method"), ("注意", "Caveats")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_opens_with_question_data_method_caveats(path: Path):
    """A reader sees first what is asked, of which data, how, and with what caveats: Japanese first, then English.

    The cell is tagged ``research``: it is for the researcher reading the notebook, not for the committee's page.
    """
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell is not Markdown"
    assert "research" in first.metadata.get("tags", []), f"{path.name}: the opening cell is not tagged 'research'"
    text = first.source
    positions = []
    for ja, en in OPENING_PARTS:
        for label in (ja, en):
            match = re.search(rf"^\*\*{label}\*\*\s*\S", text, re.M)
            assert match, f"{path.name}: the opening cell has no paragraph '**{label}**'"
            positions.append((label, match.start()))
    japanese, english = positions[0::2], positions[1::2]
    assert max(p for _, p in japanese) < min(p for _, p in english), f"{path.name}: Japanese comes first, then English"
    assert [p for _, p in japanese] == sorted(p for _, p in japanese), f"{path.name}: question, data, method, caveats"
    assert [p for _, p in english] == sorted(p for _, p in english), f"{path.name}: question, data, method, caveats"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if "projection_method" in p.read_text(encoding="utf-8")])
def test_the_method_says_a_projection_is_no_verdict_on_a_published_year(path: Path):
    """01's research page once said targets without a figure 'are judged by the projection': the rule is that a
    projection gives no verdict on a year whose settlement the city has published, and is shown as a projection."""
    text = nbformat.read(path, as_version=4).cells[0].source
    assert "見通しで判定します" not in text and "on a projection to it" not in text
    assert "見通しで判定せず" in text and "見通しとして示す" in text
    assert "the projection gives no verdict" in text and "shown only as a projection" in text


def _analysis_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Modules (``ka`` and those of kodaira_analysis.analysis) and functions imported from the analysis layer."""
    modules, functions = {"ka"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "kodaira_analysis.analysis":
            modules |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kodaira_analysis.analysis."):
            functions |= {a.asname or a.name for a in node.names}
    return modules, functions


def _computing_calls(tree: ast.AST, modules: set[str], functions: set[str]) -> list[ast.Call]:
    """Calls into the analysis layer: ``ka.load(...)``, ``period.fiscal_series(...)``, ``default_indicators(...)``."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in modules) or (
            isinstance(f, ast.Name) and f.id in functions
        ):
            calls.append(node)
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_computing_steps_assign_named_frames(path: Path):
    """Each computing step is a line of its own that names its result, never an argument hidden in a show().

    Every call into the analysis layer sits on the right of an assignment (``per_1000 = period_compare....``),
    so that a reader can inspect the frame; only the calls that start the notebook are left alone.
    """
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    source = "\n".join(code)
    tree = ast.parse(source)
    modules, functions = _analysis_names(tree)
    assigned: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            assigned |= {id(c) for c in _computing_calls(node.value, modules, functions)} if node.value else set()
    loose = [
        ast.get_source_segment(source, c)
        for c in _computing_calls(tree, modules, functions)
        if id(c) not in assigned and not (isinstance(c.func, ast.Attribute) and c.func.attr == "start")
    ]
    assert not loose, f"{path.name}: computed without a name a reader can inspect: {loose}"
    assert len(assigned) >= 3, f"{path.name}: fewer than three named computing steps"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_defines_no_helpers(path: Path):
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
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", "\n".join(parts))
    # a heading's year range is kept on one line by a span (present.markdown.keep_ranges_whole): read its words
    return re.sub(r"<span class='kodaira-nobreak'>([^<]*)</span>", r"\1", text)


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
    words = re.sub(r"\[([^\]]*)\]\(#term-[a-z_]+\)", r"\1", text)  # a glossary term's link read as its words
    words = words.replace("<wbr>", "")  # a cell's break points (figure.breakable) are no characters
    for figure in key_figures:
        assert figure in words, f"{name} ({lang}): {figure!r} missing from the output"
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
            ["more than 22%", "22.38% and 11.18% in 2015", "Births (calendar years) went from 1,570"],
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
    words = re.sub(r"\[([^\]]*)\]\(#term-[a-z_]+\)", r"\1", text)  # a glossary term's link read as its words
    words = words.replace("<wbr>", "")  # a cell's break points (figure.breakable) are no characters
    for fragment in present:
        assert fragment in words
    for fragment in absent:
        assert fragment not in words
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
    # No target is judged on a projection with today's data (each has the plan's or later data's verdict, or none),
    # so the method is named where the page names its method: in the title.
    assert "(projection: the last change)" in text
    assert (
        "Staff quota"
        not in text.split("The 2nd Reform Programme's targets for FY2015")[1].split("What the project's sources lack")[
            0
        ]
    )
    assert "¥599 million" in text  # FY2012-FY2014: 174 + 338 + 87


@pytest.mark.notebooks
@pytest.mark.parametrize("name", ["01-fiscal-trends", "02-staffing-levels", "03-aging-population", "05-tama-peers"])
def test_without_ssdse_a_sentence_and_everything_else(tmp_path, monkeypatch, name):
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path / "nothing-here"))
    nb = run(paths.NOTEBOOKS_DIR / f"{name}.ipynb", tmp_path / "out.ipynb", lang="en")
    text = outputs_text(nb)
    assert text.count("was built without the National Statistics Center's municipal data (SSDSE-A)") == 1
    figures = {"01-fiscal-trends": 2, "02-staffing-levels": 1, "03-aging-population": 2, "05-tama-peers": 0}[name]
    if MIC_PRESENT:  # MIC's long run (01) and Laspeyres index (02) do not need SSDSE-A
        figures += {"01-fiscal-trends": 1, "02-staffing-levels": 1}.get(name, 0)
    assert text.count('<figure class="kodaira-figure">') == figures


def test_committee_page_drops_the_research_cells():
    """The opening notes are for researchers: the committee's page drops them, the research page keeps them."""
    from kodaira_analysis.page.exporter import KodairaExporter

    note = "研究用の説明：問い・データ・方法・注意"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(note, metadata={"tags": ["research"]}),
            nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output("display_data", {"text/markdown": "本文"})]),
        ]
    )
    research, _ = KodairaExporter(audience="research").from_notebook_node(nb)
    assert note in research
    committee, _ = KodairaExporter(audience="committee").from_notebook_node(nb)
    assert "本文" in committee
    assert note not in committee
