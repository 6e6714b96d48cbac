"""Where a notebook's render time goes: each code cell's seconds in a warm kernel, per notebook (issue 27 item 4).

The preview renders in a spare kernel booted ahead that has run the runner's warm-up (``warm.WARM_CODE``:
the libraries imported, a first figure drawn). This warms a kernel the same way, runs the notebook in it
("spare": what the preview's render pays), then runs it again in the same kernel ("again": the tables this
process read are cached in memory, as they would be if the spare read them too), and prints both per cell,
from papermill's own timing of each cell (``metadata.papermill.duration``), the slowest first. Set
$KODAIRA_SSDSE_DIR and $KODAIRA_MIC_DIR to absolute paths. Usage:

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

from kodaira_analysis.present import SVG_ENV
from kodaira_analysis.reports import warm
from kodaira_analysis.reports.warm import KERNEL_NAME

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _run(notebook: Path, out: Path, km, lang: str) -> list[float]:
    pm.execute_notebook(
        str(notebook), str(out), parameters={"lang": lang}, kernel_name=KERNEL_NAME, km=km,
        progress_bar=False, cwd=str(out.parent),
    )  # fmt: skip
    executed = nbformat.read(out, as_version=4)
    return [
        float(c.metadata.get("papermill", {}).get("duration") or 0.0) for c in executed.cells if c.cell_type == "code"
    ]


def cell_seconds(notebook: Path, lang: str) -> list[tuple[float, float, str]]:
    """(seconds in the warmed spare, seconds again in the same kernel, first line) of every code cell."""
    with tempfile.TemporaryDirectory() as folder:
        warm.install_kernelspec(Path(folder), {SVG_ENV: "0"})  # the preview's kernels draw PNG only
        km = warm.Spare(str(notebook.parent)).take()  # booted and warmed as the preview's spare
        try:
            out = Path(folder) / notebook.name
            spare = _run(notebook, out, km, lang)
            again = _run(notebook, out, km, lang)
        finally:
            warm.stop(km)
    nb = nbformat.read(notebook, as_version=4)
    firsts = [next((x for x in c.source.splitlines() if x.strip() and not x.startswith("#")), "")[:80]
              for c in nb.cells if c.cell_type == "code"]  # fmt: skip
    # papermill injects a parameters cell after the tagged one: its line reads "(injected parameters)"
    firsts = [*firsts[:1], "(injected parameters)", *firsts[1:]] if len(spare) == len(firsts) + 1 else firsts
    return list(zip(spare, again, firsts, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, default=NOTEBOOKS)
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--top", type=int, default=4)
    args = parser.parse_args()
    results = {}
    for notebook in args.notebooks:
        cells = cell_seconds(notebook, args.lang)
        spare, again = sum(c[0] for c in cells), sum(c[1] for c in cells)
        results[notebook.stem] = {"spare_s": round(spare, 2), "again_s": round(again, 2),
                                  "cells": [[round(a, 2), round(b, 2), f] for a, b, f in cells]}  # fmt: skip
        print(f"{notebook.stem}: cells {spare:.2f} s in the spare, {again:.2f} s again (load {os.getloadavg()[0]:.1f})")
        for first_run, second_run, first in sorted(cells, reverse=True)[: args.top]:
            print(f"  {first_run:6.2f} s  {second_run:6.2f} s  {first}")
    print(json.dumps({"cpus": os.cpu_count(), "load": os.getloadavg(), "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
