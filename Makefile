# Luoshi — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.luoshi-installed

.PHONY: setup demo test test-postgres bench lint messages clean

# The reader, zhtext, is its own distribution (zhtext/pyproject.toml) and luoshi depends on it
# rather than shipping it: one owner for the package, its requirements written once, and a
# researcher can `pip install ./zhtext` alone. zhtext is not on the package index, so it is
# installed from ./zhtext in the same pip run as luoshi (the resolver then takes it from there),
# and editable, so a change to zhtext/*.py takes effect without reinstalling, as for luoshi.
# setuptools>=77 in the venv lets the wheel be built offline (--no-build-isolation), as
# tests/zhtext/test_distribution.py does.
$(STAMP): pyproject.toml zhtext/pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Luoshi needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77"
	@# (this machine kind's pip config names package folders that may be absent: drop that noise)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ./zhtext -e ".[dev]" 2>&1 \
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
