"""The arrows run one way: core <- sources <- analysis <- presentation <- topics <- notebooks.

Every import of a kodaira_analysis module by another (top-level or inside a
function) is read from the source with ``ast`` and checked against the layer
it may use. The report page (``page``, the nbconvert exporter) knows the core,
the public API (the package root) and the presentation; the runner
(``reports``) knows the public API, the core, the page, and the notebooks'
interface (their parameter descriptions and the languages and number formats
of the index page), nothing else.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kodaira_analysis import paths

PACKAGE = "kodaira_analysis"
CORE = {"paths", "errors", "files", "schema", "japanese"}
LAYERS = {
    # layer: the layers it may import (itself included)
    "core": {"core"},
    "plan": {"core", "plan"},
    "ssdse": {"core", "ssdse"},
    "mic": {"core", "mic"},
    "analysis": {"core", "plan", "ssdse", "mic", "analysis"},
    "present": {"core", "plan", "ssdse", "mic", "analysis", "present"},
    "topics": {"core", "plan", "ssdse", "mic", "analysis", "present", "topics"},
    "dist": {"core", "plan", "ssdse", "mic", "analysis", "dist"},  # the data archive: tables and their descriptions
}
#: What the report page (the nbconvert exporter) may import beyond the package root: never the runner, a topic,
#: a source's or the analysis' modules (the public API only).
PAGE_MAY_IMPORT = {"core", "present", "page"}
#: What the runner may import beyond the core and the package root.
RUNNER_MAY_IMPORT = {
    "reports",
    "page",  # each job's page: the exporter, and its allowlist, provenance and links the site shares
    "present.parameters",
    "present.i18n",
    "present.dates",
    "present.sources",
    "present.era",
}  # the index words, dates and cites as reports do
#: Runner modules that import a notebook-side module (none since the zygote went: kernels import for themselves).
KERNEL_SIDE: dict[str, set[str]] = {}
#: Public faces the package root re-exports (the module itself, not what lies below it).
PUBLIC_FACES = {"ssdse", "mic"}
#: The presentation package's root (the module itself): the names of the environment variables through which
#: the runner tells a kernel how to draw (present.SVG_ENV), and nothing that draws.
RUNNER_MAY_NAME = {"present"}


def layer_of(module: str) -> str:
    """The layer of a dotted module name below the package ('plan.build' -> 'plan')."""
    first = module.split(".")[0]
    return "core" if first in CORE else first


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(paths.PACKAGE_DIR).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        found[".".join(parts)] = path
    return found


def imported(module: str, path: Path) -> set[str]:
    """Every kodaira_analysis module this one imports, as names below the package ('' = the root)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    here = module.split(".") if module else []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([PACKAGE, *base, *([node.module] if node.module else [])])
            else:
                stem = node.module or ""
            known = modules()
            names = [
                f"{stem}.{a.name}" if f"{stem}.{a.name}"[len(PACKAGE) + 1 :] in known else stem for a in node.names
            ]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                below = name[len(PACKAGE) + 1 :]
                # keep only names that are modules (from X import function -> X)
                while below and below not in modules():
                    below = below.rpartition(".")[0]
                found.add(below)
    found.discard(module)
    return found


def test_every_module_has_a_layer():
    for module in modules():
        if module == "":
            continue
        assert layer_of(module) in {*LAYERS, "page", "reports"}, (
            f"{module}: no layer; add it to tests/test_architecture.py"
        )


@pytest.mark.parametrize("module", [m for m in modules() if m and layer_of(m) in LAYERS])
def test_imports_run_one_way(module):
    allowed = LAYERS[layer_of(module)]
    wrong = sorted(m for m in imported(module, modules()[module]) if m == "" or layer_of(m) not in allowed)
    assert not wrong, f"{module} ({layer_of(module)}) imports {wrong}; it may import only {sorted(allowed)}"


@pytest.mark.parametrize("module", [m for m in modules() if m.startswith("reports")])
def test_runner_knows_the_public_api_only(module):
    wrong = sorted(
        m
        for m in imported(module, modules()[module])
        if m
        and layer_of(m) != "core"
        and m not in PUBLIC_FACES
        and m not in RUNNER_MAY_NAME
        and not any(m == a or m.startswith(a + ".") for a in RUNNER_MAY_IMPORT)
        and m not in KERNEL_SIDE.get(module, set())
    )
    assert not wrong, f"{module} imports {wrong}; the runner uses the package root (public API) and the core"


@pytest.mark.parametrize("module", [m for m in modules() if layer_of(m) == "page"])
def test_the_page_knows_the_public_api_and_the_presentation_only(module):
    wrong = sorted(
        m
        for m in imported(module, modules()[module])
        if m and layer_of(m) not in PAGE_MAY_IMPORT and m not in PUBLIC_FACES
    )
    assert not wrong, f"{module} imports {wrong}; the page uses the core, the package root and present/ only"


def test_the_page_checker_sees_the_runner(tmp_path):
    """The page's contract can fail: a page module importing the runner or a topic is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from kodaira_analysis.reports import links\nfrom kodaira_analysis.topics import fiscal\n")
    assert {layer_of(m) for m in imported("page.bad", bad)} - PAGE_MAY_IMPORT == {"reports", "topics"}


def test_the_checker_sees_a_wrong_arrow(tmp_path):
    """The contract can fail: a source module importing the presentation is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from kodaira_analysis.present.style import new_figure\nfrom ..topics import fiscal\n")
    found = imported("plan.bad", bad)
    assert {"present.style", "topics.fiscal"} <= found
    assert {layer_of(m) for m in found} - LAYERS["plan"] == {"present", "topics"}


def test_notebooks_call_the_library_only():
    """Notebooks import the package (any layer) but never the runner, nor the page they become."""
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.py")):
        tree = ast.parse(notebook.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):  # from kodaira_analysis import page: the module's name too
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                if name.startswith((f"{PACKAGE}.reports", f"{PACKAGE}.page")):
                    pytest.fail(f"{notebook.name} imports the runner or the page ({name})")


# ---------------------------------------------------------------- the runner's own arrows (docs/ARCHITECTURE.md)

#: The runner's core, in the order its arrows run: each may import only those before it (and the site's modules:
#: configuration, plan, render, index, figures, pdf).
RUNNER_CORE = [
    "reports.model",
    "reports.signals",
    "reports.warm",
    "reports.executor",
    "reports.workers",
    "reports.publisher",
    "reports.summary",
    "reports.build",
]
#: The commands: they may import anything of the runner; nothing of the runner imports them.
FRONT_ENDS = {"reports.cli", "reports.commands", "reports.preview"}
#: The most lines a runner module may have (a module that passes it is two modules).
MAX_LINES = 300


def runtime_imports(module: str, path: Path) -> set[str]:
    """The package modules ``module`` imports when it runs (imports under ``if TYPE_CHECKING:`` left out)."""
    import tempfile

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            node.body = [ast.Pass()]
    with tempfile.TemporaryDirectory() as folder:
        stripped = Path(folder) / path.name  # the same name: __init__.py stays a package's
        stripped.write_text(ast.unparse(tree), encoding="utf-8")
        return imported(module, stripped)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself): the cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_anywhere_in_the_package():
    """The runner had the package's only cycles (engine -> kernels -> execute -> engine, kernels -> lifetime ->
    zygote -> kernels), closed by imports inside functions; those count here too."""
    graph = {module: runtime_imports(module, path) for module, path in modules().items()}
    assert cycles(graph) == []


def test_the_cycle_checker_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]] and cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("module", RUNNER_CORE)
def test_the_runner_core_imports_only_what_comes_before_it(module):
    allowed = set(RUNNER_CORE[: RUNNER_CORE.index(module)])
    found = {m for m in imported(module, modules()[module]) if m.startswith("reports.")}
    wrong = sorted((found & set(RUNNER_CORE)) - allowed) + sorted(found & FRONT_ENDS)
    assert not wrong, f"{module} imports {wrong}; the arrows run model -> ... -> build, commands on top"


@pytest.mark.parametrize("module", sorted(m for m in modules() if m.startswith("reports") and m not in FRONT_ENDS))
def test_nothing_of_the_runner_imports_a_command(module):
    assert not imported(module, modules()[module]) & FRONT_ENDS, f"{module} imports a command"


def test_runner_and_page_modules_are_small():
    sizes = {
        m: len(p.read_text(encoding="utf-8").splitlines())
        for m, p in modules().items()
        if m.startswith(("reports", "page"))
    }
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}
