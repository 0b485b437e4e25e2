# Parley: `make run` serves the archive with the sample loaded; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TURNS ?= 100000
OUT ?= bench.json

# The zero-setup default for `make run`: SQLite and Whoosh under var/, debug on.
RUN_ENV := DEBUG=$${DEBUG:-1}

# The sample `make run` imports, with its source's name and page address, as
# meetings/sample/SOURCE gives them (`key=value` lines; an empty url is left out).
SAMPLE_SOURCE ?= meetings/sample/SOURCE
sample = $(shell sed -n 's/^$(1)=//p' $(SAMPLE_SOURCE))
SAMPLE_IMPORT = $(dir $(SAMPLE_SOURCE))$(call sample,file) --source-name "$(call sample,name)" \
	$(if $(call sample,url),--source-url "$(call sample,url)")

.PHONY: install run test golden lint format-check types check ci bench backup restore faults loadtest clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Parley needs Python 3.11 ($(PYTHON) not found)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

var:
	@mkdir -p var

run: install var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py import_transcripts $(SAMPLE_IMPORT)
	$(RUN_ENV) $(PY) manage.py ensure_dev_superuser
	@echo "Serving Parley at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest --durations=10 $(PYTEST_ARGS)

# Rewrite the parser's golden JSON files from its output: only after a deliberate change,
# and read the diff before committing it (CONTRIBUTING.md).
golden: install
	$(PY) -m pytest tests/test_parser.py -k test_golden -q --update-golden

lint: install
	$(VENV)/bin/ruff check .

# The tree is formatted with `ruff format` and the templates indented by djhtml; `make ci`
# checks they stay so (FORMAT_CHECK=0 skips the check, e.g. while trying something out).
FORMAT_CHECK ?= 1

format-check: install
ifeq ($(FORMAT_CHECK),1)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
else
	@echo "format-check: skipped (FORMAT_CHECK=0)"
endif

# mypy with django-stubs on the modules listed under [tool.mypy] in pyproject.toml.
types: install
	$(RUN_ENV) $(VENV)/bin/mypy

check: install var
	$(RUN_ENV) $(PY) manage.py check
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

# Exactly what CI runs (.ci/run calls it once the machine has PostgreSQL and Chromium).
ci: lint format-check types check test

# The benchmark (bench/run.py): a synthetic corpus of TURNS turns in PostgreSQL
# (DATABASE_URL, default database parley_bench, created if missing), measured end to end.
bench: install var
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/parley_bench} \
		$(PY) bench/run.py --turns $(TURNS) --out $(OUT) $(BENCH_ARGS)

# Backups of DATABASE_URL's database (pg_dump, custom format) in BACKUP_DIR (var/backups),
# the newest BACKUP_KEEP (14) kept; `make restore FILE=var/backups/parley-....dump` loads
# one into an empty database, migrates it and rebuilds the search index.
backup: install var
	$(RUN_ENV) $(PY) manage.py backup_database

restore: install var
	@test -n "$(FILE)" || { echo "make restore FILE=path/to/parley-....dump"; exit 2; }
	$(RUN_ENV) $(PY) manage.py restore_database "$(FILE)"

# Fault runs and the load test build a site of their own: a throwaway PostgreSQL cluster
# (initdb, a free port), a generated corpus, gunicorn; bench/faults.py, bench/loadtest.py.
FAULTS_TURNS ?= 3000
LOADTEST_TURNS ?= 10000
SOAK_SECONDS ?= 180

faults: install
	$(PY) bench/faults.py --turns $(FAULTS_TURNS) $(FAULTS_ARGS)

loadtest: install
	SOAK_SECONDS=$(SOAK_SECONDS) $(PY) bench/loadtest.py --turns $(LOADTEST_TURNS) $(LOADTEST_ARGS)

clean:
	rm -rf var/ .pytest_cache
