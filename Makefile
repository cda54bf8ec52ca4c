# One command to set up and run the demo, one to set up and run the tests.
#   make demo   - create .venv, install maillage, solve and check the Millas demo month
#   make test   - create .venv, install maillage with dev tools, run ruff, mypy and pytest
#   make test-fast - the inner loop: ruff, then every test but the long solves (marked slow)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO := instances/millas-2025-03.json

.PHONY: setup demo test test-fast lint typecheck bench bench-compare clean

$(BIN)/maillage: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/maillage

demo: setup
	$(BIN)/maillage solve $(DEMO) -o millas-solution.json --time-limit 60
	$(BIN)/maillage check $(DEMO) millas-solution.json

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	mkdir -p .typecheck/maillage
	for d in models solver cli; do ln -sfn ../../$$d .typecheck/maillage/$$d; done
	$(BIN)/mypy -p maillage.models -p maillage.solver -p maillage.cli

test: lint typecheck
	$(BIN)/python -m pytest

# Every rule and contract test, under 90 s on two cores; CI runs `make test`, the whole suite.
# Two processes (pytest-xdist): the fast tests are mostly process starts and small solves.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not slow" -n 2

bench: setup
	$(BIN)/python -m pytest benchmarks --benchmark-enable --benchmark-only \
		--benchmark-json=.benchmarks/latest.json --benchmark-autosave -p no:randomly

# Run the suite again and compare with the last saved run (make bench saves one).
bench-compare: setup
	$(BIN)/python -m pytest benchmarks --benchmark-enable --benchmark-only \
		--benchmark-compare --benchmark-group-by=name -p no:randomly

clean:
	rm -rf $(VENV) .typecheck .mypy_cache .pytest_cache .ruff_cache .benchmarks
