# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint format worker clean-db

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: set up, load the demo content, start the background worker (restarted if it stops) and serve on :8000
run: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py createcachetable
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py load_demo
	( while true; do \
	    DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py task_worker >> task_worker.log 2>&1; \
	    echo "task_worker stopped (exit $$?), restarting in 2 s" >> task_worker.log; sleep 2; \
	  done ) & \
	  WORKER=$$!; trap "pkill -P $$WORKER 2>/dev/null; kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install what the tests need and run the whole suite, with the coverage gate
# (lines of portal/, home/ and ledgers/; the floor sits a little under what the suite measures).
COVERAGE_FLOOR ?= 90
COVERAGE ?= --cov=portal --cov=home --cov=ledgers --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)
test: install-test
	$(PY) -m pytest $(COVERAGE) $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
