"""The house style: Japanese glyphs render, English figures carry no Japanese, alt text is required."""

from __future__ import annotations

import re

import pytest

import kodaira_analysis as ka
from kodaira_analysis.present import style as plots
from kodaira_analysis.topics import ageing, fiscal, progress, staffing, targets

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def every_chart(lang: str):
    demographics = ka.load("demographics")
    assessment = ka.assess_targets()
    yield fiscal.effects_chart(ka.load("fiscal_effects"), lang)
    yield targets.targets_chart(
        ka.load("indicators"), ka.load("targets"), assessment, lang, selected=list(assessment["indicator"])
    )
    staff = ka.load("indicators").query("indicator == 'staff_quota'")
    yield staffing.quota_chart(staff, ka.load("targets").set_index("indicator").loc["staff_quota"], lang)
    yield ageing.aged_share_chart(demographics.query("indicator == 'aged_65_plus_share'"), lang, extend_to_year=2020)
    yield ageing.fertility_chart(demographics.query("indicator == 'total_fertility_rate'"), lang)
    yield progress.progress_chart(ka.load("program_progress"), lang, as_percent=True)
    yield progress.history_chart(ka.load("reform_history"), lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_renders_without_missing_glyphs(lang):
    for chart in every_chart(lang):
        assert chart.alt.strip() and chart.caption.strip() and chart.source.strip(), "a chart carries its words"
        out = chart.render()
        fig = chart.figure
        assert out.png.startswith(b"\x89PNG")
        assert len(out.png) < 300_000, "figures stay small enough for a light report"
        texts = plots.figure_texts(fig)
        if lang == "en":
            assert not [t for t in texts if JAPANESE.search(t)], texts
        else:
            assert any(JAPANESE.search(t) for t in texts)


def test_japanese_font_is_the_bundled_one():
    plots.setup_style()
    import matplotlib

    assert matplotlib.rcParams["font.family"][0] == plots.FONT_FAMILY
    from matplotlib import font_manager

    assert "ipaexg" in font_manager.findfont(plots.FONT_FAMILY).lower()


def test_missing_glyph_is_refused():
    fig, ax = plots.new_figure()
    ax.set_title("\U0001f600 \u0d05")  # an emoji and a Malayalam letter: not in IPAexGothic
    with pytest.raises(plots.MissingGlyphError, match="Glyph"):
        plots.render(fig, alt="x", caption="c", source="s")


def test_alt_text_is_required_and_escaped():
    fig, _ = plots.new_figure()
    with pytest.raises(ValueError, match="alt text"):
        plots.render(fig, alt=" ", caption="c", source="s")
    html = plots.render(fig, alt='say "<b>"', caption="<i>c</i>", source="s").to_html()
    assert 'alt="say &quot;&lt;b&gt;&quot;"' in html and "&lt;i&gt;c&lt;/i&gt;" in html
