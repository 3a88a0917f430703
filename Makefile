# The README's contract: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
# Argdown's own parser (npm), which tests/test_argdown_parser.py runs on argmap's Argdown files
ARGDOWN := $(VENV)/argdown
ARGDOWN_STAMP := $(ARGDOWN)/.installed-stamp
# Debian libraries Qt's xcb platform plugin needs to open a window on an X screen.
QT_XCB_DEBS := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3

.PHONY: run test lint bench gui-libs clean argdown-parser

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("argmap needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# Install the X libraries when we can (root with apt-get) and they are missing; otherwise say what is needed.
gui-libs:
	@missing=$$(for p in $(QT_XCB_DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ] && command -v dpkg-query >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Qt's X libraries: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: Qt needs these Debian packages to open a window: $$missing"; fi; \
	fi

run: $(STAMP) gui-libs
	$(BIN)/argmap

# ruff (style), lint-imports (the layer and no-cycle contracts in pyproject.toml), mypy (types).
lint: $(STAMP)
	$(BIN)/ruff check argmap tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

# Installed from the committed lock file when npm exists; without npm those tests skip, saying why.
argdown-parser: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(ARGDOWN_STAMP); \
	else echo "note: npm not found: the checks against Argdown's own parser will be skipped"; fi

$(ARGDOWN_STAMP): tests/argdown/package.json tests/argdown/package-lock.json tests/argdown/parse.mjs
	mkdir -p $(ARGDOWN)
	cp tests/argdown/package.json tests/argdown/package-lock.json tests/argdown/parse.mjs $(ARGDOWN)/
	cd $(ARGDOWN) && npm ci --silent --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) lint argdown-parser
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
