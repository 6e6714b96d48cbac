"""The house style for figures (the figures themselves are drawn in ``topics/``).

* seaborn's whitegrid theme with the bundled Japanese font (matplotlib-fontja's
  IPAexGothic), as a context (:func:`style`): never set globally, so a user's
  session keeps its own settings; the library's charts are drawn inside it
  (:func:`drawn_in_house_style`) and draw themselves in it (:class:`HouseFigure`);
* the Okabe-Ito palette, safe for colour-blind readers;
* integer fiscal-year ticks, Western years as in the tables (a page names each era once, in its prose);
* units in every axis label; target lines and target-date markers;
* every figure is shown as an HTML ``<figure>`` with alt text, a caption and
  its source, and rendering fails if any glyph is missing from the font.

Figures are plain :class:`matplotlib.figure.Figure` objects (no pyplot state),
so nothing is displayed twice and nothing leaks between reports.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from matplotlib.figure import Figure

from kodaira_analysis.present import SVG_ENV
from kodaira_analysis.present.axes import fiscal_year_tick
from kodaira_analysis.present.i18n import OUR_READING_MARK, pick, text

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
#: The font's file in matplotlib-fontja's folder ``fonts/``.
FONT_FILE = "ipaexg.ttf"
DPI = 110
#: How wide a figure's image prints on A4 (CSS px, 96 an inch), as Chromium lays out a report: A4's text
#: column (210 mm less 15 mm margins, 680 px) less the notebook's padding around an output (10 px of the
#: cell, 20 px of the rendered HTML). An image narrower than this prints at its pixel size.
#: tests/test_browser.py checks every printed figure against printed_size_px.
PRINT_WIDTH_PX = 650
#: The tallest a figure's image prints (CSS px): report.css caps it at 210 mm, so that a heading, the figure
#: and its caption share one A4 page; a taller image prints narrower, keeping its proportions.
PRINT_MAX_HEIGHT_PX = 210 / 25.4 * 96
#: The widest a figure is drawn (inches): a figure this wide prints at its own size (PRINT_WIDTH_PX is
#: 6.77 in), so a label of 8 pt prints at 8 pt. A wider one would print shrunk, its labels with it.
MAX_WIDTH_IN = 6.75
#: The smallest a label prints, figure shrinking included (points).
MIN_FONT_PT = 8.0

P = ParamSpec("P")
R = TypeVar("R")


class MissingGlyphError(RuntimeError):
    """A figure used a character its font cannot draw."""


_font_registered = False


def register_japanese_font() -> str:
    """Add the bundled Japanese font (matplotlib-fontja's IPAexGothic file) to matplotlib; return its family name.

    Only matplotlib's list of known fonts grows: no rcParams change (importing ``matplotlib_fontja`` itself would
    set ``font.family`` for the whole session, so its font file is found without importing it).
    """
    global _font_registered
    if not _font_registered:
        from importlib.util import find_spec

        from matplotlib import font_manager

        spec = find_spec("matplotlib_fontja")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("matplotlib-fontja, which bundles the Japanese font, is not installed")
        font_manager.fontManager.addfont(str(Path(spec.submodule_search_locations[0]) / "fonts" / FONT_FILE))
        _font_registered = True
    return FONT_FAMILY


@functools.cache
def _house_rc() -> dict[str, Any]:
    import seaborn as sns
    from cycler import cycler

    # What seaborn's set_theme(style="whitegrid", palette=OKABE_ITO, font=FONT_FAMILY, rc=...) would set,
    # in its order (context, style, palette, rc), but as a dict: nothing global is touched.
    rc: dict[str, Any] = dict(sns.plotting_context("notebook"))
    rc.update(sns.axes_style("whitegrid", rc={"font.family": FONT_FAMILY}))
    rc["axes.prop_cycle"] = cycler("color", sns.color_palette(OKABE_ITO))
    rc["axes.unicode_minus"] = False
    return rc


class HouseStyle(dict):
    """The house style's matplotlib settings: use it in a ``with`` block, or pass it to ``rcParams.update``.

    Inside ``with style():`` a chart drawn with matplotlib, pandas or seaborn takes the house style (seaborn's
    whitegrid theme, the Okabe-Ito palette, the bundled Japanese font); on leaving, every setting is as it was.
    Like seaborn's ``axes_style``, the settings apply to what is created and drawn inside the block: save or show
    the figure inside it, or make it with :func:`new_figure`, whose figures always draw in the house style.
    """

    def __enter__(self) -> HouseStyle:
        import matplotlib

        register_japanese_font()
        context = matplotlib.rc_context(self)
        context.__enter__()
        self.__dict__.setdefault("_contexts", []).append(context)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.__dict__["_contexts"].pop().__exit__(kind, error, trace)


def style() -> HouseStyle:
    """The house style, registering the Japanese font first.

    Examples:
        >>> import matplotlib
        >>> before = matplotlib.rcParams["font.family"]
        >>> with style():
        ...     matplotlib.rcParams["font.family"]
        ['IPAexGothic']
        >>> matplotlib.rcParams["font.family"] == before
        True
    """
    register_japanese_font()
    return HouseStyle(_house_rc())


class HouseFigure(Figure):
    """A matplotlib figure that always draws in the house style, wherever it is saved or shown.

    Tick labels and layout are made when a figure draws, so a figure made in the house style and shown
    after the ``with`` block would otherwise mix styles. ``plt.figure(FigureClass=HouseFigure)`` makes one
    with pyplot.
    """

    def draw(self, renderer) -> None:
        """Draw inside the house style."""
        with style():
            super().draw(renderer)


def drawn_in_house_style(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function that draws a figure: it runs inside the house style, leaving global settings alone."""

    @functools.wraps(function)
    def in_style(*args: P.args, **kwargs: P.kwargs) -> R:
        with style():
            return function(*args, **kwargs)

    return in_style


def setup_style() -> None:
    """Register the Japanese font; kept for callers of earlier versions. The style itself is :func:`style`.

    Changes no global setting: the library's charts draw in the house style by themselves.
    """
    register_japanese_font()


def tallest_printed_in(width: float) -> float:
    """The tallest a figure ``width`` inches wide prints at its size (to the 0.05 in below).

    Any taller, report.css's cap (PRINT_MAX_HEIGHT_PX) would print it shrunk, its labels with it.
    """
    return math.floor(PRINT_MAX_HEIGHT_PX / min(DPI, PRINT_WIDTH_PX / width) * 20) / 20


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = MAX_WIDTH_IN, height: float = 4.2, **kw):
    """A figure and its axes in the house style (no pyplot state), printed at its own size.

    The figure is a :class:`HouseFigure`: it draws in the house style wherever it is shown or saved. What is
    added to it (lines, labels, notes) takes the house style when added inside ``with style():``.

    Never wider than MAX_WIDTH_IN (a wider one keeps its proportions), nor taller than tallest_printed_in:
    printed shrunk, its labels would shrink too.
    """
    if width > MAX_WIDTH_IN:  # keep the proportions, so that labels print at their size
        width, height = MAX_WIDTH_IN, height * MAX_WIDTH_IN / width
    height = min(height, tallest_printed_in(width))
    with style():
        fig = HouseFigure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    return fig, axes


def format_fiscal_year_axis(ax, fiscal_years, lang: str, *, label: bool = True, every: int = 1) -> None:
    """Integer fiscal-year ticks, Western years in both languages (the page names each era once, in its prose).

    The axis spans every year given; ``every`` labels only every n-th of them (from the first even
    year when 2), never leaving a year's point outside the axis.
    """
    years = sorted({int(y) for y in fiscal_years})
    ticks = [y for y in years if y % every == 0] or years
    ax.set_xticks(ticks, [fiscal_year_tick(y, lang) for y in ticks])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    if label:
        ax.set_xlabel(text("fiscal_year", lang))


def printed_size_px(width_px: float, height_px: float) -> tuple[float, float]:
    """The printed size (CSS px) of a figure image of ``width_px`` by ``height_px`` pixels.

    Shown at its pixel size, at most PRINT_WIDTH_PX wide and PRINT_MAX_HEIGHT_PX tall, keeping its proportions.
    """
    scale = min(1.0, PRINT_WIDTH_PX / width_px, PRINT_MAX_HEIGHT_PX / height_px)
    return width_px * scale, height_px * scale


def printed_font_pt(fig: Figure, size_pt: float) -> float:
    """How large a label of ``size_pt`` prints on A4 (printed_size_px of the figure's PNG at DPI)."""
    width_in, height_in = fig.get_size_inches()
    shown_px, _ = printed_size_px(width_in * DPI, height_in * DPI)
    return size_pt * (shown_px / 96) / width_in


def draw_target_row(ax, target, lang: str, *, scale: float = 1.0, note_below: bool = False) -> None:
    """draw_target for a row of the targets table (or of assess_targets()): value, year, comparator, our reading."""
    draw_target(
        ax,
        target["target_value"],
        int(target["target_fiscal_year"]),
        target["comparator"],
        lang,
        scale=scale,
        our_reading=target["comparator_source"] == "implied",
        note_below=note_below,
    )


#: A ceiling is drawn with a downward triangle, a floor with an upward one.
TARGET_MARKERS = {"<=": "v", ">=": "^"}


def draw_target(
    ax,
    target_value: float,
    target_fiscal_year: int,
    comparator: str,
    lang: str,
    *,
    scale: float = 1.0,
    our_reading: bool = False,
    note_below: bool = False,
    note: str | None = None,
):
    """A dashed target line and a marker at the target's fiscal year (▼ ceiling, ▲ floor; ＊ our reading).

    The note 目標年度 (target year; ``note`` for another, as on an axis of 1 April dates) stands above the marker,
    or below it with ``note_below`` (where a point of the figure stands just above the marker, as a result or
    projection above the target line does). ``target_fiscal_year`` is the marker's place on the x axis.
    """
    y = target_value / scale
    ax.axhline(y, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, zorder=1)
    mark = OUR_READING_MARK[lang] if our_reading else ""
    ax.plot(
        [target_fiscal_year],
        [y],
        marker=TARGET_MARKERS[comparator],
        color=TARGET_COLOUR,
        markerfacecolor="white" if our_reading else TARGET_COLOUR,  # hollow: our reading, told apart in the legend
        markersize=8,
        zorder=4,
        linestyle="none",
        # the ＊ entry says what it means: beside a printed ceiling, '目標（上限）＊' read as the same entry twice
        label=text("target_ceiling" if comparator == "<=" else "target_floor", lang)
        + (mark + pick(lang, "：向きは本プロジェクトの読み", ": our reading of its direction") if mark else ""),
    )
    ax.annotate(
        note if note is not None else pick(lang, "目標年度", "target year"),
        (target_fiscal_year, y),
        textcoords="offset points",
        xytext=(0, -8 if note_below else 8),
        ha="center",
        va="top" if note_below else "baseline",
        fontsize=8,
        color=TARGET_COLOUR,
    )


def integer_axis(ax, which: str = "y") -> None:
    """Ticks at whole numbers only, for counts (people, items, births)."""
    from matplotlib.ticker import MaxNLocator

    (ax.yaxis if which == "y" else ax.xaxis).set_major_locator(MaxNLocator(integer=True))


def label_above(
    ax, x, y, label: str, *, dy: float = 6, fontsize: float = 8, va: str = "baseline", dx: float = 0, ha: str = "center"
) -> None:
    """Write a value label centred above (dy > 0) or below (dy < 0) a data point (``va="top"``: its top at dy).

    ``dx`` (points) and ``ha`` move it aside: ``dx=-4, ha="right"`` puts it above and to the left, clear of a
    line that rises to the right of the point.
    """
    ax.annotate(label, (x, y), textcoords="offset points", xytext=(dx, dy), ha=ha, va=va, fontsize=fontsize)


@dataclass
class FigureOutput:
    """A rendered figure with what a reader needs beside it."""

    png: bytes
    alt: str
    caption: str
    source: str
    svg: str = ""
    #: The phone's variant (present/narrow_chart.py), b"" when the chart has none.
    narrow_png: bytes = b""

    def to_html(self) -> str:
        """An accessible, self-contained ``<figure>`` element (with the phone's variant after the image, if any)."""
        data = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(self.alt, quote=True)
        narrow = ""
        if self.narrow_png:
            narrow = (
                f'<img class="kodaira-narrow" src="data:image/png;base64,'
                f'{base64.b64encode(self.narrow_png).decode("ascii")}" alt="{alt}">'
            )
        return (
            '<figure class="kodaira-figure">'
            f'<img src="data:image/png;base64,{data}" alt="{alt}">{narrow}'
            f"<figcaption>{html.escape(self.caption)}"
            f'<br><span class="kodaira-source">{html.escape(self.source)}</span></figcaption></figure>'
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # the page shows the HTML; the SVG rides along so the runner can save the figure as a file
        bundle = {"text/html": self.to_html(), "text/plain": f"[figure] {self.caption}"}
        if self.svg:
            bundle["image/svg+xml"] = self.svg
        return bundle


def render(fig: Figure, *, alt: str, caption: str, source: str, phone: Figure | None = None) -> FigureOutput:
    """Render a figure to PNG (and SVG, unless $KODAIRA_FIGURE_SVG is 0), refusing missing glyphs; attach its words.

    The phone's variant is ``fig`` drawn narrower, or ``phone``, a drawing of its own (present/narrow_chart.py).
    """
    if not alt.strip():
        raise ValueError("every figure needs alt text")
    register_japanese_font()  # a figure of the user's own, drawn with the house style's font family
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="png", dpi=DPI)
    missing = [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]
    if missing:
        raise MissingGlyphError(f"figure {caption!r}: {missing[0]}")
    from kodaira_analysis.present.narrow_chart import narrow_png

    narrow = narrow_png(fig, phone=phone)
    narrow_bytes = narrow[0] if narrow is not None else b""
    if os.environ.get(SVG_ENV) == "0":
        return FigureOutput(buffer.getvalue(), alt, caption, source, narrow_png=narrow_bytes)
    vector = io.StringIO()
    # The PNG's draw has placed every axes; the SVG keeps those places instead of running the layout
    # engine again (40% of a save), so both files show one layout.
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")
    try:
        with plt_rc_svg():
            fig.savefig(vector, format="svg", metadata={"Date": None})
    finally:
        fig.set_layout_engine(engine)
    return FigureOutput(buffer.getvalue(), alt, caption, source, svg=vector.getvalue(), narrow_png=narrow_bytes)


def plt_rc_svg():
    """Text stays text in the SVG (searchable, and the font named), with no embedded date."""
    import matplotlib

    return matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kodaira"})


def figure_texts(fig: Figure) -> list[str]:
    """Every string drawn on a figure (titles, labels, ticks, legends, notes)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def draw_first_figure() -> None:
    """Load the Japanese font and draw a figure to PNG and SVG: the first figure of a process costs more.

    Writes nothing and changes no setting. Run by the report runner's spare kernels as they warm up.
    """
    import matplotlib

    with style():
        figure = HouseFigure(figsize=(3, 2), layout="constrained")
        axes = figure.subplots()
        axes.plot([2011, 2015], [910, 932], marker="o", label="目標 target")
        axes.set_title("職員定員 2015年度 (平成27)")
        axes.legend()
        figure.savefig(io.BytesIO(), format="png", dpi=DPI)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            figure.savefig(io.StringIO(), format="svg")
