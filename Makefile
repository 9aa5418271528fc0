# Two commands matter: `make demo` (run the site with demo content) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test test-fast audit bench format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# Browser-side test tools (axe-core), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

demo: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST)

# The suite runs in one process per CPU core (pytest-xdist): TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= auto
test: $(VENV)/.dev node_modules/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Known vulnerabilities in the installed, pinned dependencies: fails on any. Asks the OSV
# advisory service; OSV_URL points it at a mirror of the same API.
OSV_URL ?= https://api.osv.dev/v1/query
audit: $(VENV)/.dev
	$(BIN)/pip-audit --vulnerability-service osv --osv-url $(OSV_URL) --skip-editable \
		--progress-spinner off $(AUDIT_ARGS)

# The suite without the browser and slow tests (servers, migrations, large data sets).
test-fast: $(VENV)/.dev
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser and not slow" $(PYTEST_ARGS)

# 1,000 and 100,000 articles served by gunicorn and loaded by wrk (apt-get install wrk);
# SQLite, or PostgreSQL with DATABASE_URL. BENCH_ARGS="--client" for a quick test-client run.
bench: $(VENV)/.dev
	$(BIN)/python scripts/benchmark.py $(BENCH_ARGS)

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles
