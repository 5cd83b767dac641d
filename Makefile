# GraphIntel: `make run` runs the demo on the embedded store; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench clean dashboard neo4j neo4j-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/graphintel demo $(ARGS)

test: $(STAMP)
	bash scripts/run-tests $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check graphintel app tests benchmarks

dashboard: $(STAMP)
	$(BIN)/graphintel dashboard

neo4j:
	scripts/neo4j-start

neo4j-stop:
	scripts/neo4j-stop

bench: $(STAMP)  # make bench SIZES="10000 100000 1000000" FLAGS="--neo4j --compare"
	$(BIN)/python -m benchmarks $(if $(SIZES),--sizes $(SIZES)) $(FLAGS)

clean:
	rm -rf $(VENV) .graphintel .pytest_cache
