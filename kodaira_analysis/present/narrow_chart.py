"""A phone's variant of a chart: drawn again narrower, so that its smallest label is at least 9 px on a 400 px screen.

A chart is drawn for A4 (up to 6.75 in wide, labels from 8 pt). On a 400 px phone the report's column is
366 CSS px wide: the chart shrinks to about half and its 8-pt labels to 6 px. The narrow variant is the figure
drawn again :func:`narrow_width_in` wide (the same height), its labels at the same point sizes: shown
366 px wide, its smallest label is :data:`TARGET_TEXT_PX` high. Where the years of an axis no longer fit side
by side, every second (third...) one is labelled; every point stays on the axis. A legend beside the chart that
no longer fits the width is drawn below it, one entry a line.

A variant is refused (None; the page then lets the wide chart scroll sideways at a readable size, see
``page/narrow.py``) when at the narrow width a text would fall outside the figure or two texts that
stood apart on the wide chart would overlap: a phone never gets a chart that reads worse than the wide one.
"""

from __future__ import annotations

import io
import math
import warnings
from itertools import combinations

from matplotlib.figure import Figure

from kodaira_analysis.present import narrow_labels
from kodaira_analysis.present.narrow_labels import draw as _draw
from kodaira_analysis.present.narrow_labels import drawn_texts as _drawn_texts
from kodaira_analysis.present.narrow_labels import run_together as _run_together
from kodaira_analysis.present.narrow_labels import texts as _texts
from kodaira_analysis.present.narrow_labels import wrap_outside as _wrap_outside

#: The report's column on a 400 px screen (CSS px): 400 less the page's and the output's padding.
PHONE_COLUMN_PX = 366
#: The height of the smallest label of a narrow variant shown PHONE_COLUMN_PX wide (CSS px): 9 and a margin.
TARGET_TEXT_PX = 9.5
#: The narrow PNG's resolution: about twice the CSS px it is shown at (sharp on a phone's screen).
NARROW_DPI = 180
#: A variant is not drawn narrower than this (inches): below it, a chart's axes have no room left.
NARROWEST_IN = 3.2


def smallest_text_pt(fig: Figure) -> float | None:
    """The size of the smallest visible text of a figure (points), None if it has none."""
    from matplotlib.text import Text

    sizes = [float(t.get_fontsize()) for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    return min(sizes) if sizes else None


def narrow_width_in(smallest_pt: float) -> float:
    """The width (inches, to the 0.05 below) at which text of ``smallest_pt`` shows TARGET_TEXT_PX high on a phone.

    >>> narrow_width_in(8.0)
    4.25
    """
    return math.floor(smallest_pt * PHONE_COLUMN_PX / (TARGET_TEXT_PX * 72) * 20) / 20


def _overlapping(boxes: list, gap: float = 0.0) -> set[tuple[int, int]]:
    """The pairs (by position) of boxes that overlap by more than a pixel each way, or stand closer than ``gap`` px."""
    pairs = set()
    for (i, a), (j, b) in combinations(enumerate(boxes), 2):
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 - gap and min(a.y1, b.y1) - max(a.y0, b.y0) > 1 - gap:
            pairs.add((i, j))
    return pairs


def _labels_crowded(boxes: list) -> bool:
    """Whether labels side by side stand closer than half their height: they would read as one (2016201720...)."""
    if not boxes:
        return False
    return bool(_overlapping(boxes, gap=0.5 * max(b.height for b in boxes)))


def _legends_below(fig: Figure, renderer, *, covering: bool = True) -> list:
    """Redraw each legend wider than the figure below it, one entry a line (its own is hidden meanwhile).

    Both a figure's legend (a row of entries under the chart) and an axes' legend beside its chart.
    Returns (the hidden legend, the one drawn below) pairs, for :func:`narrow_png` to put back.
    """
    moved = []
    bounds = fig.bbox
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    drawn = _texts(fig, renderer) if covering else []
    for legend in [legend for legend in legends if legend is not None and legend.get_visible()]:
        box = legend.get_window_extent(renderer)
        own = {id(t) for t in legend.get_texts()} | {id(legend.get_title())}
        # A legend inside a chart that now covers one of its labels (02-ja Figure 1: '932 (2016.4.1)') goes below too.
        covers = (
            covering and legend not in fig.legends and any(_overlapping([box, b]) for t, b in drawn if id(t) not in own)
        )
        if box.x0 >= bounds.x0 - 1 and box.x1 <= bounds.x1 + 1 and not covers:
            continue
        texts = legend.get_texts()
        title = legend.get_title().get_text()
        # In the old legend's fonts (the house style's Japanese font: a legend made with the defaults has no glyph).
        below = fig.legend(  # type: ignore[call-overload]
            legend.legend_handles,
            [t.get_text() for t in texts],
            loc="outside lower center",
            ncols=1,
            title=title or None,
            prop=texts[0].get_fontproperties() if texts else None,
            title_fontproperties=legend.get_title().get_fontproperties(),
            frameon=legend.get_frame_on(),
        )
        legend.set_visible(False)
        moved.append((legend, below))
        _draw(fig, renderer)
    return moved


def _thin_year_ticks(fig: Figure, renderer) -> None:
    """On each axes whose x tick labels are crowded, label only every n-th tick (the first kept), n as small as fits.

    Measured once, at the narrow width: a tick keeps its place when the labels beside it are blanked, so the
    labels kept are those measured. The caller draws the figure again.
    """
    drawn = {id(t) for t in _drawn_texts(fig, renderer)}
    for ax in fig.axes:
        labels, ticks = ax.get_xticklabels(), list(ax.get_xticks())
        if len(ticks) != len(labels):
            continue
        boxes = [t.get_window_extent(renderer) if id(t) in drawn else None for t in labels]
        if len([b for b in boxes if b is not None]) < 3 or not _labels_crowded([b for b in boxes if b is not None]):
            continue
        for every in range(2, len(ticks)):
            if not _labels_crowded([b for i, b in enumerate(boxes) if b is not None and i % every == 0]):
                ax.set_xticks(ticks, [t.get_text() if i % every == 0 else "" for i, t in enumerate(labels)])
                break


#: Why the last variant was refused ('' when it was drawn): for tests and for a researcher asking why.
last_refusal = {"reason": "", "moved": ""}


def _refuse(reason: str) -> None:
    """Record why a variant is refused ('' when it is not); a refusal then returns None."""
    last_refusal["reason"] = reason
    last_refusal["moved"] = ""


def narrow_png(fig: Figure, *, phone: Figure | None = None) -> tuple[bytes, float] | None:
    """The phone's variant of ``fig`` as PNG and its width in inches, or None (see the module's docstring).

    ``phone``: a figure the chart's topic drew for a phone, at most :func:`narrow_width_in` wide, for a chart whose
    narrowed drawing cannot read well (04 Figure 2: long names beside the rows left the timeline 28 px). It is checked
    as a narrowed figure is (labels clear, inside, no two texts overlapping) and shown in place of ``fig`` narrowed.

    ``fig`` is drawn narrower and put back as it was (size, canvas, axes' places, tick locators and formatters). Why a variant was refused is kept in
    :data:`last_refusal`. A legend inside the chart that covers a label at the narrow width is drawn below it; where
    that leaves the chart no room, the variant is drawn again with the legend in its place.
    """
    if phone is not None:
        return _narrow_png(phone, covering=False, as_drawn=True)
    variant = _narrow_png(fig, covering=True)
    if variant is None and last_refusal["moved"]:
        variant = _narrow_png(fig, covering=False)
    return variant


def _narrow_png(fig: Figure, *, covering: bool, as_drawn: bool = False) -> tuple[bytes, float] | None:
    """:func:`narrow_png`, moving below a legend that covers a label (``covering``) or not.

    ``as_drawn``: ``fig`` was drawn for a phone; it keeps its width, and no two of its texts may overlap.
    """
    _refuse("")
    smallest = smallest_text_pt(fig)
    if smallest is None:
        _refuse("no text")
        return None
    width_in, height_in = fig.get_size_inches()
    narrow_in = narrow_width_in(smallest)
    if as_drawn and width_in <= narrow_in + 0.01:
        narrow_in = width_in
    elif as_drawn or narrow_in >= width_in or narrow_in < NARROWEST_IN:
        _refuse(f"narrow width {narrow_in} in, the chart {width_in:.2f} in")
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # Drawn on the figure itself, on a canvas of its own, and put back as it was: its size, its canvas and
    # each axis's tick locator and formatter (where the years are thinned).
    canvas, axes_ticks = (
        fig.canvas,
        [(ax, ax.xaxis.get_major_locator(), ax.xaxis.get_major_formatter()) for ax in fig.axes],
    )
    # and each axes' place: the layout of the narrow drawing leaves them where they suit the phone, and style.render
    # saves the SVG after this with no layout (01-ja Figure 1's SVG had the phone's margins: its chart from 0.19 to
    # 0.67 of the width, the PNG's from 0.12 to 0.79).
    places = [(ax, ax.get_position(original=True), ax.get_in_layout()) for ax in fig.axes]
    try:
        renderer = FigureCanvasAgg(fig).get_renderer()
        _draw(fig, renderer)
        wide = _texts(fig, renderer)
        wide_texts = [t.get_text() for t, _ in wide]
        apart = set(combinations(range(len(wide)), 2))
        apart -= set() if as_drawn else _overlapping([b for _, b in wide])
        spaced = set() if as_drawn else _spaced_labels(wide)
        touching = narrow_labels.collisions(fig, renderer)
        buffer = io.BytesIO()
        # Every warning of the narrow drawing is caught here (it must not reach the page) and read: a missing glyph,
        # or a layout that collapsed (matplotlib: "constrained_layout not applied"), refuses the variant.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.set_size_inches(narrow_in, height_in)
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            _draw(fig, renderer)
            moved = _legends_below(fig, renderer, covering=covering)
            _thin_year_ticks(fig, renderer)
            _draw(fig, renderer)
            labels = narrow_labels.labels_inside(fig, renderer)
            wrapped = _wrap_outside(fig, renderer)
            labels += narrow_labels.clear_labels(fig, renderer, _texts(fig, renderer))
            reason = _narrow_refusal(
                fig, renderer, wide_texts, apart, {id(t): wide for t, wide in wrapped}, frozenset(spaced)
            )
            now_touching = [c for c in narrow_labels.collisions(fig, renderer) if c not in touching]
            if not reason and now_touching:  # a label the wide chart keeps clear of its data, covered on the phone
                reason = f"{now_touching[0][0]!r} touches {now_touching[0][1]}"
            if not reason:
                fig.savefig(buffer, format="png", dpi=NARROW_DPI)
        messages = [str(w.message) for w in caught]
        missing = [m for m in messages if "Glyph" in m and "missing" in m]
        collapsed = [m for m in messages if "layout not applied" in m]
        if reason or missing or collapsed:  # as style.render refuses a chart: never a page with a missing character
            _refuse(
                reason or (f"a glyph is missing: {missing[0]}" if missing else f"the layout collapsed: {collapsed[0]}")
            )
            last_refusal["moved"] = "yes" if covering and moved else ""
            return None
        return buffer.getvalue(), narrow_in
    finally:
        for label, offset in reversed(labels) if "labels" in locals() else []:
            label.xyann = offset
        for text, wide in wrapped if "wrapped" in locals() else []:
            text.set_text(wide)
        for legend, below in moved if "moved" in locals() else []:
            fig.legends.remove(below)
            legend.set_visible(True)
        fig.set_size_inches(width_in, height_in)
        for ax, locator, formatter in axes_ticks:
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(formatter)
        for ax, place, in_layout in places:
            ax.set_position(place)
            ax.set_in_layout(in_layout)  # set_position takes an axes out of the layout
        fig.set_canvas(canvas)


def _narrow_refusal(
    fig: Figure,
    renderer,
    wide_texts: list[str],
    apart: set[tuple[int, int]],
    wide_wording: dict[int, str],
    spaced: frozenset[tuple[int, int]] = frozenset(),
) -> str:
    """Why the narrow drawing of ``fig`` may not be shown ('' if it may): a text outside, or two texts now overlapping.

    ``wide_wording``: the texts broken into more lines (by id), with their wording on the wide chart. ``spaced``: the
    value labels the wide chart keeps LABEL_GAP apart (:func:`_spaced_labels`), which must stay so.
    """
    narrow = _texts(fig, renderer)
    bounds = fig.bbox
    for text, box in narrow:
        if box.x0 < bounds.x0 - 1 or box.y0 < bounds.y0 - 1 or box.x1 > bounds.x1 + 1 or box.y1 > bounds.y1 + 1:
            return f"{text.get_text()!r} falls outside the figure"
    # The same texts in the narrow drawing, in the wide one's order (found in the same order; thinned years absent).
    narrow_by_text: dict[str, list] = {}
    for text, box in narrow:
        narrow_by_text.setdefault(wide_wording.get(id(text), text.get_text()), []).append(box)
    boxes = []
    used: dict[str, int] = {}
    for text in wide_texts:
        found = narrow_by_text.get(text, [])
        k = used.get(text, 0)
        boxes.append(found[k] if k < len(found) else None)
        used[text] = k + 1
    for i, j in apart:
        a, b = boxes[i], boxes[j]
        if a is not None and b is not None and _overlapping([a, b]):
            return f"{wide_texts[i]!r} overlaps {wide_texts[j]!r}"
    for i, j in spaced:
        a, b = boxes[i], boxes[j]
        if a is not None and b is not None and _run_together(a, b):
            return f"{wide_texts[i]!r} runs into {wide_texts[j]!r}"
    return ""


def _spaced_labels(wide: list) -> set[tuple[int, int]]:
    """The pairs (by position) of value labels (offset from a point) that the wide chart keeps from running together."""
    from matplotlib.text import Annotation

    labels = [i for i, (t, _) in enumerate(wide) if isinstance(t, Annotation) and t.anncoords == "offset points"]
    return {(i, j) for i, j in combinations(labels, 2) if not _run_together(wide[i][1], wide[j][1])}
