"""Each report's figures as files: reports/figures/<report>/figure-NN.png and .svg, for slides and papers.

The figures are taken from the executed notebook: every figure a notebook shows
carries its PNG (inside the HTML it displays) and its SVG. They are written
into a folder beside the report's own, then put in place one whole file at a
time when the build records the report; the runner lists the files it wrote
(``.kodaira-figures``) and never touches another.
"""

from __future__ import annotations

import base64
import os
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
    """Write a report's figures into out_dir/figures/<name>/, replacing the runner's last set; return the files.

    See :func:`stage_figures` and :meth:`StagedFigures.swap`.
    """
    staged = stage_figures(executed, out_dir, name)
    staged.swap()
    return staged.written


@dataclass
class StagedFigures:
    """A report's new figure files, written into a folder beside its own: :meth:`swap` puts them in place."""

    target: Path
    staging: Path
    written: list[Path]

    @classmethod
    def at(cls, out_dir: Path, name: str, staging: Path) -> StagedFigures:
        """The set staged in ``staging`` for report ``name`` (its list names the files)."""
        from kodaira_analysis.files import read_regular_file

        from .owned import FIGURES_LIST, FIGURES_LIST_LIMIT

        names = read_regular_file(staging / FIGURES_LIST, FIGURES_LIST_LIMIT).decode("utf-8").split()
        target = out_dir / FIGURES_DIR / name
        return cls(target, staging, [target / n for n in names])

    def swap(self) -> None:
        """Put each new file in place, then remove the runner's old files that the new set has no more.

        Only the runner's files are touched (those its list names): a reader's files stay where they are,
        whatever happens. The list names, at every moment, every file of the runner's in the folder (first
        the old and the new, at the end the new), so a build stopped half-way loses nothing of a reader's
        and the next build still knows its own. Each file is replaced whole (a rename).

        Raises:
            OSError: the folder is a symbolic link, its list cannot be read, or a file the runner did not
                write has the name of a new figure (nothing is changed then).
        """
        from kodaira_analysis.files import write_atomic

        from .owned import FIGURES_LIST, runner_figures

        for folder in (self.target.parent, self.target):
            if folder.is_symlink():
                raise OSError(f"{folder} is a symbolic link: the figures are written only into a real folder")
        self.target.mkdir(parents=True, exist_ok=True)
        ours = runner_figures(self.target)
        new = [path.name for path in self.written]
        _refuse_clash(self.target, ours, new)
        write_atomic(self.target / FIGURES_LIST, _listing(sorted(ours | set(new))))
        for name in new:
            (self.staging / name).replace(self.target / name)
        for name in sorted(ours - set(new)):
            old = self.target / name
            if old.is_file() and not old.is_symlink():
                old.unlink()
        try:
            write_atomic(self.target / FIGURES_LIST, _listing(new))
        except OSError:  # the list of old and new stays: it names every file of the runner's, a few more
            pass
        self.discard()

    def discard(self) -> None:
        """Remove the staging folder (only the runner's new files are ever in it)."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _listing(names: list[str]) -> str:
    return "".join(f"{name}\n" for name in names)


def _refuse_clash(target: Path, ours: set[str], new: list[str]) -> None:
    clash = sorted(name for name in new if name not in ours and os.path.lexists(target / name))
    if clash:
        raise OSError(
            f"{target / clash[0]} was not written by kodaira-reports but has the name of one of this report's "
            "figures: move or rename it, then build again (it was left as it is)"
        )


def stage_figures(executed: dict[str, Any], out_dir: Path, name: str) -> StagedFigures:
    """Write a report's figures into a folder beside out_dir/figures/<name>/, to be swapped in with its page.

    Only the files the runner wrote there last (its list, :data:`.owned.FIGURES_LIST`) will be replaced:
    anything else in the folder (a reader's notes, a figure of their own even if named figure-99.png) is
    kept. A ``figures`` folder or report folder that is a symbolic link is refused, never followed.

    Raises:
        OSError: a folder is a symbolic link or cannot be written, its list cannot be read, or a file the
            runner did not write has the name of a new figure (nothing is staged then).
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
        (staged.staging / FIGURES_LIST).write_text(_listing([p.name for p in staged.written]), encoding="utf-8")
        if target.is_dir():
            _refuse_clash(target, runner_figures(target), [p.name for p in staged.written])
    except BaseException:
        staged.discard()
        raise
    return staged
