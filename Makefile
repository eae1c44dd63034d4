# The two set-up commands of the README:
#   make app   - create the environment and start the Voila app on http://127.0.0.1:8866/
#   make test  - create the environment and run the whole test suite
# For developers: make check - lint, types, import contracts and the unit tests (no browser,
# no notebooks, no PostgreSQL server), in well under two minutes on two cores.
# Both work on a fresh machine with Python 3.11+; `make test` also installs Debian's chromium,
# postgresql and node/npm when they are missing (needs root or sudo) and runs `npm ci`.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

NODE_STAMP := node_modules/.installed
# the browser's pure-Python wheels for the static site (aiact-kit build-site), from PyPI
SITE_WHEELS := .site-wheels/.fetched

.PHONY: app test check env system-deps lint static unit bench clean node_modules site-wheels

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

env: $(STAMP)

app: env
	$(VENV)/bin/aiact-kit serve

system-deps:
	bash scripts/install-system-deps.sh

# configurable-http-proxy for the JupyterHub deployment and its test (tests/hub/), exactly as
# pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

node_modules: $(NODE_STAMP)

# The wheels the static site's browser kernel loads (pinned in aiact_kit/commands/site_pyodide.py);
# with them and `npm ci` (the Pyodide core), `aiact-kit build-site OUT` builds offline.
$(SITE_WHEELS): $(STAMP) src/aiact_kit/commands/site_pyodide.py
	$(VENV)/bin/aiact-kit build-site --fetch-wheels
	touch $(SITE_WHEELS)

site-wheels: $(SITE_WHEELS)

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# lint, strict types on content/, engines/ and commands/, and the layer contracts (pyproject.toml)
static: lint
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The unit tests: pure Python, widgets without a browser, the CLI (both cores).
UNIT := -p no:cacheprovider -n 2 tests --ignore=tests/browser --ignore=tests/hub

check: static
	$(PY) -m pytest $(UNIT) -m "not postgres"

# Everything: the unit tests (with PostgreSQL) on both cores; then, one at a time, the browser
# tests (every app page rendered in Chromium and scanned with axe; JupyterLab and Notebook 7;
# the static site built and run offline) and the JupyterHub test (on two workers the live
# workshop, JupyterLab and JupyterHub tests disturbed each other), and nbval over the exercise
# and solution notebooks.
test: env system-deps static $(NODE_STAMP) $(SITE_WHEELS)
	$(PY) -m pytest $(UNIT)
	$(PY) -m pytest -p no:cacheprovider --durations=15 tests/browser tests/hub
	$(PY) -m pytest -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with nbval_sanitize.cfg exercises solutions

# Benchmarks against a bare Voila notebook; writes docs/performance.{json,md} (not a test).
bench: env
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results .site-wheels
