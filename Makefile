# headcount — the two commands are `make demo` and `make test`; both install first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo test lint docs bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras --compile-bytecode --python "$(PYTHON)"
	$(BIN)/python -m compileall -q src
	touch $@

## make install: the environment in .venv (so .venv/bin/headcount is the command)
install: $(VENV)/.installed

## make demo: generate a population, ingest it, link, count, estimate, serve the workbench
## (on http://127.0.0.1:$(PORT)/; `make demo PORT=8001` when 8000 is taken)
PORT ?= 8000
demo: install
	$(BIN)/headcount demo --port $(PORT)

## make test: every test; PostgreSQL and Chromium tests run where they are available
test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## make lint: ruff, the import layers (lint-imports) and mypy
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

## make docs: regenerate the CLI reference from --help
docs: install
	$(BIN)/python -m headcount.cli.reference > docs/cli.md

## make bench: the benchmark scripts (speed, memory, accuracy figures)
bench: install
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
