# Every command a developer needs. `make run` and `make test` work from a fresh clone.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local development defaults; production sets its own environment (see README).
export DEBUG ?= 1

.PHONY: help install assets migrate data run test test-fast lint format bench check-deploy stop-db clean

help:
	@echo "make run    - install, migrate, load postcodes and demo data, serve on http://127.0.0.1:8000 with a worker"
	@echo "make test   - the whole test suite"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - benchmarks (results in bench/results/)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

assets: install
	./frontend/build.sh

migrate: install
	$(MANAGE) migrate --noinput

# Both loaders are idempotent and return quickly when their data is already there.
data: migrate
	$(MANAGE) load_postcodes
	$(MANAGE) load_demo
	$(MANAGE) load_demo_activity

run: assets data
	$(BIN)/honcho -f Procfile.dev start

test: assets
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: assets
	$(BIN)/python bench/run_all.py

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(openssl rand -hex 32) $(MANAGE) check --deploy --fail-level WARNING

stop-db: install
	$(BIN)/python -c "from config import embedded_db; embedded_db.stop()"

clean:
	rm -rf $(VENV) node_modules static/dist var
