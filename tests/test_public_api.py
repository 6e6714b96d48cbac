"""The public API a researcher meets: what `import kodaira_analysis` offers, and that it leaves the session alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings

import matplotlib
import pytest

import kodaira_analysis as ka
from kodaira_analysis import paths
from kodaira_analysis.present import style as house

#: Every name of __all__ resolves, and these are among them (the analysis modules and the plotting helpers).
EXPECTED = {"load", "TABLES", "describe_tables", "peers", "series", "period", "period_compare", "plot", "style",
            "sum_keep_missing", "analysis", "assess_targets", "ssdse", "japanese", "mic", "mic_long_run",
            "ArgumentError", "UnknownMunicipalityError", "MissingExternalDataError", "MissingMicDataError",
            "MissingPackageDataError", "ParameterError"}  # fmt: skip


def test_every_public_name_resolves_and_is_listed():
    assert EXPECTED <= set(ka.__all__)
    for name in ka.__all__:
        assert getattr(ka, name) is not None, name
    assert set(ka.__all__) <= set(dir(ka))
    assert not {"Any", "TYPE_CHECKING", "annotations", "importlib"} & set(dir(ka)), "dir(ka) lists only the API"
    assert {"peers", "series", "period", "period_compare", "sums"} <= set(dir(ka.analysis))
    assert callable(ka.peers.peer_measures) and callable(ka.plot.new_figure)
    assert callable(ka.mic_long_run.long_run) and "mic_long_run" in dir(ka.analysis)
    assert set(dir(ka)) == set(ka.__all__)


def test_every_exception_the_docs_name_is_on_the_package_root_and_is_the_one_raised():
    """README and docs/ name the exceptions a researcher catches; each is ka.<name> and the class the code raises."""
    from kodaira_analysis.analysis import peer_data
    from kodaira_analysis.mic import catalogue as mic_catalogue
    from kodaira_analysis.ssdse import catalogue as ssdse_catalogue

    root = paths.PACKAGE_DIR.parent
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md")), *sorted((root / "docs").rglob("*.py"))]
    runner = {"ConfigError", "NotOwnedError", "FolderError"}  # the runner's (docs/ARCHITECTURE.md), not the API's
    named = {m for p in pages for m in re.findall(r"\b([A-Z][A-Za-z]+Error)\b", p.read_text(encoding="utf-8"))}
    assert {"ArgumentError", "UnknownMunicipalityError", "MissingPackageDataError"} <= named - runner
    for name in named - runner:
        assert name in ka.__all__, name
        assert issubclass(getattr(ka, name), ka.KodairaError), name
    assert peer_data.UnknownMunicipalityError is ka.UnknownMunicipalityError
    assert ssdse_catalogue.MissingExternalDataError is ka.MissingExternalDataError
    assert mic_catalogue.MissingMicDataError is ka.MissingMicDataError
    with pytest.raises(ka.ArgumentError, match="peer_codes"):
        peer_data.peer_codes("tama26", "1321")


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        _ = ka.nonesuch
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        _ = ka.analysis.nonesuch


def _rc_after(code: str) -> dict:
    """rcParams (as text) before and after running ``code`` in a fresh interpreter."""
    program = (
        "import json, matplotlib\n"
        "matplotlib.use('agg')\n"
        "snap = lambda: {k: repr(v) for k, v in matplotlib.rcParams.items()}\n"
        "before = snap()\n" + code + "\nprint(json.dumps({'before': before, 'after': snap()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout.splitlines()[-1])


def test_import_and_first_use_leave_rcparams_alone():
    """Importing the package, its plotting helpers and the analysis modules changes no matplotlib setting."""
    seen = _rc_after(
        "import seaborn, kodaira_analysis as ka\n"
        "ka.plot, ka.peers, ka.series, ka.period, ka.style\n"
        "import kodaira_analysis.topics.fiscal, kodaira_analysis.present.display\n"
        "with ka.style():\n    pass\n"
        "fig, ax = ka.plot.new_figure(); ax.plot([1, 2], [3, 4]); ax.set_title('日本語'); fig.savefig('/dev/null', format='png')\n"
    )
    changed = {k for k in seen["before"] if seen["before"][k] != seen["after"][k]}
    assert not changed, changed


def test_the_check_would_see_a_global_change():
    """The rcParams comparison can fail: seaborn's global theme (what the style once called) is caught."""
    seen = _rc_after("import seaborn; seaborn.set_theme(style='whitegrid')")
    assert seen["before"]["axes.facecolor"] != seen["after"]["axes.facecolor"] or (
        seen["before"]["axes.grid"] != seen["after"]["axes.grid"]
    )


def test_the_house_style_is_what_seaborns_theme_set():
    """style() holds exactly what the old global call set, so the reports' figures stay pixel-identical."""
    import seaborn as sns

    with matplotlib.rc_context():
        sns.set_theme(
            style="whitegrid", palette=house.OKABE_ITO, font=house.FONT_FAMILY, rc={"axes.unicode_minus": False}
        )
        themed = dict(matplotlib.rcParams)
    with house.style():
        styled = dict(matplotlib.rcParams)
    assert {k for k in themed if themed[k] != styled[k]} == set()


def _glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def _users_chart(path) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["小平市", "西東京市", "東村山市"], [6.1, 5.8, 6.4], label="人口千人当たり職員数")
    ax.set_title("多摩の市の比較")
    ax.set_ylabel("人（千人当たり）")
    ax.legend()
    ax.annotate("平成27年", (0, 6.1))
    fig.savefig(path, format="png")
    plt.close(fig)


def test_a_users_chart_in_the_house_style_has_every_japanese_glyph(tmp_path):
    matplotlib.use("agg")
    before = dict(matplotlib.rcParams)

    def inside():
        with ka.style():
            _users_chart(tmp_path / "chart.png")

    assert _glyph_warnings(inside) == []
    assert (tmp_path / "chart.png").stat().st_size > 1000
    assert dict(matplotlib.rcParams) == before, "leaving the block restores every setting"


def test_without_the_style_the_same_chart_misses_glyphs(tmp_path):
    """The glyph check can fail: outside the style, matplotlib's default font has no Japanese."""
    matplotlib.use("agg")
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert _glyph_warnings(lambda: _users_chart(tmp_path / "plain.png"))


@pytest.mark.parametrize(("figure_class", "minus"), [("HouseFigure", "-"), ("Figure", "\u2212")])
def test_a_house_figure_draws_in_the_style_outside_the_block(figure_class, minus):
    """A figure from new_figure, shown after the block (as Jupyter shows it at the end of a cell), draws in the
    style: its tick labels, made when it draws, follow the house style (a plain hyphen for minus), where a plain
    matplotlib Figure made in the same block takes the session's settings (the Unicode minus sign)."""
    import io

    from matplotlib.figure import Figure

    cls = {"HouseFigure": ka.plot.HouseFigure, "Figure": Figure}[figure_class]
    with ka.style():
        fig = cls(figsize=(4, 3))
        ax = fig.subplots()
        ax.plot([0, 10], [1, 2000])
    with matplotlib.rc_context({"axes.unicode_minus": True}):
        fig.savefig(io.BytesIO(), format="png")
    labels = [t.label1.get_text() for t in ax.yaxis.get_major_ticks()]
    assert any(label.startswith(minus) for label in labels), labels


def test_the_style_registers_the_font_without_importing_fontja():
    """matplotlib_fontja's import sets font.family for the session; the package only adds its font file."""
    code = (
        "import sys, kodaira_analysis as ka\n"
        "with ka.style(): pass\n"
        "from matplotlib import font_manager\n"
        "print('matplotlib_fontja' in sys.modules, any(f.name == 'IPAexGothic' for f in font_manager.fontManager.ttflist))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["False", "True"]


def _peer_charts(lang: str) -> list:
    """The peer report's two charts (with SSDSE-A present; every_chart has the others)."""
    from tests.conftest import SSDSE_PRESENT

    if not SSDSE_PRESENT:
        return []
    from kodaira_analysis.topics import peer_charts

    table = ka.peers.ssdse_table()
    group = ka.peers.describe_group("tama26", "13211", table)
    trends = ka.peers.peer_trends("tama26", "13211", 2024, table)
    measured = ka.peers.peer_measures("tama26", "13211", 2024, table)
    shown = sorted(set(measured["measure"]))
    return [
        peer_charts.strip_chart(measured, group, lang, selected=shown),
        peer_charts.trend_chart(trends, ka.peers.trend_summary(trends), group, lang, selected=shown),
    ]


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_drawing_every_library_chart_leaves_rcparams_alone(lang):
    from tests.test_plots import every_chart

    snapshot = dict(matplotlib.rcParams)
    for chart in [*every_chart(lang), *_peer_charts(lang)]:
        chart.render()
        assert dict(matplotlib.rcParams) == snapshot, chart.caption


def test_every_function_that_makes_a_figure_draws_in_the_house_style():
    """Each topic function that calls new_figure is decorated with drawn_in_house_style (texts made outside
    the style would take the session's font)."""
    import ast

    undecorated = []
    for path in sorted((paths.PACKAGE_DIR / "topics").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(c, ast.Call) and getattr(c.func, "id", None) == "new_figure" for c in ast.walk(node)
            ):
                if "drawn_in_house_style" not in {ast.unparse(d) for d in node.decorator_list}:
                    undecorated.append(f"{path.name}:{node.name}")
    assert not undecorated


def test_a_missing_data_message_fits_the_installation(tmp_path, monkeypatch):
    from kodaira_analysis import ssdse

    monkeypatch.setenv("KODAIRA_SSDSE_DIR", str(tmp_path))
    monkeypatch.setattr(paths, "IN_CHECKOUT", False)
    with pytest.raises(ssdse.MissingExternalDataError) as caught:
        ssdse.require()
    assert "python -m kodaira_analysis.ssdse.download" in str(caught.value)
    assert "make " not in str(caught.value)
    monkeypatch.setattr(paths, "IN_CHECKOUT", True)
    with pytest.raises(ssdse.MissingExternalDataError, match="make external-data"):
        ssdse.require()


def test_mics_missing_data_messages_fit_the_installation_too(tmp_path, monkeypatch):
    """MIC's files, as SSDSE-A's: a pip user is given the module to run, never `make` (found by a fresh-venv trial)."""
    from kodaira_analysis import mic
    from kodaira_analysis.mic import checksums, download

    monkeypatch.setenv("KODAIRA_MIC_DIR", str(tmp_path))
    monkeypatch.setattr(paths, "IN_CHECKOUT", False)
    with pytest.raises(mic.MissingMicDataError) as caught:
        mic.catalogue.require()
    assert "python -m kodaira_analysis.mic.download --from /path/to/mic-indices" in str(caught.value)
    edition = mic.catalogue.editions().index[0]
    with pytest.raises(ka.RawDataError) as damaged:
        checksums.check_sha256(b"not the file", "H17.xls", edition)
    assert "python -m kodaira_analysis.mic.download" in str(damaged.value)
    for message in (str(caught.value), str(damaged.value)):
        assert "make " not in message, message
    monkeypatch.setattr(paths, "IN_CHECKOUT", True)
    with pytest.raises(mic.MissingMicDataError, match="make external-data MIC_FROM="):
        mic.catalogue.require()
    assert "make external-data MIC_FROM=" in download.HINT, "this checkout has a Makefile"
