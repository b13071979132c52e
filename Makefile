# Two commands on a fresh machine: `make run` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install pdf embeddings frontend test-packages migrate load bench bench-load clean

run: install
	$(BIN)/voices migrate
	$(BIN)/voices surveys load
	$(BIN)/voices serve

test: install $(VENV)/.test embeddings test-packages
	$(BIN)/pytest

install: $(VENV)/.installed frontend/dist/.built pdf

# The PDF export lays text out with Debian's Pango and its fonts: no font is ever fetched at run time.
pdf:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu; } || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; }

# The tagger's optional sentence-embedding backend (torch, ~1 GB): tests and benches, not `make run`.
embeddings: $(VENV)/.embeddings

$(VENV)/.embeddings: $(VENV)/.test
	$(BIN)/pip install --quiet -e '.[test,embeddings]'
	touch $@

# What serving needs, and nothing else: `make run` never installs the test tools. Without
# compiling every module up front (180 MB of bytecode): Python writes it for what it imports.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -e .
	touch $@

# The test tools (pytest, Playwright, schemathesis, …): `make test` only.
$(VENV)/.test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

frontend/dist/.built: frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && node build.mjs
	touch $@

# Debian packages the suite drives: Chromium for the browser tests (Playwright never downloads a
# browser of its own) and nginx, run in front of the app by tests/deploy (deploy/nginx/nginx.conf).
test-packages:
	@{ command -v chromium && { command -v nginx || test -x /usr/sbin/nginx; }; } >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver nginx; }

migrate: install
	$(BIN)/voices migrate

load: install
	$(BIN)/voices surveys load

bench: install embeddings
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python bench/bench_http.py
	$(BIN)/python bench/bench_redaction.py
	$(BIN)/python bench/bench_tagging.py
	$(BIN)/python bench/bench_tagging_backends.py
	$(BIN)/python bench/bench_theming.py
	$(BIN)/python bench/bench_theme_store.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_exports.py
	$(BIN)/python bench/bench_install_size.py

# The load bench (bench/load/README.md): minutes of heavy load, so neither `make test` nor `make bench`.
bench-load: install $(VENV)/.load
	$(BIN)/python bench/load/run.py

$(VENV)/.load: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[load]'
	touch $@

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
