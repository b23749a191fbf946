# Ontraccr Clone: `make run` starts the product with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NPM := npm --prefix frontend
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 100

.DEFAULT_GOAL := help
.PHONY: help install run test e2e lint fmt bench chaos frontend api-types clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	$(NPM) run build
	touch $@

install: $(VENV)/.installed frontend/node_modules/.installed ## Install Python and frontend dependencies

frontend: install frontend/dist/index.html ## Build the frontend into static files

run: frontend ## Set up and start the product with demo data on http://$(HOST):$(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@$(PY) manage.py seed_demo
	@echo "  Ontraccr Clone is running on http://$(HOST):$(PORT)  (Ctrl-C stops everything)"
	@echo
	@# Without Redis the web process runs the task worker in a thread (its events reach the
	@# browsers); with Redis the worker is a process of its own, as in production.
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	if [ -n "$$REDIS_URL" ]; then $(PY) manage.py db_worker & fi; \
	$(VENV)/bin/uvicorn --host $(HOST) --port $(PORT) --lifespan off ontraccr_clone.asgi:application & \
	wait -n

test: frontend ## Install what the tests need and run every test (pytest, then Vitest)
	$(PY) -m pytest
	$(NPM) test

e2e: frontend ## Run only the browser tests
	$(PY) -m pytest tests/e2e

api-types: install ## Regenerate the frontend's API types from the OpenAPI schema
	$(PY) manage.py spectacular --file frontend/openapi.yaml
	cd frontend && npx openapi-typescript openapi.yaml -o src/api/schema.d.ts
	cd frontend && npx prettier --log-level warn --write src/api/schema.d.ts openapi.yaml

lint: install ## ruff, mypy, eslint, prettier and tsc
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(NPM) run lint
	$(NPM) run fmt:check
	$(NPM) run typecheck

fmt: install ## Format the Python and frontend code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(NPM) run fmt

bench: frontend ## Measure throughput and latency (SOAK=MINUTES: the soak instead)
	$(PY) manage.py bench $(if $(SOAK),--soak $(SOAK))

chaos: install ## Sync N purchase orders (N=100) to QuickBooks while processes are killed and calls fail
	$(PY) manage.py chaos --count $(N)

clean: ## Remove installed dependencies and build output (keeps the database)
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles
