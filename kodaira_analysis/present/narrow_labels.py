"""The texts of a phone's variant of a chart (present/narrow_chart.py): which are drawn, wrapped to fit, labels clear.

:func:`texts` lists the texts a drawing draws, :func:`wrap_outside` breaks those that stick out into more lines.

A label written beside a point (``ax.annotate`` offset in points: ``style.label_above``, ``style.draw_target``) is
as large on the phone as on A4 while the points stand closer: at 4.25 in, 01 Figure 4's markers covered the first
digit of '93.0' and a line crossed '91.8', and a point of 01 Figure 2 sat on 'target year'. Each such label is
moved, at the narrow width only, to the nearest place where it touches no marker, no line and no other text and
stays inside its chart (:func:`clear_labels`); :func:`collisions` says which labels still touch the data.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.transforms import Bbox

#: How far a label may move to get clear (in its own heights): further, it would no longer read as its point's.
FURTHEST = 2.6


def draw(fig: Figure, renderer) -> None:
    """Draw the figure on ``renderer`` for its layout and the places of its texts, painting nothing where it can.

    No pixel of these drawings is read (the variant is saved by ``savefig``, which paints its own), so on the
    canvas's own renderer the figure is drawn with ``Figure.draw_without_rendering``: the layout, ticks and texts
    are placed as a painted drawing places them (every variant of a full build byte for byte the same), in about
    two thirds of the time (the ja charts of tests/test_plots drawn 3 times each: 8.1 s painted, 5.4 s not).
    Skipping a drawing instead changed the variants (163 drawings of 01 cut to 115, 2 of 13 pages changed):
    constrained layout places the axes from where the drawing before put them, and they still move in the last
    digits after many drawings (period 2 or 3), so a drawing that changes nothing is rare (6% of them).
    """
    canvas_renderer = getattr(fig.canvas, "get_renderer", None)  # Agg's canvas keeps one
    if canvas_renderer is not None and canvas_renderer() is renderer:
        fig.draw_without_rendering()
    else:
        fig.draw(renderer)


def drawn_texts(fig: Figure, renderer) -> list:
    """The texts that a drawing of the figure draws (the figure is drawn on ``renderer``, see :func:`draw`).

    Each visible text whose ``draw`` the drawing calls is recorded, so a text matplotlib does not draw is left out
    however it came to be skipped: a tick outside its axis's view, a hidden legend, and the tick objects an axis
    keeps from an earlier drawing that had more ticks (at 6.75 in an axis had 97.5, 100.0 ... 112.5; at the
    phone's width it draws 100, 105, 110 and keeps the others, their old wording and place, undrawn: counted as
    drawn, they made '指数（国＝100）' "overlap" a '110.0' that is not on the chart, and a variant was refused).
    """
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    drawn: set[int] = set()
    elsewhere: list = []

    def recording(text):
        text_draw = text.draw

        def record(on, *args, **kwargs):
            if on is not renderer:  # the boxes the callers measure on ``renderer`` would not be this drawing's
                elsewhere.append(on)
            if text.get_visible():
                drawn.add(id(text))
            return text_draw(on, *args, **kwargs)

        return record

    for text in texts:  # the instance's own draw, for this drawing only
        text.draw = recording(text)  # type: ignore[method-assign]
    try:
        draw(fig, renderer)
    finally:
        for text in texts:
            del text.draw
    if elsewhere:
        raise RuntimeError(f"the figure was drawn on {elsewhere[0]!r}, not on the renderer given ({renderer!r})")
    return [t for t in texts if id(t) in drawn]


def texts(fig: Figure, renderer) -> list:
    """Each text drawn on the figure with its box (pixels), in the figure's order (the figure is drawn)."""
    found = []
    for t in drawn_texts(fig, renderer):
        box = t.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            found.append((t, box))
    return found


def wrap_line(line: str, parts: int) -> str:
    r"""``line`` broken into lines of about ``len(line) / parts`` characters.

    It breaks at spaces, or in Japanese after 、 and ・ and before （; a line with no such place stays whole.

    >>> wrap_line("Fiscal year (April to March)", 2)
    'Fiscal year\n(April to March)'
    >>> wrap_line("ラスパイレス指数（国＝100）", 2)
    'ラスパイレス指数\n（国＝100）'
    """
    import re

    pieces = [p for p in re.split(r"(?<= )|(?<=[、・])|(?=（)", line) if p]
    target = math.ceil(len(line) / parts)
    lines, current = [], ""
    for piece in pieces:
        if current and len(current) + len(piece) > target + 2:
            lines.append(current.rstrip())
            current = ""
        current += piece
    return "\n".join([*lines, current.rstrip()])


def wrap_outside(fig: Figure, renderer) -> list:
    """Break each text that sticks out of the narrow figure sideways (a title, an axis label) into more lines.

    Returns (the text, its wide wording) pairs, for :func:`narrow_png` to put back and for the overlap check
    to know the text by its wide wording.
    """
    wrapped: dict[int, tuple] = {}
    bounds = fig.bbox
    for parts in (2, 3):
        # Sideways, or (an axis label written upwards, taller than a chart the legend below made shorter) up or down.
        outside = [
            t
            for t, box in texts(fig, renderer)
            if box.x0 < bounds.x0 - 1
            or box.x1 > bounds.x1 + 1
            or (t.get_rotation() % 180 and (box.y0 < bounds.y0 - 1 or box.y1 > bounds.y1 + 1))
        ]
        if not outside:
            break
        for text in outside:
            original = wrapped.get(id(text), (text, text.get_text()))[1]
            text.set_text("\n".join(wrap_line(line, parts) for line in original.split("\n")))
            wrapped[id(text)] = (text, original)
        draw(fig, renderer)
    return list(wrapped.values())


def _offset_labels(fig: Figure) -> list:
    """The labels written beside a point, offset in points (those a narrow drawing may move), by axes."""
    from matplotlib.text import Annotation

    return [
        (ax, label)
        for ax in fig.axes
        for label in ax.texts
        if isinstance(label, Annotation) and label.anncoords == "offset points" and label.get_visible()
    ]


def labels_inside(fig: Figure, renderer) -> list:
    """Move each value label that sticks out of its chart's side back inside, by as much as it sticks out.

    A label is as wide on the phone as on A4 while the chart is narrower: 03-ja Figure 5's
    '（65歳以上100人当たり20.1）' ran over the axis's '9000'. Returns (the label, its offset) pairs, to put back.
    """
    moved = []
    points_per_px = 72 / fig.dpi
    for ax, label in _offset_labels(fig):
        frame = ax.get_window_extent(renderer)
        box = label.get_window_extent(renderer)
        shift = max(frame.x0 - box.x0, 0) - max(box.x1 - frame.x1, 0)
        if shift and box.width < frame.width:
            x, y = label.xyann
            moved.append((label, (x, y)))
            label.xyann = (x + (shift + math.copysign(2, shift)) * points_per_px, y)
    if moved:
        draw(fig, renderer)
    return moved


def _obstacles(ax, renderer) -> tuple[list[tuple[Path, float]], list[Bbox]]:
    """The lines (as paths of pixels, split where a value is missing) and the markers and bars (boxes) on ``ax``."""
    lines: list[tuple[Path, float]] = []
    markers: list[Bbox] = []
    px_per_point = ax.figure.dpi / 72
    for line in ax.get_lines():
        if not line.get_visible() or len(line.get_xydata()) == 0:
            continue
        points = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        half_width = line.get_linewidth() * px_per_point / 2
        if line.get_linestyle() not in ("None", "none", "", " "):
            run: list = []
            for point in [*points, (np.nan, np.nan)]:
                if np.isnan(point).any():
                    if len(run) > 1:
                        lines.append((Path(np.array(run)), half_width))
                    run = []
                else:
                    run.append(point)
        if line.get_marker() not in (None, "None", "none", "", " "):
            half = (line.get_markersize() + line.get_markeredgewidth()) / 2 * px_per_point
            markers += [
                Bbox([[x - half, y - half], [x + half, y + half]]) for x, y in points if not np.isnan([x, y]).any()
            ]
    for container in ax.containers:  # bars: a label drawn over a bar the wide chart kept it clear of is covered
        if isinstance(container, BarContainer):
            markers += [
                bar.get_window_extent(renderer)
                for bar in container.patches
                if bar.get_visible() and bar.get_height() and bar.get_width()
            ]
    return lines, markers


def _touches(box: Bbox, lines: list[tuple[Path, float]], markers: list[Bbox], frame: Bbox) -> str:
    """What of the data a text's box touches ('' if nothing): a marker, or a line where it is drawn (in the frame)."""
    inner = box.padded(-0.5)
    for marker in markers:
        if inner.overlaps(marker):
            return "a marker"
    shown = Bbox.intersection(box, frame)
    if shown is None:
        return ""
    for line, half_width in lines:
        if line.intersects_bbox(shown.padded(half_width), filled=False):
            return "a line"
    return ""


def collisions(fig: Figure, renderer) -> list[tuple[str, str]]:
    """Each label written beside a point that touches a marker or a line of its chart, with what it touches.

    The figure is drawn on ``renderer`` first, so the boxes are those of this drawing.
    """
    draw(fig, renderer)
    found = []
    for ax, label in _offset_labels(fig):
        lines, markers = _obstacles(ax, renderer)
        touched = _touches(label.get_window_extent(renderer), lines, markers, ax.get_window_extent(renderer))
        if touched:
            found.append((label.get_text(), touched))
    return found


#: Two value labels side by side that the wide chart keeps at least this share of their height apart must stay so
#: far apart on a phone: closer, they read as one number (01-en Figure 3's '91.291.4', read9a c2).
LABEL_GAP = 0.4


def run_together(a: Bbox, b: Bbox) -> bool:
    """Whether two labels on one line (their heights overlapping by half) stand closer than LABEL_GAP of a height."""
    line = min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.height, b.height)
    return line and max(a.x0, b.x0) - min(a.x1, b.x1) < LABEL_GAP * min(a.height, b.height)


def _candidates(width: float, height: float) -> list[tuple[float, float]]:
    """Moves (px) to try, nearest first; up and down count for less than sideways (a label reads as its point's)."""
    steps = [k * height / 4 for k in range(-int(4 * FURTHEST), int(4 * FURTHEST) + 1)]
    sideways = [k * width / 8 for k in range(-6, 7)]
    moves = [(dx, dy) for dx in sideways for dy in steps if (dx, dy) != (0, 0)]
    return sorted(moves, key=lambda m: math.hypot(1.5 * m[0], m[1]))


def clear_labels(fig: Figure, renderer, texts: list) -> list:
    """Move each label that touches a marker or a line, or runs into another label, to the nearest place clear of them.

    ``texts``: the (text, box) pairs of the drawing (:func:`texts`). A label stays inside its chart's frame;
    one with no clear place within :data:`FURTHEST` of its heights stays where it is. Returns (the label, its offset)
    pairs, to put back.
    """
    moved = []
    points_per_px = 72 / fig.dpi
    boxes = {id(t): box for t, box in texts}
    for ax, label in _offset_labels(fig):
        box = boxes.get(id(label))
        if box is None:
            continue
        frame = ax.get_window_extent(renderer)
        lines, markers = _obstacles(ax, renderer)
        outside = box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1
        others = [b for key, b in boxes.items() if key != id(label)]
        crowded = any(run_together(box, b) for b in others)
        if not outside and not crowded and not _touches(box, lines, markers, frame):
            continue
        for dx, dy in _candidates(box.width, box.height):
            there = box.translated(dx, dy)
            inside = there.x0 >= frame.x0 + 1 and there.x1 <= frame.x1 - 1 and there.y0 >= frame.y0 + 1
            if not inside or there.y1 > frame.y1 - 1 or _touches(there, lines, markers, frame):
                continue
            if any(there.padded(1).overlaps(b) or run_together(there, b) for b in others):
                continue
            x, y = label.xyann
            moved.append((label, (x, y)))
            label.xyann = (x + dx * points_per_px, y + dy * points_per_px)
            boxes[id(label)] = there
            break
    if moved:
        draw(fig, renderer)
    return moved
