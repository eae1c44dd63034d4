# The two set-up commands of the README:
#   make app   - create the environment and start the Voila app on http://127.0.0.1:8866/
#   make test  - create the environment and run the whole test suite
# Both work on a fresh machine with Python 3.11+; `make test` also installs Debian's chromium
# and postgresql when they are missing (needs root or sudo).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: app test env system-deps lint clean

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

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: env system-deps lint
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results
