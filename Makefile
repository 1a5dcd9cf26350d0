# Two commands matter: `make run` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-quick lint bench crash-test fuzz clean screenshots docs system-tools web-tools notices \
	package package-test lock package-tools

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

# Chromium, axe-core and playwright-core let tests/test_web_page.py check the web page in a
# real browser. Chromium as Poppler above (root with apt-get); the two npm packages into
# build/axe where npm exists. Where they cannot be installed, those checks say they were skipped.
AXE_DIR := build/axe
AXE_PACKAGES := axe-core@4 playwright-core@1

web-tools:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing chromium"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 \
	     || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) \
	    || echo "Could not install chromium; the web page's accessibility checks will be skipped."; \
	else echo "Optional: install chromium to run the web page's accessibility checks."; fi
	@if [ -f $(AXE_DIR)/node_modules/axe-core/package.json ] \
	    && [ -f $(AXE_DIR)/node_modules/playwright-core/package.json ]; then :; \
	elif command -v npm >/dev/null; then \
	    mkdir -p $(AXE_DIR) && (npm install --prefix $(AXE_DIR) --no-audit --no-fund --silent \
	        $(AXE_PACKAGES) >/dev/null 2>&1 \
	     || echo "Could not install axe-core; the web page's accessibility checks will be skipped."); \
	else echo "Optional: install Node.js and npm to run the web page's accessibility checks."; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/charter-builder $(ARGS)

# One test process per core (pytest-xdist): each test has its own folders, so they run apart.
TEST_WORKERS ?= auto
test: $(STAMP) system-tools web-tools
	$(BIN)/ruff check --quiet .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The same without the cases marked slow: a quick check while working.
test-quick: $(STAMP) system-tools web-tools
	$(BIN)/ruff check --quiet .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not slow" $(PYTEST_ARGS)

# The long versions of checks whose short versions run in `make test`.
crash-test: $(STAMP)
	PYTHONPATH=tests $(BIN)/python -m robustness.crash_harness --kills 1000

# Several seeds, each replayable: a failure names its seed and case (--replay N).
FUZZ_SEEDS ?= 20260302 1 2 3 4
FUZZ_CASES ?= 30000
fuzz: $(STAMP)
	PYTHONPATH=tests $(BIN)/python -m robustness.fuzz_reader --cases $(FUZZ_CASES) --seed $(FUZZ_SEEDS)

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

# ---- The packaged application (see README, "Installing Charter Builder") ----------------
# Built in a virtual environment of its own from packaging/requirements.lock: exact,
# hashed versions, because render/pdf_fixes.py and seal.py lean on library internals.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' charter_builder/__init__.py)
PACKAGE_VENV := build/package-venv
PACKAGE_STAMP := $(PACKAGE_VENV)/.installed
FROZEN := dist/charter-builder
TARBALL := dist/charter-builder-$(VERSION)-linux-$(shell uname -m).tar.gz
# Pango for WeasyPrint to bundle, and what the install step's test uses.
PACKAGE_SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 xdg-utils shared-mime-info \
	desktop-file-utils

package-tools:
	@if command -v xdg-mime >/dev/null && command -v update-mime-database >/dev/null \
	    && ldconfig -p 2>/dev/null | grep -q libpango-1.0; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(PACKAGE_SYSTEM_PACKAGES)"; \
	    (apt-get install -y -qq $(PACKAGE_SYSTEM_PACKAGES) >/dev/null 2>&1 \
	     || (apt-get update -qq >/dev/null 2>&1 \
	         && apt-get install -y -qq $(PACKAGE_SYSTEM_PACKAGES) >/dev/null 2>&1)) \
	    || echo "Could not install $(PACKAGE_SYSTEM_PACKAGES)."; \
	else echo "Optional: install $(PACKAGE_SYSTEM_PACKAGES) for the install-step test."; fi

# Python 3.11's own pip (23.2) resolves an extra such as WeasyPrint's fonttools[woff] to
# the newest release rather than the hashed pin, and then refuses it: a current pip does not.
$(PACKAGE_STAMP): packaging/requirements.lock pyproject.toml
	test -x $(PACKAGE_VENV)/bin/python || $(PYTHON) -m venv $(PACKAGE_VENV)
	$(PACKAGE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PACKAGE_VENV)/bin/python -m pip install --quiet --require-hashes -r packaging/requirements.lock
	$(PACKAGE_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation .
	touch $@

package: $(PACKAGE_STAMP) package-tools
	$(PACKAGE_VENV)/bin/python packaging/make_icons.py build/icons >/dev/null
	$(PACKAGE_VENV)/bin/python -m charter_builder.notices build/THIRD_PARTY_NOTICES.txt
	$(PACKAGE_VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
	    --workpath build/pyinstaller packaging/charter-builder.spec
	rm -rf build/tarball && mkdir -p build/tarball/charter-builder-$(VERSION)/share/icons
	cp -R $(FROZEN) build/tarball/charter-builder-$(VERSION)/
	cp packaging/linux/install.sh packaging/linux/README.txt build/tarball/charter-builder-$(VERSION)/
	cp packaging/linux/charter-builder.desktop packaging/linux/charter-builder-mime.xml \
	    build/tarball/charter-builder-$(VERSION)/share/
	cp build/icons/charter-builder-*.png build/tarball/charter-builder-$(VERSION)/share/icons/
	tar -C build/tarball -czf $(TARBALL) charter-builder-$(VERSION)
	@echo "Built $(FROZEN) and $(TARBALL) ($$(du -sh $(FROZEN) | cut -f1) unpacked)."

# Runs the frozen programs, not Python: the command line, the install step, and the window.
package-test: package $(STAMP)
	CHARTER_BUILDER_FROZEN=$(FROZEN) CHARTER_BUILDER_TARBALL=$(TARBALL) \
	    QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest packaging/tests -p no:cacheprovider

# Pin the packaged application's versions again (needs the network to PyPI).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml packaging/requirements-build.in \
	    --generate-hashes --universal --python-version 3.11 -q -o packaging/requirements.lock

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py
	CHARTER_BUILDER_SCREENSHOTS=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
	    tests/gui/test_themes.py -k dark -p no:cacheprovider

docs: screenshots system-tools
	$(BIN)/python docs/make_pdf_pages.py
