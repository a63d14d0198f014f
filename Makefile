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

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Java 17 runs DynamoDB Local; Debian's Chromium runs the browser tests (never `playwright install`).
system-deps:
	@if ! command -v java >/dev/null || ! command -v chromium >/dev/null; then \
	  echo "Installing Java 17 / Chromium from Debian packages ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    openjdk-17-jre-headless chromium chromium-driver >/dev/null; \
	fi

run: deps
	$(PY) -m devstack run

simulator: deps
	$(PY) -m pixi_simulator

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest tests/unit

test: deps lint
	$(PY) -m pytest tests

bench: deps
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .local .pytest_cache .mypy_cache .ruff_cache test-artifacts
