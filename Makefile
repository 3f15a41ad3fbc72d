# Terreau: `make run` starts it with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/terreau
DEV_ENV := DJANGO_DEBUG=1 TERREAU_SITE_URL=http://$(HOST):$(PORT)

.PHONY: run test test-sqlite test-postgres test-browser bench messages check-deploy lint lock clean

# requirements-dev.txt pins runtime and dev dependencies with hashes (`bin/lock` writes it).
$(VENV)/.installed: requirements-dev.txt
	@python=$$(bin/find-python) || exit 1; \
	  [ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

var/.ready: $(VENV)/.installed
	mkdir -p var/mail
	touch $@

messages: $(VENV)/.installed
	@DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null

run: var/.ready messages
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py demo_data
	@$(DEV_ENV) $(PY) -m terreau.demo.serve --host $(HOST) --port $(PORT)

test: var/.ready messages
	@bin/test

test-sqlite: var/.ready messages
	$(PY) -m pytest -n auto -m "not browser"

test-postgres: var/.ready messages
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n auto -m "not browser"

test-browser: var/.ready messages
	$(PY) -m pytest -n auto -m browser

bench: var/.ready messages
	$(PY) -m bench.run $(BENCH_ARGS)
	$(PY) -m bench.search
	$(PY) -m bench.digests

check-deploy: var/.ready
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_ALLOWED_HOSTS=terreau.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles

# Style, types, templates and the import contracts (layers and independence of the apps).
LINTED := terreau tests bench conftest.py
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	find terreau -name "*.html" -print0 | xargs -0 $(VENV)/bin/djhtml --check
	$(VENV)/bin/lint-imports

lock: $(VENV)/.installed
	bin/lock
