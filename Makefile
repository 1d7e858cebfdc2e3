# The two commands: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-postgres lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Bryggan needs Python 3.11 or newer: set PYTHON=python3.12 (or similar)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,teams]'
	@touch $(STAMP)

# Real Slack when a bot token is set (environment or .env), otherwise the offline demo in the browser
# (`bryggan console` is the same demo in the terminal).
PLAYGROUND_PORT ?= 3000
run: $(STAMP)
	@if [ -n "$$SLACK_BOT_TOKEN" ] || grep -qs '^SLACK_BOT_TOKEN=.' .env; then \
		$(BIN)/bryggan run $(RUN_ARGS); \
	else \
		$(BIN)/bryggan playground --port $(PLAYGROUND_PORT); \
	fi

# Mozilla's ical.js for the calendar interop test, where npm is installed (the test skips without it).
JS := tests/interop/js
JS_STAMP := $(JS)/node_modules/.package-lock.json
$(JS_STAMP): $(JS)/package-lock.json
	npm ci --prefix $(JS) --no-audit --no-fund --silent
CALENDAR_READERS := $(if $(shell command -v npm),$(JS_STAMP))

test: $(STAMP) $(CALENDAR_READERS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) $(CALENDAR_READERS)
	BRYGGAN_TEST_DATABASE_URL='$(PG_TEST_URL)' $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) bryggan-demo.db* .pytest_cache .ruff_cache
