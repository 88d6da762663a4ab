# bookforge: `make book` sets everything up and builds the sample; `make test` runs the tests.
VENV   := .venv
PY     := $(VENV)/bin/python
BF     := $(VENV)/bin/bookforge
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: book test bench typography lint system clean

book: $(STAMP)
	$(BF) epub . --layout interleaved
	$(BF) epub . --layout facing
	$(BF) pdf . --layout interleaved
	$(BF) pdf . --layout facing
	$(BF) html . --layout interleaved
	$(PY) scripts/pictures.py
	@ls -l build/

test: $(STAMP)
	@bash scripts/reader-deps.sh $(VENV)/reader
	$(VENV)/bin/ruff check src tests scripts
	$(PY) -m pytest

bench: $(STAMP)
	@command -v pandoc >/dev/null || bash scripts/system-deps.sh pandoc
	$(PY) scripts/bench.py
	$(PY) scripts/typography.py

typography: $(STAMP)
	$(PY) scripts/typography.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts

system:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build .pytest_cache
