# Scrutineer: the two commands are `make run` and `make test`; the rest are their steps.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
RUN := .venv/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/scrutineer
ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export UV_PYTHON := $(shell command -v $(PYTHON))
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: help run test install assets system-packages system-packages-run lint migrate demo postgres test-sqlite test-postgres bench docs clean

help:
	@echo "make run    install everything, load the demo partnership and serve http://127.0.0.1:8000"
	@echo "make test   the whole test suite: lint, types, layers, unit, SQLite, PostgreSQL, browser"

## ---- installing -------------------------------------------------------------------------

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend, htmx and axe-core from the npm registry, built into build/static.
build/static/.built: node_modules/.installed src/scrutineer/frontend/app.scss
	rm -rf build/static
	mkdir -p build/static/govuk build/static/htmx build/static/scrutineer build/static/axe
	cp -r node_modules/govuk-frontend/dist/govuk/assets build/static/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js build/static/govuk/
	cp node_modules/htmx.org/dist/htmx.min.js build/static/htmx/
	cp node_modules/axe-core/axe.min.js build/static/axe/
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps src/scrutineer/frontend/app.scss build/static/scrutineer/app.css
	@touch $@

install: .venv/.synced build/static/.built

assets: build/static/.built

# Debian packages: Pango for PDF documents (WeasyPrint) when running; for the tests also
# Chromium for the browser tests and PostgreSQL's client tools to check the server.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
TEST_PACKAGES := $(RUN_PACKAGES) chromium postgresql-client

define install_debian_packages
	@missing=""; \
	for package in $(1); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$(ROOT)" = yes ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Please install these Debian packages:$$missing"; exit 1; \
		fi; \
	fi
endef

system-packages-run:
	$(call install_debian_packages,$(RUN_PACKAGES))

system-packages:
	$(call install_debian_packages,$(TEST_PACKAGES))

## ---- running ----------------------------------------------------------------------------

migrate: install
	@mkdir -p var
	SCRUTINEER_DEBUG=true $(RUN)/scrutineer migrate --no-input -v 0

demo: migrate
	SCRUTINEER_DEBUG=true $(RUN)/scrutineer demo

run: system-packages-run demo
	@echo
	@echo "Scrutineer is starting on http://127.0.0.1:8000 (stop it with Ctrl+C)."
	@echo "Sign in as scrutineer / northbridge-demo; security code: .venv/bin/scrutineer democode scrutineer"
	@echo
	SCRUTINEER_DEBUG=true $(RUN)/scrutineer db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SCRUTINEER_DEBUG=true $(RUN)/scrutineer runserver 127.0.0.1:8000

## ---- testing ----------------------------------------------------------------------------

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		[ "$(ROOT)" = yes ] && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
		pg_isready -h 127.0.0.1 -p 5432; }

lint: install
	$(RUN)/ruff check src tests bench
	$(RUN)/ruff format --check src tests bench
	PYTHONPATH=. $(RUN)/mypy
	$(RUN)/lint-imports
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(RUN)/scrutineer makemigrations --check --dry-run

test-sqlite: install
	$(RUN)/pytest -m "not browser" -n 2 -q

test-postgres: install system-packages postgres
	DATABASE_URL=$(PG_URL) $(RUN)/pytest -n 2 -q

test: install system-packages lint test-sqlite test-postgres

bench: install
	$(RUN)/python bench/run.py

docs: install
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(RUN)/python -m scrutineer.core.clidoc > docs/cli.md

clean:
	rm -rf .venv .tools node_modules build var
