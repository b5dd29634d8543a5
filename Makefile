# `make run` opens the reader on the bundled seeds; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(PY) -m compileall -q index tui  # byte-compiled, as a wheel install is: a faster start
	$(VENV)/bin/newsdesk

test: $(STAMP)
	$(VENV)/bin/ruff check index tui tests bench
	$(PY) -m pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check index tui tests bench
	$(VENV)/bin/ruff format --check index tui tests bench

bench: $(STAMP)
	$(PY) bench/ingest_search.py

clean:
	rm -rf $(VENV) build *.egg-info
