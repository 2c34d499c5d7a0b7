# Luoshi — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.luoshi-installed

.PHONY: setup demo test test-postgres bench lint messages clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Luoshi needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# (this machine kind's pip config names package folders that may be absent: drop that noise)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]" 2>&1 \
	  | { grep -v "^WARNING: Location .* is ignored" || true; }
	@touch $(STAMP)

setup: $(STAMP)

## Set up a SQLite database in ./var with demo data, print sign-in details, serve on :8000.
demo: setup
	$(BIN)/luoshi demo

## Set up and run every test (SQLite unless DATABASE_URL says otherwise).
test: setup
	$(BIN)/python -m pytest

## The same suite against the local PostgreSQL and Redis, as CI runs it.
test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/luoshi} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} $(BIN)/python -m pytest

## Print speed figures (never asserted in tests).
bench: setup
	$(BIN)/python bench/run.py

## Style, types, architecture, migrations and translations.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/luoshi makemigrations --check --dry-run
	$(BIN)/python scripts/messages.py --check

## Refresh translations after changing interface text (needs GNU gettext's xgettext).
messages: setup
	$(BIN)/python scripts/messages.py

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache test-artifacts
