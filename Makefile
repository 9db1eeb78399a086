# Smart City workbench — every target creates the virtual environment on first use.
# `make report` runs the main job on the shipped data; `make test` runs the test suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PATH := $(CURDIR)/$(BIN):$(PATH)
JOBS   ?= 2
LANG_REPORT ?= id
APP_PORT ?= 8866

.DEFAULT_GOAL := help
.PHONY: help venv lock report processed test test-unit test-notebooks lint lab app bench clean distclean

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Exact versions from requirements.lock, then the project (editable) within those pins; a
# package only another platform needs is resolved there, within the pins too.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name smartcity-workbench \
		--display-name "Python (smartcity-workbench)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)  ## create .venv and install the project (done automatically by the other targets)

lock: $(STAMP)  ## rewrite requirements.lock from .venv (first: .venv/bin/pip install --upgrade -e '.[test]')
	$(BIN)/python scripts/lock_requirements.py

processed: $(STAMP)  ## validate data/raw and write the cross-regency tables to data/processed
	$(BIN)/workbench build

report: $(STAMP)  ## HTML report for every regency in data/raw + index page (reports/latest/)
	$(BIN)/workbench report --jobs $(JOBS) --lang $(LANG_REPORT)

UNIT_TIER := not notebook and not dask and not slow and not browser

test: $(STAMP) lint test-unit  ## everything: lint, unit tier, then kernel/Dask/slow/browser tests, then notebooks (each once)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not ($(UNIT_TIER))" tests
	$(MAKE) --no-print-directory test-notebooks

test-unit: $(STAMP)  ## fast tier (about 5 min on 2 busy cores): no kernels, processes, clusters or large Monte Carlo
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "$(UNIT_TIER)" tests

test-notebooks: $(STAMP)  ## notebooks under nbval, except those tests/ executes (notebooks/conftest.py)
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax notebooks

lint: $(STAMP)  ## ruff over the package, tests, benchmarks and scripts; the import layers (config in pyproject.toml)
	$(BIN)/ruff check analysis tests benchmarks scripts
	$(BIN)/lint-imports --no-cache

lab: $(STAMP)  ## open JupyterLab with the project kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

app: $(STAMP)  ## the explorer as a Voilà web app on http://localhost:8866 (APP_PORT=…; builds data/processed first)
	$(BIN)/workbench build
	@# voila.json (read from the project root) culls kernels of closed pages after 5 idle minutes
	$(BIN)/voila notebooks/explore.ipynb --port=$(APP_PORT) --no-browser --Voila.ip=127.0.0.1

bench: $(STAMP)  ## run every benchmark in benchmarks/ (prints ratios against baselines)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:  ## remove generated reports and processed tables (keeps .venv)
	find reports -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +
	find data/processed -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +

distclean: clean  ## also remove the virtual environment
	rm -rf $(VENV)
