# The two commands of the README: `make run` (set up, initialise the 2803 profile, run the main job)
# and `make test` (set up with the test dependencies, then lint, type-check and run every test).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test setup system-deps lint typecheck pytest clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps

setup: system-deps $(STAMP)

run: setup
	$(BIN)/custodes demo --shared-data ../shared/data
	$(BIN)/custodes status
	$(BIN)/custodes serve --host 127.0.0.1 --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -n 2 --dist loadfile

test: lint typecheck pytest

clean:
	rm -rf $(VENV) custodes-data
