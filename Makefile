# hiphub developer commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATA := var/test
export HIPHUB_DATA_DIR ?= var

.DEFAULT_GOAL := help

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/activate pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.runtime  ## Create .venv and install hiphub

run: $(VENV)/.runtime  ## Serve the site at http://127.0.0.1:8000/ (migrates and loads data first)
	$(BIN)/hiphub serve

dev: $(VENV)/.runtime  ## Auto-reloading development server with DEBUG on
	$(BIN)/hiphub serve --dev

lint: $(VENV)/.dev  ## ruff (lint) and mypy (types)
	$(BIN)/ruff check src tests scripts $(wildcard bench)
	$(BIN)/mypy

test-sqlite: $(VENV)/.dev  ## The test suite on SQLite (no browser)
	scripts/system-packages.sh libpangoft2-1.0-0
	HIPHUB_DATA_DIR=$(TEST_DATA) $(BIN)/pytest -m "not browser"

test-postgres: $(VENV)/.dev  ## The test suite on a throwaway PostgreSQL cluster
	HIPHUB_DATA_DIR=$(TEST_DATA) scripts/with-postgres.sh $(BIN)/pytest -m "not browser" -p no:cacheprovider

test-api: $(VENV)/.dev  ## Schemathesis: the live API against its OpenAPI schema (SQLite)
	$(BIN)/python scripts/api_contract.py

# axe-core (accessibility rules run inside the test browser) comes from npm, pinned in
# package-lock.json; it is never served to visitors.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-browser: $(VENV)/.dev  ## Browser tests in headless Chromium (with axe-core accessibility checks)
	scripts/system-packages.sh chromium npm
	@$(MAKE) --no-print-directory node_modules/.installed
	HIPHUB_DATA_DIR=$(TEST_DATA) $(BIN)/pytest -m browser

.PHONY: test-wheel
test-wheel: $(VENV)/.dev  ## Build sdist and wheel, install the wheel in a fresh venv, every page answers 200
	$(BIN)/python scripts/check_wheel.py

.PHONY: mutation
# One module, or a few mutants by name: make mutation MUTANTS='hiphub.screening.gate.*'
# (names and globs separated by spaces; see docs/quality.md).
MUTANTS ?=
mutation: $(VENV)/.dev  ## Mutation testing of the pure modules (slow; see docs/quality.md)
	mkdir -p var/mutation
	PYTHONPATH=$(CURDIR)/scripts HIPHUB_DATA_DIR=$(CURDIR)/var/mutation \
	  $(BIN)/mutmut run --max-children 2 $(foreach m,$(MUTANTS),'$(m)')
	$(BIN)/python scripts/mutation_report.py

test: lint  ## Everything: lint, types, SQLite, PostgreSQL, API contract, browser and installed-wheel tests
	scripts/system-packages.sh chromium espeak-ng sox festival festvox-us-slt-hts libsox-fmt-mp3 libpangoft2-1.0-0
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres
	@$(MAKE) --no-print-directory test-api
	@$(MAKE) --no-print-directory test-browser
	@$(MAKE) --no-print-directory test-wheel

screenshots: $(VENV)/.dev  ## Regenerate the README's screenshots (docs/screenshots/, Chromium)
	scripts/system-packages.sh chromium
	$(BIN)/python scripts/screenshots.py

docs: $(VENV)/.runtime  ## Regenerate docs/cli.md from the commands' --help
	$(BIN)/python scripts/cli_reference.py > docs/cli.md

lock: $(BIN)/activate  ## Re-resolve dependencies and rewrite constraints.txt
	rm -rf $(VENV)/lock && $(PYTHON) -m venv $(VENV)/lock
	$(VENV)/lock/bin/pip install --quiet --upgrade -e '.[dev]' setuptools
	{ echo "# Exact versions of every runtime and dev dependency, tested together."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml."; \
	  $(VENV)/lock/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > constraints.txt
	rm -rf $(VENV)/lock

bench: $(VENV)/.dev  ## Load benchmarks (wrk beside nginx); results in bench/results/
	$(BIN)/python bench/run.py

clean:  ## Remove the virtualenv and local data
	rm -rf $(VENV) var

.PHONY: help install run dev lint test test-sqlite test-postgres test-api test-browser docs screenshots lock bench clean
