"""The house style for figures (the figures themselves are in charts.py).

* seaborn's whitegrid theme with the bundled Japanese font (matplotlib-fontja's
  IPAexGothic), set *after* the theme, since ``set_theme`` resets the font;
* the Okabe-Ito palette, safe for colour-blind readers;
* integer fiscal-year ticks, with the era year under each in Japanese;
* units in every axis label; target lines and target-date markers;
* every figure is shown as an HTML ``<figure>`` with alt text, a caption and
  its source, and rendering fails if any glyph is missing from the font.

Figures are plain :class:`matplotlib.figure.Figure` objects (no pyplot state),
so nothing is displayed twice and nothing leaks between reports.
"""

from __future__ import annotations

import base64
import html
import io
import warnings
from dataclasses import dataclass

from matplotlib.figure import Figure

from kodaira_analysis.present.i18n import fiscal_year_tick, pick, text

#: Okabe & Ito (2008), a palette that colour-blind readers can tell apart.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLOURS = {
    "met": "#009E73",
    "on_track": "#56B4E9",
    "off_track": "#E69F00",
    "not_met": "#D55E00",
    "ahead": "#009E73",
    "on_schedule": "#0072B2",
    "behind": "#D55E00",
}
TARGET_COLOUR = "#D55E00"
FONT_FAMILY = "IPAexGothic"
DPI = 110

_ready = False


class MissingGlyphError(RuntimeError):
    """A figure used a character its font cannot draw."""


def setup_style() -> None:
    """Apply the house style once: seaborn theme, palette, Japanese font."""
    global _ready
    if _ready:
        return
    import matplotlib_fontja  # noqa: F401  (registers IPAexGothic with matplotlib)
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=OKABE_ITO, font=FONT_FAMILY, rc={"axes.unicode_minus": False})
    _ready = True


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 8.0, height: float = 4.2, **kw):
    """A figure and its axes in the house style (no pyplot state)."""
    setup_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    return fig, axes


def format_fiscal_year_axis(ax, fiscal_years, lang: str, *, label: bool = True, compact: bool = False) -> None:
    """Integer fiscal-year ticks; the era year beneath each in Japanese (H26 when compact)."""
    years = sorted({int(y) for y in fiscal_years})
    ax.set_xticks(years, [fiscal_year_tick(y, lang, compact=compact) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    if label:
        ax.set_xlabel(text("fiscal_year", lang))


def draw_target(ax, target_value: float, target_fiscal_year: int, comparator: str, lang: str, *, scale: float = 1.0):
    """A dashed target line and a marker at the target's fiscal year."""
    y = target_value / scale
    ax.axhline(y, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, zorder=1)
    ax.plot(
        [target_fiscal_year],
        [y],
        marker="D",
        color=TARGET_COLOUR,
        markersize=7,
        zorder=4,
        label=text("target_ceiling" if comparator == "<=" else "target_floor", lang),
    )
    ax.annotate(
        pick(lang, "目標年度", "target year"),
        (target_fiscal_year, y),
        textcoords="offset points",
        xytext=(0, 8),
        ha="center",
        fontsize=8,
        color=TARGET_COLOUR,
    )


def label_above(ax, x, y, label: str, *, dy: float = 6, fontsize: float = 8) -> None:
    """Write a value label centred above (dy > 0) or below (dy < 0) a data point."""
    ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, dy), ha="center", fontsize=fontsize)


@dataclass
class FigureOutput:
    """A rendered figure with what a reader needs beside it."""

    png: bytes
    alt: str
    caption: str
    source: str

    def to_html(self) -> str:
        """An accessible, self-contained ``<figure>`` element."""
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="kodaira-figure">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}">'
            f"<figcaption>{html.escape(self.caption)}"
            f'<br><span class="kodaira-source">{html.escape(self.source)}</span></figcaption></figure>'
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": f"[figure] {self.caption}"}


def render(fig: Figure, *, alt: str, caption: str, source: str) -> FigureOutput:
    """Render a figure to PNG, refusing missing glyphs, and attach alt text and source."""
    if not alt.strip():
        raise ValueError("every figure needs alt text")
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="png", dpi=DPI)
    missing = [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]
    if missing:
        raise MissingGlyphError(f"figure {caption!r}: {missing[0]}")
    return FigureOutput(buffer.getvalue(), alt, caption, source)


def figure_texts(fig: Figure) -> list[str]:
    """Every string drawn on a figure (titles, labels, ticks, legends, notes)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]
