"""Your own charts in the house style: the public plotting helpers (``kodaira_analysis.plot``).

Nothing here changes matplotlib's or seaborn's settings for the rest of your session. Draw inside
``with style():`` and save or show the figure inside the block, or make the figure with
:func:`new_figure`, whose figures draw in the house style wherever they are shown::

    import kodaira_analysis as ka

    with ka.plot.style():
        fig, ax = ka.plot.new_figure(width=5, height=3)
        ax.plot([2015, 2016, 2017], [919, 913, 907], marker="o", label="職員定員")
        ka.plot.format_fiscal_year_axis(ax, [2015, 2016, 2017], "ja")
        ax.set_ylabel("人")
        ax.legend()
        fig.savefig("staff.png")

The Japanese font (IPAexGothic, bundled by matplotlib-fontja) is registered with matplotlib by
:func:`style`, :func:`new_figure` and :func:`register_japanese_font`; :func:`render` refuses a figure
that has a character its font cannot draw (:class:`MissingGlyphError`).
"""

from __future__ import annotations

from kodaira_analysis.present.style import (
    DPI,
    FONT_FAMILY,
    OKABE_ITO,
    STATUS_COLOURS,
    TARGET_COLOUR,
    FigureOutput,
    HouseFigure,
    HouseStyle,
    MissingGlyphError,
    draw_target,
    format_fiscal_year_axis,
    integer_axis,
    label_above,
    new_figure,
    register_japanese_font,
    render,
    style,
)

__all__ = [
    "DPI",
    "FONT_FAMILY",
    "OKABE_ITO",
    "STATUS_COLOURS",
    "TARGET_COLOUR",
    "FigureOutput",
    "HouseFigure",
    "HouseStyle",
    "MissingGlyphError",
    "draw_target",
    "format_fiscal_year_axis",
    "integer_axis",
    "label_above",
    "new_figure",
    "register_japanese_font",
    "render",
    "style",
]
