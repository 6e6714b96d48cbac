"""Where a notebook's render time goes: each code cell's seconds in a warm kernel, per notebook (issue 27 item 4).

The preview renders in a kernel booted ahead that has already imported the libraries and read the tables;
this runs each notebook twice in one kernel (the first run warms it, as the spare kernel is warmed) and
prints the second run's cells, slowest first, from papermill's own timing of each cell
(``metadata.papermill.duration``). Set $KODAIRA_SSDSE_DIR and $KODAIRA_MIC_DIR to absolute paths. Usage:

    python benchmarks/cell_times.py [--lang ja] [--top 4] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import nbformat
import papermill as pm

from kodaira_analysis.reports.warm import KERNEL_NAME, new_manager, stop

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def cell_seconds(notebook: Path, lang: str) -> list[tuple[float, str]]:
    """(seconds, first line) of every code cell of the notebook's second run in one kernel."""
    km = new_manager()
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / notebook.name
            for _ in range(2):
                pm.execute_notebook(
                    str(notebook),
                    str(out),
                    parameters={"lang": lang},
                    kernel_name=KERNEL_NAME,
                    km=km,
                    progress_bar=False,
                    cwd=folder,
                )
            executed = nbformat.read(out, as_version=4)
    finally:
        stop(km)
    cells = []
    for cell in executed.cells:
        if cell.cell_type == "code":
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append((float(cell.metadata.get("papermill", {}).get("duration") or 0.0), first[:90]))
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, default=NOTEBOOKS)
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--top", type=int, default=4)
    args = parser.parse_args()
    results = {}
    for notebook in args.notebooks:
        cells = cell_seconds(notebook, args.lang)
        total = sum(s for s, _ in cells)
        results[notebook.stem] = {"cells_s": round(total, 2), "cells": [[round(s, 2), f] for s, f in cells]}
        print(f"{notebook.stem}: {total:.2f} s in {len(cells)} code cells (load {os.getloadavg()[0]:.1f})")
        for seconds, first in sorted(cells, reverse=True)[: args.top]:
            print(f"  {seconds:6.2f} s  {first}")
    print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
