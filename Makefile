# Every developer command. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# A Python 3.12 or newer: pyenv's (selected by .python-version) or whatever python3.1x is on PATH.
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test setup demo migrate lint format check ci-checks frontend clean bench bench-small

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed and none was found on PATH."; \
		echo "Install it (Debian: apt-get install python3 python3-venv; or pyenv install 3.12.1) and run make again."; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

setup: $(VENV)/.installed ## Create the virtual environment with the pinned dependencies

migrate: setup ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demonstration partnerships (idempotent)
	$(PY) manage.py load_demo

run: demo ## Set up, load demo data and serve on SQLite at http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd frontend && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility checks (axe-core) will be skipped"; fi

test: setup frontend/node_modules/.package-lock.json ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup ## ruff check and format check, and the layers of the apps (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup ## Reformat the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: setup ## Django's checks and the missing-migrations check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

frontend: ## Rebuild static/vendor/govuk-frontend from npm (needs Node; not needed to run the app)
	cd frontend && npm ci --no-audit --no-fund && npm run build

clean: ## Remove the virtual environment, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles

BENCH_DB ?= partnership_bench
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)

bench: setup ## Benchmark on PostgreSQL: data built through the services, every page (about 25 min); writes bench/results.json
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_URL) $(PY) bench/run.py $(BENCH_ARGS)

bench-small: ## The benchmark with a small dataset (CI runs this; under 3 minutes)
	$(MAKE) bench BENCH_ARGS=--small
