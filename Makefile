# Two commands matter: `make run` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench crash-test fuzz clean screenshots docs system-tools notices

# Poppler and qpdf let the tests read PDFs back as a reader would; HarfBuzz's subsetter
# makes WeasyPrint faster. Installed when we may (root with apt-get, as on CI); otherwise
# the tests that need them say they were skipped, and nothing else changes.
SYSTEM_PACKAGES := poppler-utils qpdf libharfbuzz-subset0

system-tools:
	@if command -v pdftotext >/dev/null && command -v qpdf >/dev/null \
	    && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(SYSTEM_PACKAGES)"; \
	    (apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1 \
	     || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1)) \
	    || echo "Could not install $(SYSTEM_PACKAGES); some PDF checks will be skipped."; \
	else echo "Optional: install $(SYSTEM_PACKAGES) to run every PDF check."; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/charter-builder $(ARGS)

test: $(STAMP) system-tools
	$(BIN)/ruff check --quiet .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# The long versions of checks whose short versions run in `make test`.
crash-test: $(STAMP)
	$(BIN)/python -m tests.robustness.crash_harness --kills 1000

# Several seeds, each replayable: a failure names its seed and case (--replay N).
FUZZ_SEEDS ?= 20260302 1 2 3 4
FUZZ_CASES ?= 30000
fuzz: $(STAMP)
	$(BIN)/python -m tests.robustness.fuzz_reader --cases $(FUZZ_CASES) --seed $(FUZZ_SEEDS)

# Speed and memory against baselines measured in the same run; see benchmarks/README.md.
bench: $(STAMP) system-tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# THIRD_PARTY_NOTICES.txt from the installed distributions and bundled fonts (not committed);
# the package carries it beside the application, where the About box finds it.
notices: $(STAMP)
	$(BIN)/python -m charter_builder.notices build/THIRD_PARTY_NOTICES.txt

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist .pytest_cache

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py

docs: screenshots system-tools
	$(BIN)/python docs/make_pdf_pages.py
