# Cyd: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n auto

.PHONY: demo test lint format typecheck layers migrations messages compilemessages worker bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Serve the demo on http://127.0.0.1:8000 (SQLite, demo data, a background worker).
demo: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 PYTHON=$(BIN)/python sh scripts/serve_demo.sh

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy .

layers: $(STAMP)
	$(BIN)/lint-imports

migrations: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemigrations

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages --locale cy --no-obsolete --add-location file \
	  --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'build/*' \
	  --ignore 'tests/*' --ignore 'bench/*'

compilemessages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale cy --ignore '.venv/*'

worker: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py db_worker

bench: $(STAMP)
	@echo "Run one benchmark: $(BIN)/python -m bench NAME (see bench/README.md)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
