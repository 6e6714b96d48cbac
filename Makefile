# kodaira-analysis: `make help` lists the targets.
# Every target that needs Python creates .venv and installs the project on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
#: The tables the data build writes (tests/test_hardening.py checks this list against kodaira_analysis TABLES).
TABLES := fiscal_effects indicators targets program_progress reform_history demographics plan_structure

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Create .venv and install the project with its pinned dependencies
venv: $(STAMP)

## Build the clean tables in data/processed from data/raw
data: $(STAMP)
	$(BIN)/python -m kodaira_analysis.plan.build

## Fetch the SSDSE-A editions into data/external/ssdse-a (SHA-256 checked); SSDSE_FROM=DIR copies instead
external-data: $(STAMP)
	$(BIN)/python -m kodaira_analysis.ssdse.download $(if $(SSDSE_FROM),--from $(SSDSE_FROM))

## Build the data and every report into reports/ (the main job)
reports: data
	$(BIN)/kodaira-reports build

## Run the whole test suite (unit, data, notebook and report tests)
test: $(STAMP)
	$(BIN)/python -m pytest

## Lint the code with ruff
lint: $(STAMP)
	$(BIN)/ruff check kodaira_analysis tests benchmarks notebooks scripts

## Re-pair notebooks with their jupytext .py files and strip outputs
notebooks-sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

## Measure report generation against the plain papermill + nbconvert loop; writes BENCHMARKS.md
benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py --repeat 5 --out BENCHMARKS.md

## Print the bad-input table of RELIABILITY.md from real runs
reliability-table: $(STAMP)
	$(BIN)/python scripts/reliability_table.py

## Open JupyterLab on the notebooks, with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

## Remove built data and reports: only the files the builds write (data/raw is never touched)
clean:
	rm -f $(foreach t,$(TABLES),data/processed/$(t).parquet data/processed/$(t).csv) data/processed/_build.json
	if [ -x $(BIN)/kodaira-reports ]; then $(BIN)/kodaira-reports clean; fi

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  \033[36m%-16s\033[0m %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: venv data external-data reports test lint notebooks-sync reliability-table benchmark lab clean help
