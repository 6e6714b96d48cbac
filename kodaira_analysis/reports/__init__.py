"""kodaira-reports: run the notebooks with papermill and render them into self-contained HTML.

Modules, one job each: ``config`` (reports.yml), ``state`` (hashes, manifest,
atomic writes), ``status`` (what is stale, and why; the order jobs start in),
``kernels`` (warm kernels), ``zygote`` (the process a parallel build's kernels
are forked from), ``pool`` and ``single`` (running the jobs), ``execute``
(papermill, kernel, failure kinds), ``render`` (nbconvert, provenance),
``record`` (manifest entries, error pages, PDFs, the summary), ``index`` (the
committee's landing page), ``logs`` (the log on stderr), ``cli``.
"""

import sys

# jsonschema (imported by nbformat, hence by papermill and nbconvert) imports the optional
# rfc3987-syntax when it is installed (jupyter-events asks for it), and that package builds an
# Earley parser for IRIs at import: 2-5 s of CPU in every process that reads a notebook, for a
# format check ("iri") that no notebook schema uses. The runner's processes skip it (jsonschema
# then simply does not check that format); nothing else changes. See BENCHMARKS.md.
# None in sys.modules is the import system's documented blocker; typeshed types the values as modules only.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
