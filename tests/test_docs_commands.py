"""The docs' report commands are right as written: every `kodaira-reports render|preview` line of the how-to
and getting-started pages names a notebook that exists and parameters its checks accept (fast, no kernel);
the generated parameters page lists every parameter of every notebook."""

from __future__ import annotations

import html
import importlib.util
import re
import shlex
import sys
import types

import papermill as pm
import pytest
import yaml

from kodaira_analysis import paths
from kodaira_analysis.present.parameters import NOTEBOOK_PARAMETERS, ParameterError, check_job_parameters

ROOT = paths.PACKAGE_DIR.parent
PAGES = [ROOT / "docs" / "how-to" / "render-with-parameters.md", ROOT / "docs" / "getting-started.md"]


def _commands() -> list[str]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8").replace("\\\n", " ")
        found += [
            m.group(0) for m in re.finditer(r"kodaira-reports (?:--config \S+ )?(?:render|preview) [^`\n#]+", text)
        ]
    return found


def _check(command: str) -> dict:
    """The parameters the command gives, checked over the notebook's defaults as a job's are."""
    words = shlex.split(command)
    notebook = next(w for w in words if w.endswith(".ipynb"))
    stem = notebook.rsplit("/", 1)[-1].removesuffix(".ipynb")
    assert (ROOT / "notebooks" / f"{stem}.ipynb").is_file(), command
    given = {words[i + 1]: yaml.safe_load(words[i + 2]) for i, w in enumerate(words) if w in ("-p", "--parameter")}
    if "--lang" in words:
        given["lang"] = words[words.index("--lang") + 1]
    defaults = {k: v["default"] for k, v in pm.inspect_notebook(str(ROOT / "notebooks" / f"{stem}.ipynb")).items()}
    values = {name: yaml.safe_load(text) for name, text in defaults.items()}
    return check_job_parameters(stem, {**values, **given})


def test_the_pages_show_render_and_preview():
    commands = _commands()
    assert any(" render " in f" {c} " and "13229" in c for c in commands)
    previews = [c for c in commands if " preview " in c]
    assert previews and all("--config" in c for c in previews), "outside a checkout, preview needs --config"


@pytest.mark.parametrize("command", _commands())
def test_each_command_is_accepted_as_written(command):
    checked = _check(command)
    assert set(checked) == set(NOTEBOOK_PARAMETERS[re.search(r"(\d\d-[a-z-]+)\.ipynb", command).group(1)])


def test_a_wrong_parameter_in_a_page_would_fail():
    with pytest.raises(ParameterError):
        _check("kodaira-reports render /x/notebooks/05-tama-peers.ipynb -p peer_group tokyo")


def test_the_parameters_page_lists_every_parameter():
    sys.modules.setdefault("mkdocs_gen_files", types.ModuleType("mkdocs_gen_files"))
    spec = importlib.util.spec_from_file_location("gen_docs_pages_for_test", ROOT / "scripts" / "gen_docs_pages.py")
    assert spec and spec.loader
    source = (ROOT / "scripts" / "gen_docs_pages.py").read_text(encoding="utf-8").split("\nfor path, make in PAGES")[0]
    module = types.ModuleType(spec.name)
    module.__file__ = str(ROOT / "scripts" / "gen_docs_pages.py")
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    page = module.parameters()
    for notebook, spec_ in NOTEBOOK_PARAMETERS.items():
        section = page.split(f"## `{notebook}`")[1].split("\n## ")[0]
        for name, rule in spec_.items():
            assert f"<code>{name}</code>" in section, (notebook, name)
            assert html.escape(rule.describe()) in section, (notebook, name, "what the check accepts, escaped")
