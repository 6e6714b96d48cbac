"""Each report's figures as files, reports/figures/<report>/figure-NN.png and .svg, for slides and papers.

Staged beside their folder, put in place when the build records the report. Only the files the runner's list
names (:data:`.owned.FIGURES_LIST`) are replaced or removed: a reader's stay; a folder that is a link is refused.
"""

from __future__ import annotations

import base64
import os
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kodaira_analysis.files import write_atomic
from kodaira_analysis.page.links import figure_outputs

from .owned import FIGURES_LIST, runner_figures

FIGURES_DIR = "figures"


def figures_of(executed: dict[str, Any]) -> list[tuple[bytes, str]]:
    """Every figure of an executed notebook (a dict in nbformat 4), in order: (PNG bytes, SVG text)."""
    return [
        (base64.b64decode(match["png"]), "".join(data.get("image/svg+xml", "")))
        for data, match in figure_outputs(executed)
    ]


@dataclass
class StagedFigures:
    """A report's new figure files, written into a folder beside its own: :meth:`swap` puts them in place."""

    target: Path
    staging: Path
    written: list[Path] = field(default_factory=list)

    @classmethod
    def at(cls, out_dir: Path, name: str, staging: Path) -> StagedFigures:
        """The set staged in ``staging`` for report ``name`` (its list, which must be there, names the files)."""
        if not (staging / FIGURES_LIST).is_file():
            raise OSError(f"{staging} holds no list of the figures staged there")
        target = out_dir / FIGURES_DIR / name
        return cls(target, staging, [target / n for n in sorted(runner_figures(staging))])

    def swap(self) -> None:
        """Put each new file in place (a rename), then remove the runner's old files the new set has no more.

        The list names every file of the runner's at every moment (old and new, then new): a build stopped
        half-way loses nothing of a reader's, and the next build still knows its own.

        Raises:
            OSError: a folder is a symbolic link, the list cannot be read, or a file the runner did not write
                has the name of a new figure (nothing is changed then).
        """
        _refuse_links(self.target)
        self.target.mkdir(parents=True, exist_ok=True)
        ours, new = runner_figures(self.target), [path.name for path in self.written]
        _refuse_clash(self.target, ours, new)
        write_atomic(self.target / FIGURES_LIST, _listing(ours | set(new)))
        for name in new:
            (self.staging / name).replace(self.target / name)
        for old in sorted(self.target / name for name in ours - set(new)):
            if old.is_file() and not old.is_symlink():
                old.unlink()
        with suppress(OSError):  # the list of old and new stays: it names every file of the runner's, a few more
            write_atomic(self.target / FIGURES_LIST, _listing(new))
        self.discard()

    def discard(self) -> None:
        """Remove the staging folder (only the runner's new files are ever in it)."""
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_figures(executed: dict[str, Any], out_dir: Path, name: str) -> StagedFigures:
    """Write a report's figures into a folder beside out_dir/figures/<name>/, to be swapped in with its page.

    Raises:
        OSError: as :meth:`StagedFigures.swap` (nothing is staged then).
    """
    target = out_dir / FIGURES_DIR / name
    _refuse_links(target)
    staged = StagedFigures(target, target.with_name(f".{name}.tmp-figures"))
    staged.discard()  # a killed build's
    staged.staging.mkdir(parents=True)
    try:
        for number, (png, svg) in enumerate(figures_of(executed), start=1):
            for file, content in ((f"figure-{number:02d}.png", png), (f"figure-{number:02d}.svg", svg.encode())):
                if content:
                    (staged.staging / file).write_bytes(content)
                    staged.written.append(target / file)
        (staged.staging / FIGURES_LIST).write_text(_listing([p.name for p in staged.written]), encoding="utf-8")
        if target.is_dir():
            _refuse_clash(target, runner_figures(target), [p.name for p in staged.written])
    except BaseException:
        staged.discard()
        raise
    return staged


def write_figures(executed: dict[str, Any], out_dir: Path, name: str) -> list[Path]:
    """Stage a report's figures and put them in place at once; return the files."""
    staged = stage_figures(executed, out_dir, name)
    staged.swap()
    return staged.written


def _listing(names: set[str] | list[str]) -> str:
    return "".join(f"{name}\n" for name in sorted(names))


def _refuse_links(target: Path) -> None:
    for folder in (target.parent, target):
        if folder.is_symlink():
            raise OSError(f"{folder} is a symbolic link: the figures are written only into a real folder")


def _refuse_clash(target: Path, ours: set[str], new: list[str]) -> None:
    clash = sorted(name for name in new if name not in ours and os.path.lexists(target / name))
    if clash:
        raise OSError(
            f"{target / clash[0]} was not written by kodaira-reports but has the name of one of this report's "
            "figures: move or rename it, then build again (it was left as it is)"
        )
