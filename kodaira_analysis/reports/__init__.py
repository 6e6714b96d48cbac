"""kodaira-reports: run the notebooks with papermill and render them into self-contained HTML.

Modules, one job each: ``config`` (reports.yml), ``state`` (hashes, manifest,
atomic writes), ``execute`` (papermill, kernel, failure kinds), ``render``
(nbconvert, provenance), ``index`` (the committee's landing page), ``cli``.
"""
