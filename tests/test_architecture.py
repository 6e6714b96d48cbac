"""The arrows run one way: core <- sources <- analysis <- presentation <- topics <- notebooks.

Every import of a kodaira_analysis module by another (top-level or inside a
function) is read from the source with ``ast`` and checked against the layer
it may use. The runner (``reports``) knows the public API (the package root),
the core, and the notebooks' interface (their parameter descriptions and the
languages and number formats of the index page), nothing else.
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
#: What the runner may import beyond the core and the package root.
RUNNER_MAY_IMPORT = {
    "reports",
    "present.parameters",
    "present.i18n",
    "present.dates",
    "present.sources",
}  # the index words and cites as reports do
#: The zygote is a kernel before it is forked: it imports what notebooks import and draws a first figure.
KERNEL_SIDE = {"reports.zygote": {"present.style"}}
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
        assert layer_of(module) in {*LAYERS, "reports"}, f"{module}: no layer; add it to tests/test_architecture.py"


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


def test_the_checker_sees_a_wrong_arrow(tmp_path):
    """The contract can fail: a source module importing the presentation is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from kodaira_analysis.present.style import new_figure\nfrom ..topics import fiscal\n")
    found = imported("plan.bad", bad)
    assert {"present.style", "topics.fiscal"} <= found
    assert {layer_of(m) for m in found} - LAYERS["plan"] == {"present", "topics"}


def test_notebooks_call_the_library_only():
    """Notebooks import the package (any layer) but never the runner."""
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.py")):
        tree = ast.parse(notebook.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{PACKAGE}.reports"):
                pytest.fail(f"{notebook.name} imports the runner ({node.module})")
