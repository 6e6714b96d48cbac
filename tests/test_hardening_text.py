"""Data never becomes markup in a sentence: every value a template fills is escaped (issue 29, item 1).

Each sentence builder is given names carrying HTML, Markdown links, emphasis and list markers, and its
Markdown is rendered as nbconvert renders a report: the page must show the characters and have exactly
the HTML tags the same sentence has with an innocent name.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

import kodaira_analysis as ka
from kodaira_analysis.analysis import peer_data, peers
from kodaira_analysis.present import display
from kodaira_analysis.present.markdown import MarkdownText, escape, markdown
from kodaira_analysis.present.wording import Wording, bullets
from kodaira_analysis.topics import fiscal, plan_structure, progress, reform_history, summary, targets
from kodaira_analysis.topics import peers as peer_topic
from tests.conftest import require_shared_ssdse

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "*a* _b_ `c` **d** ~~e~~ | f |",
    "# heading",
    "- item",
    "1. item",
    "<iframe src=javascript:alert(1)></iframe>",
    '<meta http-equiv="refresh" content="0;url=http://example.com">',
    "<https://example.com> http://example.com www.example.com",
    "a\n\n# heading\n<script>alert(1)</script>",
    "$x^2$ \\\\ &amp;",
]
INNOCENT = "Innocent"

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def rendered(text: str) -> str:
    """The HTML nbconvert makes of a Markdown output."""
    return markdown2html_mistune(str(text))


def assert_shown_as_text(made: str, innocent: str, hostile: str) -> None:
    """``made`` (the builder's Markdown with ``hostile`` in it) renders with the tags of ``innocent``, no more."""
    assert isinstance(made, MarkdownText), f"a sentence builder returned {type(made).__name__}, not MarkdownText"
    page, plain_page = rendered(made), rendered(innocent)
    assert sorted(_TAG.findall(page)) == sorted(_TAG.findall(plain_page)), (hostile, page)
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="[^"]*"', page))
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    core = " ".join(hostile.split())
    assert INNOCENT not in innocent or core in " ".join(visible.split()), (
        f"the text {hostile!r} is not shown as written: {visible!r}"
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_wording_escapes_every_value(hostile):
    words = Wording(ja="「{name}」の値は{n}です。", en="**{name}** is {n}.")
    for lang in ("ja", "en"):
        assert_shown_as_text(
            words.say(lang, name=hostile, n="1,234"), words.say(lang, name=INNOCENT, n="1,234"), hostile
        )
    assert words.text("en", name=hostile, n=5) == f"**{hostile}** is 5.", "plain text for charts keeps the characters"


def test_numbers_formatted_for_a_sentence_are_unchanged():
    for number in ("1,234", "−3.2%", "-20 persons", "+5,366 persons", "1.27ポイント", "¥1.5 billion", "95.0%以下"):
        assert escape(number) == number


def test_markdown_combined_with_text_escapes_the_text():
    heading = markdown("## ") + "<img src=x onerror=alert(1)>"
    assert _TAG.findall(rendered(heading)) == ["h2", "a"], "the heading and its anchor, no image"
    assert "<li>" in rendered(bullets(["<b>a</b>", markdown("**b**")]))
    assert "<b>" not in rendered(bullets(["<b>a</b>"])) and "<strong>" in rendered(bullets([markdown("**b**")]))


def test_show_refuses_a_plain_string_and_displays_markdown(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    with pytest.raises(TypeError, match="not a plain str"):
        display.show("# " + "<img src=x onerror=alert(1)>")
    display.show(markdown("# ") + "<img src=x onerror=alert(1)>")
    assert shown[0].data == "# &lt;img src=x onerror=alert(1)&gt;"


def _swap(frame: pd.DataFrame, columns: list[str], value: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = value
    return frame


def _builders():
    """(name, columns replaced, function of a frame with them replaced and a language)."""
    fe, rh, ps, pp = (ka.load(t) for t in ("fiscal_effects", "reform_history", "plan_structure", "program_progress"))
    assessment = ka.assess_targets()
    return [
        (
            "fiscal.effects_summary",
            lambda v, lang: fiscal.effects_summary(_swap(fe, ["category", "category_en"], v), lang),
        ),
        (
            "reform_history",
            lambda v, lang: reform_history.history_sentence(_swap(rh, ["program", "program_en"], v), lang),
        ),
        ("plan_structure", lambda v, lang: plan_structure.viewpoints_sentence(_swap(ps, ["name", "name_en"], v), lang)),
        ("progress", lambda v, lang: progress.progress_sentence(_swap(pp, ["policy", "policy_en"], v), lang)),
        (
            "targets",
            lambda v, lang: targets.target_sentences(_swap(assessment, ["indicator_ja", "indicator_en"], v), lang),
        ),
        (
            "summary.targets_notes",
            lambda v, lang: summary.targets_notes(
                _swap(assessment, ["indicator_ja", "indicator_en"], v), ka.load("targets"), lang
            ),
        ),
    ]


@pytest.mark.parametrize("hostile", HOSTILE[:6])
def test_every_sentence_from_the_plans_tables_shows_hostile_labels_as_text(hostile):
    for name, build in _builders():
        for lang in ("ja", "en"):
            made, innocent = build(hostile, lang), build(INNOCENT, lang)
            assert_shown_as_text(made, innocent, f"{hostile}"), name


@pytest.fixture(scope="module")
def hostile_ssdse():
    """SSDSE-A with Kodaira and Tachikawa renamed (as a file read with KODAIRA_SSDSE_ALLOW_UNKNOWN=1 could be)."""
    require_shared_ssdse()
    return ka.load("ssdse")


def _renamed(table: pd.DataFrame, name: str, monkeypatch) -> pd.DataFrame:
    """Kodaira and Tachikawa named ``name`` in SSDSE-A (Japanese) and in the project's English names."""
    table = table.copy()
    table["municipality"] = table["municipality"].astype(object)
    for code in ("13211", "13202"):
        table.loc[table["municipality_code"] == code, "municipality"] = f"{name}{code}"
    english = dict(peer_data.names_en()) | {code: f"{name}{code}" for code in ("13211", "13202")}
    for module in (peer_data, peers):
        if hasattr(module, "names_en"):
            monkeypatch.setattr(module, "names_en", lambda: english)
    return table


@pytest.mark.parametrize("hostile", HOSTILE[:8])
def test_peer_sentences_show_hostile_municipality_names_as_text(hostile_ssdse, hostile, monkeypatch):
    for lang in ("ja", "en"):
        made = {}
        for label, name in (("hostile", hostile), ("innocent", INNOCENT)):
            table = _renamed(hostile_ssdse, name, monkeypatch)
            group = peers.describe_group("tama26", "13211", table)
            names = peers.municipality_names("13211", table)
            measured = peers.peer_measures("tama26", "13211", 2024, table)
            made[label] = [
                peer_topic.title(group, names, lang),
                peer_topic.intro("tama26", group, names, lang),
                peer_topic.favourable_sentence(measured, group, lang),  # Tachikawa's name: the tie
            ]
        for sentence, innocent in zip(made["hostile"], made["innocent"], strict=True):
            assert_shown_as_text(sentence, innocent, hostile)


def _active_markup(page: str) -> list[tuple[str, str, str]]:
    """Every (tag, attribute, value) of ``page`` that runs script: an on* handler or a javascript: address."""
    from html.parser import HTMLParser

    found: list[tuple[str, str, str]] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append((tag, name, value or ""))

    Scan().feed(page)
    return found


@pytest.mark.notebooks
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_hostile_ssdse_a_edition_read_as_allowed_shows_its_names_as_text(tmp_path, monkeypatch, lang):
    """The peer report of SSDSE-A files whose names carry markup (read with KODAIRA_SSDSE_ALLOW_UNKNOWN=1)."""
    from nbconvert import HTMLExporter

    from tests.test_notebooks import NOTEBOOKS, run

    shared = require_shared_ssdse()
    folder = tmp_path / "ssdse"
    folder.mkdir()
    names = {"小平市": "<img src=x onerror=alert(1)>小平", "立川市": "[x](javascript:alert(1))立川"}
    for path in shared.glob("SSDSE-A-*.csv"):
        data = path.read_bytes()
        for old, new in names.items():
            data = data.replace(old.encode("cp932"), new.encode("cp932"))
        (folder / path.name).write_bytes(data)
    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(folder))
    monkeypatch.setenv("KODAIRA_SSDSE_ALLOW_UNKNOWN", "1")
    notebook = next(p for p in NOTEBOOKS if p.stem == "05-tama-peers")
    (tmp_path / "out").mkdir()
    executed = run(notebook, tmp_path / "out" / f"peers-{lang}.ipynb", lang=lang)
    markdown = "\n".join(
        o["data"]["text/markdown"]
        for c in executed.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown or lang == "en", "the Japanese name, escaped"
    page, _ = HTMLExporter().from_notebook_node(executed)
    assert _active_markup(page) == [], "no event handler and no javascript: address in any tag"
    if lang == "ja":  # the English page names Kodaira and Tachikawa from the project's own English names
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, "the name is shown, as text"
