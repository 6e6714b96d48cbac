"""kodaira-reports: run the notebooks with papermill and render them into self-contained HTML.

The runner's parts and the arrows between them: docs/ARCHITECTURE.md ("The runner").
"""

import sys

# jsonschema (imported by nbformat, hence by papermill and nbconvert) imports the optional
# rfc3987-syntax when it is installed (jupyter-events asks for it), and that package builds an
# Earley parser for IRIs at import: 2-5 s of CPU in every process that reads a notebook, for a
# format check ("iri") that no notebook schema uses. The runner's processes skip it (jsonschema
# then simply does not check that format); nothing else changes. See BENCHMARKS.md.
# None in sys.modules is the import system's documented blocker; typeshed types the values as modules only.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
