# Daniel: the two commands a user needs are `make run` and `make test`.
# Both bootstrap everything on a fresh Debian machine: the virtual environment in .venv/,
# the pinned Python packages, the npm packages of the front end, and (as root) the Debian
# packages the tests need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-12)
NPM_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-12)
WEB_VENDOR := src/daniel/web/vendor/livekit-client.esm.mjs src/daniel/web/vendor/chart.umd.min.js

.PHONY: run test lint typecheck pytest venv web-deps system-deps browser-deps redis-deps bench bench-stt clean \
	docker-build compose-up screenshots

run: venv web-deps ## start the sandbox ERP, the MCP server and the avatar server
	$(BIN)/daniel run

test: venv web-deps browser-deps lint typecheck jstest pytest ## every check CI runs

venv: $(STAMP)

$(STAMP):
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) is needed (Debian package python3)"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || $(MAKE) --no-print-directory system-deps PKGS=python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

web-deps: $(NPM_STAMP) $(WEB_VENDOR)

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps PKGS="nodejs npm"
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser packages become package data (src/daniel/web/vendor/, git-ignored): the server
# never looks outside its package for them.
$(WEB_VENDOR): $(NPM_STAMP)
	mkdir -p $(@D)
	cp node_modules/livekit-client/dist/livekit-client.esm.mjs \
	   node_modules/chart.js/dist/chart.umd.min.js $(@D)/

# Installs Debian packages when run as root; otherwise names what is missing and stops.
system-deps:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "make: missing Debian packages:$$missing (install them with: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# Debian's Chromium for the browser tests; docker-compose only parses deploy/ (no engine).
browser-deps:
	@command -v chromium >/dev/null && command -v docker-compose >/dev/null || \
	  $(MAKE) --no-print-directory system-deps PKGS="chromium fonts-dejavu-core docker-compose"

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

jstest: web-deps
	@if [ -d tests/js ]; then node --test tests/js/; fi

pytest: venv redis-deps
	$(BIN)/pytest

# Debian's Redis for the shared-state tests (they start their own on a free port).
redis-deps:
	@command -v redis-server >/dev/null || $(MAKE) --no-print-directory system-deps PKGS=redis-server

screenshots: venv web-deps browser-deps ## refresh docs/screenshots/ from the browser tests
	DANIEL_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/web -q

bench: venv
	$(BIN)/python bench/odoo_client.py

# Offline speech-to-text (bench/stt.py); the recorded prompts come as Debian packages.
bench-stt: venv
	@$(MAKE) --no-print-directory system-deps PKGS="asterisk-core-sounds-es-wav \
	  asterisk-core-sounds-en-wav asterisk-core-sounds-es asterisk-core-sounds-en"
	$(BIN)/python bench/stt.py

clean:
	rm -rf $(VENV) node_modules src/daniel/web/vendor .daniel .pytest_cache .mypy_cache .ruff_cache

docker-build: ## build the avatar-server and MCP images (TAG=1.2.3 to choose the tag)
	./build.sh $(TAG)

compose-up: ## start Daniel with Odoo 18, PostgreSQL, Prometheus and Grafana (see deploy/.env.example)
	docker compose -f deploy/docker-compose.yml up -d
