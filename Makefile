# Wuye — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run dev test install install-test migrate demo static lint messages schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

static: install
	$(BIN)/python manage.py collectstatic --noinput -v 0

## make run: install, migrate the SQLite database under var/, load the demo data, serve with gunicorn.
run: demo static
	@echo "Wuye on http://$(HOST):$(PORT)/  (demo accounts: see README.md, password wuye12345)"
	DJANGO_DEBUG=0 $(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --timeout 60

## make dev: the same with Django's autoreloading development server.
dev: demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: install, make sure chromium is there for the browser test, run every check and the suite.
test: install-test
	bash scripts/ensure-chromium.sh
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py spectacular --fail-on-warn --validate --file /dev/null
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

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
