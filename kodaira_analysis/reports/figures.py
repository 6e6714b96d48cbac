"""Each report's figures as files: reports/figures/<report>/figure-NN.png and .svg, for slides and papers.

The figures are taken from the executed notebook: every figure a notebook shows
carries its PNG (inside the HTML it displays) and its SVG. The folder is written
beside, then swapped in, so a reader never sees half of a report's figures.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIGURES_DIR = "figures"
_PNG = re.compile(r'<figure class="kodaira-figure"><img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _figure_outputs(cells) -> Iterator[tuple[dict[str, Any], str, re.Match[str]]]:
    """Each output that shows a figure, in order: its data, its HTML and where the figure's PNG is in it."""
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            match = _PNG.search(html)
            if match:
                yield data, html, match


def figures_of(executed: dict[str, Any]) -> list[tuple[bytes, str]]:
    """Every figure of an executed notebook (a dict in nbformat 4), in order: (PNG bytes, SVG text)."""
    found = []
    for data, _, match in _figure_outputs(executed.get("cells", [])):
        svg = data.get("image/svg+xml", "")
        found.append((base64.b64decode(match.group(1)), "".join(svg) if isinstance(svg, list) else svg))
    return found


def link_full_size(nb: Any, name: str) -> None:
    """Make each figure of an executed notebook (a NotebookNode, changed in place) a link to its PNG file.

    On a phone a wide figure is shrunk to the screen; the link opens the figure alone, at full size, from
    the file :func:`write_figures` writes for it (the same order, so the same number).
    """
    opening = '<figure class="kodaira-figure">'
    for number, (data, html, match) in enumerate(list(_figure_outputs(nb.cells)), start=1):
        img_end = html.index(">", match.end()) + 1
        href = f"{FIGURES_DIR}/{name}/figure-{number:02d}.png"
        data["text/html"] = (
            html[: match.start() + len(opening)]
            + f'<a class="kodaira-figure-full" href="{href}">'
            + html[match.start() + len(opening) : img_end]
            + "</a>"
            + html[img_end:]
        )


def write_figures(executed: dict[str, Any], out_dir: Path, name: str) -> list[Path]:
    """Write a report's figures into out_dir/figures/<name>/, replacing the last set whole; return the files.

    See :func:`stage_figures` (what is replaced, what is kept, what is refused).
    """
    staged = stage_figures(executed, out_dir, name)
    staged.swap()
    return staged.written


@dataclass
class StagedFigures:
    """A report's new figures, written beside its folder: :meth:`swap` puts them in place, :meth:`discard` not."""

    target: Path
    staging: Path
    written: list[Path]

    def swap(self) -> None:
        """Replace the runner's last set with this one; every other file of the folder moves over with it."""
        from .owned import FIGURES_LIST, runner_figures

        if self.target.is_dir():
            ours = runner_figures(self.target) | {FIGURES_LIST}
            for item in self.target.iterdir():
                if item.name not in ours:
                    item.rename(self.staging / item.name)
        old = self.target.with_name(f".{self.target.name}.old-figures")
        shutil.rmtree(old, ignore_errors=True)
        if self.target.exists():
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the new set; the folder stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_figures(executed: dict[str, Any], out_dir: Path, name: str) -> StagedFigures:
    """Write a report's figures beside out_dir/figures/<name>/, to be swapped in once its page is written.

    Only the files the runner wrote there last (its list, :data:`.owned.FIGURES_LIST`) are replaced: anything
    else in the folder (a reader's notes, a figure of their own even if named figure-99.png) is kept. A
    ``figures`` folder or report folder that is a symbolic link is refused, never followed.

    Raises:
        OSError: a folder is a symbolic link or cannot be written, or a file the runner did not write has the
            name of a new figure (it is neither overwritten nor moved; nothing is staged).
    """
    from .owned import FIGURES_LIST, runner_figures

    for folder in (out_dir / FIGURES_DIR, out_dir / FIGURES_DIR / name):
        if folder.is_symlink():
            raise OSError(f"{folder} is a symbolic link: the figures are written only into a real folder")
    target = out_dir / FIGURES_DIR / name
    staged = StagedFigures(target, target.with_name(f".{name}.tmp-figures"), [])
    staged.discard()  # a killed build's
    staged.staging.mkdir(parents=True)
    try:
        for number, (png, svg) in enumerate(figures_of(executed), start=1):
            stem = f"figure-{number:02d}"
            (staged.staging / f"{stem}.png").write_bytes(png)
            staged.written.append(target / f"{stem}.png")
            if svg:
                (staged.staging / f"{stem}.svg").write_text(svg, encoding="utf-8")
                staged.written.append(target / f"{stem}.svg")
        listing = "".join(f"{path.name}\n" for path in staged.written)
        (staged.staging / FIGURES_LIST).write_text(listing, encoding="utf-8")
        if target.is_dir():
            ours = runner_figures(target) | {FIGURES_LIST}
            clash = sorted(
                p.name for p in target.iterdir() if p.name not in ours and (staged.staging / p.name).exists()
            )
            if clash:
                raise OSError(
                    f"{target / clash[0]} was not written by kodaira-reports but has the name of one of this "
                    "report's figures: move or rename it, then build again (it was left as it is)"
                )
    except BaseException:
        staged.discard()
        raise
    return staged
