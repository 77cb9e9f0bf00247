# Maillage — two commands on a fresh machine:
#   make run    set up, migrate an SQLite database, load the demo, serve on http://127.0.0.1:8000
#   make test   set up, lint, run the whole suite on SQLite (and on PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_ENV := MAILLAGE_DEBUG=1 MAILLAGE_DEMO=1
PYTEST_WORKERS ?= 2

.PHONY: run test setup setup-dev messages lint format check-deploy demo-code bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
	scripts/ensure_system_packages.sh
	$(MAKE) messages

setup-dev: $(VENV)/.installed-dev
	scripts/ensure_system_packages.sh --browser
	$(MAKE) messages

messages:
	MAILLAGE_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --verbosity=0

run: setup
	$(DEMO_ENV) $(MANAGE) migrate --verbosity=0
	$(DEMO_ENV) $(MANAGE) createcachetable
	$(DEMO_ENV) $(MANAGE) load_demo
	@echo "Maillage is at http://127.0.0.1:8000 — log in with a demo account above."
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

demo-code:
	@$(DEMO_ENV) $(MANAGE) demo_totp $(EMAIL)

test: setup-dev lint
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "--- again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check maillage
	$(BIN)/ruff format --check maillage
	$(BIN)/mypy maillage

format: $(VENV)/.installed-dev
	$(BIN)/ruff format maillage
	$(BIN)/ruff check --fix maillage

bench: setup-dev
	$(BIN)/python -m maillage.bench.audit_overhead
	$(BIN)/python -m maillage.bench.case_pages
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python -m maillage.bench.matching

lock:
	rm -rf /tmp/maillage-lock && $(PYTHON) -m venv /tmp/maillage-lock
	/tmp/maillage-lock/bin/pip install --quiet -r requirements.in
	( echo "# Generated from requirements.in by: make lock. Do not edit by hand."; /tmp/maillage-lock/bin/pip freeze ) > requirements.txt
	@echo "requirements.txt updated; regenerate requirements-dev.txt the same way from requirements-dev.in"

clean:
	rm -rf $(VENV) var
