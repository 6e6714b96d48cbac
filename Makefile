# kodaira-analysis: `make help` lists the targets.
# Every target that needs Python creates .venv and installs the project on first use,
# with the exact versions of uv.lock, and only what the job needs: the data and the reports
# install the library with its reports and pdf extras; the tests, linters and `make venv` add
# every other extra (dev, lab, docs). Only Python 3.11+ and make are needed: the first
# run puts uv (pinned below, the version uv.lock also pins) into .venv with pip, then
# uv installs the lock into the same .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORTS_STAMP := $(VENV)/.installed-reports
DOCS_STAMP := $(VENV)/.installed-docs
UV_VERSION := 0.13.9
# uv works on .venv with the Python that made it; it never downloads a Python of its own.
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv
#: The tables the data build writes (tests/test_hardening.py checks this list against kodaira_analysis TABLES).
TABLES := fiscal_effects indicators targets program_progress reform_history plan_history demographics plan_structure glossary progress_reports

.DEFAULT_GOAL := help

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r scripts/uv-bootstrap.txt

# --locked: install exactly uv.lock, and stop if it no longer matches pyproject.toml (run `make lock`).
# --compile-bytecode: the libraries' .pyc files are written once, here (pip does so by default, uv does not).
# Without them, where PYTHONDONTWRITEBYTECODE is set (many containers and CI images), every process compiles
# pandas, matplotlib and the rest again: 6.0 s instead of 1.7 s to import a kernel's libraries. A change of this
# Makefile installs again, so that a .venv made by an older one gets them.
# The notebooks' kernel 'kodaira-analysis' (this .venv's Python) is registered in .venv/share/jupyter
# (--sys-prefix: nothing outside the project changes), so plain `papermill notebooks/X.ipynb out.ipynb` finds it.
$(STAMP): pyproject.toml uv.lock Makefile | $(BIN)/uv
	$(UV) sync --locked --all-extras --compile-bytecode
	$(BIN)/python -m ipykernel install --sys-prefix --name kodaira-analysis --display-name "Python (kodaira-analysis)"
	touch $(STAMP) $(REPORTS_STAMP) $(DOCS_STAMP)

# The reports' install: the library and its reports and pdf extras, no development tool. --inexact leaves
# what a fuller install put there (after `make test`, `make reports` removes nothing).
$(REPORTS_STAMP): pyproject.toml uv.lock Makefile | $(BIN)/uv
	$(UV) sync --locked --inexact --extra reports --extra pdf --compile-bytecode
	$(BIN)/python -m ipykernel install --sys-prefix --name kodaira-analysis --display-name "Python (kodaira-analysis)"
	touch $(REPORTS_STAMP)

# The documentation's install: the library, the report runner's kernel and the MkDocs tools (no test tool).
$(DOCS_STAMP): pyproject.toml uv.lock Makefile | $(BIN)/uv
	$(UV) sync --locked --inexact --extra docs --compile-bytecode
	touch $(DOCS_STAMP)

## Build the documentation site into site/, offline, warnings as errors (the tutorials run as notebooks)
docs: $(DOCS_STAMP)
	DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict

## Fetch every external address of the docs (docs/links.txt) and list those that fail: needs the network, not run in CI (CI checks the docs' addresses against the list offline)
linkcheck: $(STAMP)
	$(BIN)/python scripts/doc_links.py offline
	$(BIN)/python scripts/doc_links.py online

## Create .venv and install the project with the locked versions of uv.lock (all extras: reports, pdf, lab, dev, docs)
venv: $(STAMP)

## Update uv.lock after a change of dependencies in pyproject.toml (needs PyPI)
lock: | $(BIN)/uv
	$(UV) lock

## Build the clean tables in data/processed from data/raw, check that the plan, MIC and SSDSE-A agree where they overlap, write MIC's tables to data/processed-mic
data: $(REPORTS_STAMP)
	$(BIN)/python -m kodaira_analysis.plan.build
	$(BIN)/python -m kodaira_analysis.analysis.agreement
	$(BIN)/python -m kodaira_analysis.analysis.mic_package

## Write the data archive for other tools (CSV with plain headers, Parquet, datapackage.json) into dist/
dist-data: data
	$(BIN)/python -m kodaira_analysis.dist --out dist

## Fetch SSDSE-A into data/external/ssdse-a (SHA-256 checked; SSDSE_FROM=DIR copies instead); MIC has no pinned address: MIC_FROM=DIR (files downloaded by hand) is required for data/external/mic-indices
# Both sources are fetched even when the first fails; the target fails when either did.
external-data: $(REPORTS_STAMP)
	status=0; \
	$(BIN)/python -m kodaira_analysis.ssdse.download $(if $(SSDSE_FROM),--from $(SSDSE_FROM)) || status=1; \
	$(BIN)/python -m kodaira_analysis.mic.download $(if $(MIC_FROM),--from $(MIC_FROM)) || status=1; \
	exit $$status

## Build the data and every report into reports/ (the main job; installs only the reports' dependencies)
reports: data
	$(BIN)/kodaira-reports build

# xdist: one worker per CPU; --dist loadgroup keeps the browser checks in one worker (one browser).
# The session's report build is shared by the workers (tests/conftest.py).
PYTEST_PARALLEL := -n auto --dist loadgroup

## Run the whole test suite (unit, data, notebook, report and browser tests), in parallel
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

## The edit loop's tests: unit and data tests; no notebook, report, browser or every-chart rendering (under a minute)
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not notebooks and not browser and not slow and not figures"

## Lint the code with ruff
lint: $(STAMP)
	$(BIN)/ruff check kodaira_analysis tests benchmarks notebooks scripts

## Format the code with ruff (the notebooks' .py files are left as jupytext writes them)
format: $(STAMP)
	$(BIN)/ruff format kodaira_analysis tests benchmarks scripts

## Type-check the package with mypy (configured in pyproject.toml)
typecheck: $(STAMP)
	$(BIN)/mypy

## Install the git pre-commit hooks (ruff, ruff-format, nbstripout, jupytext pairing)
hooks: $(STAMP)
	$(BIN)/pre-commit install

## Run every pre-commit hook on every file
pre-commit: $(STAMP)
	$(BIN)/pre-commit run --all-files

## Re-pair notebooks with their jupytext .py files and strip outputs
notebooks-sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

## The three-way comparison (CLI loop, plain in-process pool, runner), alternated; prints it and writes benchmarks/latest.md
benchmark: $(STAMP)
	$(BIN)/python benchmarks/three_way.py --rounds 3 --one-rounds 5 --out benchmarks/latest.md

## Print the bad-input table of RELIABILITY.md from real runs
reliability-table: $(STAMP)
	$(BIN)/python scripts/reliability_table.py

KERNEL := $(VENV)/share/jupyter/kernels/kodaira-analysis/kernel.json

# The install step ($(STAMP)) registers the kernel; `make kernel` registers it again if it was removed.
$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name kodaira-analysis --display-name "Python (kodaira-analysis)"

## Register the notebooks' Jupyter kernel 'kodaira-analysis' again (every install does it)
kernel: $(KERNEL)

## Open JupyterLab on the notebooks, with the project's kernel
lab: $(KERNEL)
	$(BIN)/jupyter lab notebooks

## Remove built data and reports: only the files the builds write (data/raw is never touched)
clean:
	rm -f $(foreach t,$(TABLES),data/processed/$(t).parquet data/processed/$(t).csv) \
		data/processed/_build.json data/processed/datapackage.json data/processed/data_dictionary.csv
	rm -f $(foreach t,mic_indicators mic_averages mic_unmatched,data/processed-mic/$(t).parquet data/processed-mic/$(t).csv) \
		data/processed-mic/datapackage.json data/processed-mic/data_dictionary.csv
	if [ -x $(BIN)/kodaira-reports ]; then $(BIN)/kodaira-reports clean; fi

## Show this help
help:
	@if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ]; then on='\033[36m'; off='\033[0m'; else on=; off=; fi; \
	awk -v on="$$on" -v off="$$off" '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  %s%-16s%s %s\n", on, t[1], off, doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: docs linkcheck dist-data test-fast venv kernel lock format typecheck hooks pre-commit data external-data reports test lint notebooks-sync reliability-table benchmark lab clean help
