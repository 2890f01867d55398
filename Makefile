# Two commands for a newcomer: `make run` (set up and serve the demo) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 3
export DJANGO_SETTINGS_MODULE ?= config.settings.local
# The PostgreSQL the second test run uses (pytest-django creates and drops test_postgres).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# deploy-check: deploy/install.sh into a scratch root, then probe the running service (CI runs it after test).
.PHONY: deploy-check run test fuzz bench bench-province bench-spark check lint typecheck fmt migrate demo dev lock clean messages pg

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: reinstall only when the pinned requirements change.
$(VENV)/.base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || $(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt requirements/spark.txt $(VENV)/.base
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

messages: $(VENV)/.base
	$(BIN)/python scripts/compilemessages.py

migrate: $(VENV)/.base messages
	$(BIN)/pilkada migrate --noinput -v0

demo: migrate
	$(BIN)/pilkada demo

## make run: set everything up (venv, dependencies, database, demo data) and serve the site.
run: demo
	@bash scripts/ensure-pdf-libs.sh || echo "WARNING: PDF libraries missing; PDF pages may fail."
	$(BIN)/pilkada collectstatic --noinput -v0
	@echo ""
	@echo "pilkada berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --log-level warning

## make dev: the same with Django's auto-reloading development server.
dev: demo
	DJANGO_DEBUG=true $(BIN)/pilkada runserver $(HOST):$(PORT)

pg:
	@bash scripts/ensure-postgres.sh

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy .

## make test: lint, type check, migrations check, then the tests on SQLite and on PostgreSQL.
test: $(VENV)/.dev messages
	@bash scripts/ensure-pdf-libs.sh || [ "$${CI:-}" != "true" ] || { echo "PDF libraries missing under CI"; exit 1; }
	@bash scripts/ensure-chromium.sh || [ "$${CI:-}" != "true" ] || { echo "chromium missing under CI"; exit 1; }
	@bash scripts/ensure-axe.sh || [ "$${CI:-}" != "true" ] || { echo "axe-core (npm) missing under CI"; exit 1; }
	@bash scripts/ensure-java.sh || [ "$${CI:-}" != "true" ] || { echo "Java 17 missing under CI"; exit 1; }
	$(MAKE) --no-print-directory lint typecheck
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run -v0
	@echo "== tests on SQLite"
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -q -n 2
	@echo "== tests on PostgreSQL"
	@if bash scripts/ensure-postgres.sh; then \
		DATABASE_URL=$(PG_TEST_URL) DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -q -n 2 --create-db; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is not reachable: under CI a skipped PostgreSQL run is a failure."; exit 1; \
	else \
		echo "WARNING: PostgreSQL not reachable; the PostgreSQL test run was SKIPPED."; \
	fi

## make bench: the benchmarks in benchmarks/ (not part of the tests).
bench: $(VENV)/.dev
	@bash scripts/ensure-postgres.sh || true
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } || true
	$(BIN)/python benchmarks/run.py --suite regency

## make bench-province: the synthetic province (13,282 TPS, 6.5 M voters) on PostgreSQL, then the
## national duplicate search (benchmarks/bench_spark.py) when present. Long: see BENCHMARKS.md.
## The database BENCH_PROVINCE_URL is emptied first (public schema dropped); DATABASE_URL=...
## on the command line overrides it.
## (only on the command line: an exported DATABASE_URL, maybe production, is never used here).
ifeq ($(origin DATABASE_URL),command line)
BENCH_PROVINCE_URL ?= $(DATABASE_URL)
endif
BENCH_PROVINCE_URL ?= postgres://postgres@127.0.0.1:5432/bench_province
bench-province: $(VENV)/.dev messages
	@bash scripts/ensure-postgres.sh
	BENCH_PROVINCE_URL=$(BENCH_PROVINCE_URL) $(BIN)/python benchmarks/run.py --suite province

## make deploy-check: follow docs/deploy.md with deploy/install.sh into a scratch directory and a
## fresh PostgreSQL database (dropped after), start the unit's ExecStart, probe /healthz, /readyz, /,
## /metrics and the backup unit, run install.sh again (idempotent). A few minutes: pip installs.
deploy-check: $(VENV)/.dev
	@bash scripts/ensure-postgres.sh || { echo "deploy-check needs PostgreSQL on 127.0.0.1:5432"; exit 1; }
	$(BIN)/python scripts/deploy_check.py

## make bench-spark: the province/national duplicate search on Spark (benchmarks/bench_spark.py):
## a 6.5-million-row synthetic province roll in var/bench/ (reused), Spark local[2], recall and
## precision against the planted truth, the same model in process on the regency subset.
## BENCH_SPARK_VOTERS=650000 for a smaller province. Also run by `make bench-province`.
bench-spark: $(VENV)/.dev
	@bash scripts/ensure-java.sh
	$(BIN)/python benchmarks/bench_spark.py

## make fuzz: the API fuzzing of the tests with a large budget.
fuzz: $(VENV)/.dev messages
	SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-300} DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/pytest -q -p no:randomly tests/test_api_fuzz.py
	HYPOTHESIS_PROFILE=ci CRASH_TRIALS=$${CRASH_TRIALS:-20} JEPSEN_CLIENTS=$${JEPSEN_CLIENTS:-32} \
		JEPSEN_OPS=$${JEPSEN_OPS:-20} DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/pytest -q -p no:randomly tests/test_parser_properties.py tests/test_reliability_crash.py

fmt: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make lock: re-pin requirements/*.txt from requirements/*.in in a scratch venv.
lock:
	rm -rf /tmp/pilkada-lock && $(PYTHON) -m venv /tmp/pilkada-lock
	/tmp/pilkada-lock/bin/pip install --quiet -r requirements/base.in
	(echo "# Pinned runtime dependencies; regenerate with 'make lock'."; /tmp/pilkada-lock/bin/pip freeze) > requirements/base.txt
	/tmp/pilkada-lock/bin/pip install --quiet -r requirements/spark.in
	(echo "# Pinned Spark dependencies (optional extra); regenerate with 'make lock'."; echo "-r base.txt"; \
	 /tmp/pilkada-lock/bin/pip freeze | grep -vxFf <(grep -v '^#' requirements/base.txt)) > requirements/spark.txt
	/tmp/pilkada-lock/bin/pip install --quiet -r requirements/dev.in
	(echo "# Pinned test and lint dependencies; regenerate with 'make lock'."; echo "-r base.txt"; \
	 echo "-r spark.txt"; /tmp/pilkada-lock/bin/pip freeze | grep -vxFf <(grep -hv '^#' \
	 requirements/base.txt requirements/spark.txt)) > requirements/dev.txt

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
