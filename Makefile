# Wuye — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run dev test install install-test lock migrate demo static lint messages schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Install exactly the locked versions (checked against their hashes), then the project itself with the
# locked setuptools (no unpinned build environment).
# The lock files come from `make lock`; installing refuses locks older than pyproject.toml's dependencies.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python scripts/lock.py check
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(TEST_LOCK) | $(BIN)/python
	$(BIN)/python scripts/lock.py check
	$(BIN)/pip install -q --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make lock: after editing the dependencies in pyproject.toml, re-resolve both lock files with pip-tools
## (kept in its own venv). Versions already locked stay unless the new pins need others; delete a lock
## file first to upgrade everything in it. The runtime lock is constrained to the test lock's versions.
LOCK_VENV := $(VENV)/lock-tools
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile -q --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	--build-deps-for editable

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2

lock: $(LOCK_VENV)/bin/pip-compile | $(BIN)/python
	$(PIP_COMPILE) --extra test -o $(TEST_LOCK) pyproject.toml
	$(PIP_COMPILE) -c $(TEST_LOCK) -o $(LOCK) pyproject.toml
	$(BIN)/python scripts/lock.py stamp

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

static: install
	$(BIN)/python manage.py collectstatic --noinput -v 0

## make run: install, migrate the SQLite database under var/, load the demo data, serve with gunicorn.
## Both run and dev use config.settings.local (SQLite under var/ unless DATABASE_URL is set), for
## every step they start (migrate, load_demo, collectstatic, the server): config/wsgi.py alone would
## pick the production settings. Another: `make run RUN_SETTINGS=config.settings.production`.
RUN_SETTINGS ?= config.settings.local
run dev: export DJANGO_SETTINGS_MODULE = $(RUN_SETTINGS)
run: demo static
	@echo "Settings: DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE)"
	@echo "Wuye on http://$(HOST):$(PORT)/  (demo accounts: see README.md, password wuye12345)"
	DJANGO_DEBUG=0 $(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --timeout 60

## make dev: the same with Django's autoreloading development server.
dev: demo
	@echo "Settings: DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# the modules mypy checks in `make test`: every app's services and selectors
TYPED = $(wildcard wuye/*/services.py wuye/*/services/*.py wuye/*/selectors.py)

## make test: install, make sure chromium (browser tests) and pdftotext (PDF text tests) are there, run every check and the suite.
test: install-test
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-poppler.sh
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py spectacular --fail-on-warn --validate --file /dev/null
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy $(TYPED)
	$(BIN)/pytest $(PYTEST_ARGS)
	@if [ "$(FUZZ)" != 0 ]; then $(BIN)/python scripts/fuzz_api.py; else echo "API fuzz skipped (FUZZ=0)"; fi  # schemathesis on a live test server, ~3 min

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

## make messages: refresh the zh_Hans catalogue and compile it (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'test-artifacts/*' --ignore 'bench/*' --no-location
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore '.venv/*'

schema: install
	$(BIN)/python manage.py spectacular --file docs/openapi.yaml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
