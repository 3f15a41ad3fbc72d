# Terreau: `make run` starts it with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/terreau
DEV_ENV := DJANGO_DEBUG=1 TERREAU_SITE_URL=http://$(HOST):$(PORT)

.PHONY: run test test-sqlite test-postgres test-browser test-stack bench load messages check-deploy lint lock clean

# `bin/lock` pins, with hashes, what running needs (requirements.txt) and that plus the test and
# lint tools (requirements-dev.txt). `make run` installs only the first; test, lint and bench the
# second, over it. Each stamp follows its own file: the dev one also when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	@python=$$(bin/find-python) || exit 1; \
	  [ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

var/.ready: $(VENV)/.installed
	mkdir -p var/mail
	touch $@

messages: $(VENV)/.installed
	@DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=.venv --ignore=node_modules >/dev/null

run: var/.ready messages
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py demo_data
	@$(DEV_ENV) $(PY) -m terreau.demo.serve --host $(HOST) --port $(PORT)

test: var/.ready $(VENV)/.installed-dev messages
	@PY=$(PY) bin/test

test-sqlite: var/.ready $(VENV)/.installed-dev messages
	$(PY) -m pytest -n auto -m "not browser and not stack"

test-postgres: var/.ready $(VENV)/.installed-dev messages
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n auto -m "not browser and not stack"

test-browser: var/.ready $(VENV)/.installed-dev messages
	$(PY) -m pytest -n auto -m "browser and not stack"

# The production set-up brought up on this machine (2 gunicorn processes, PostgreSQL, Redis, the RQ
# worker, the scheduler) and walked over HTTP and in Chromium: needs PostgreSQL and Redis.
test-stack: var/.ready $(VENV)/.installed-dev messages
	bin/prod-smoke

bench: var/.ready $(VENV)/.installed-dev messages
	$(PY) -m bench.run $(BENCH_ARGS)
	$(PY) -m bench.search
	$(PY) -m bench.digests
	$(PY) -m bench.stats
	$(PY) -m bench.archive

# Members at work (locust) against 2 gunicorn processes on PostgreSQL + Redis, then on SQLite alone:
# LOAD_USERS members (50) for LOAD_TIME (5m); a table per route; fails on any error.
load: var/.ready $(VENV)/.installed-dev messages
	LOAD_USERS=$(or $(LOAD_USERS),50) LOAD_TIME=$(or $(LOAD_TIME),5m) $(PY) -m bench.load

check-deploy: var/.ready
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_ALLOWED_HOSTS=terreau.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles

# Style, types, templates and the import contracts (layers and independence of the apps).
LINTED := terreau tests bench deploy conftest.py
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	find terreau -name "*.html" -print0 | xargs -0 $(VENV)/bin/djhtml --check
	$(VENV)/bin/lint-imports

lock: $(VENV)/.installed-dev
	PY=$(PY) bin/lock
