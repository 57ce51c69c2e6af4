# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYSTAMP := $(VENV)/.installed
LOCK := requirements/dev.lock
NODESTAMP := node_modules/.installed
HTMX := static/vendor/htmx/htmx.min.js
PANZOOM := static/vendor/panzoom/panzoom.min.js

.PHONY: setup run test lint format bench lock messages screenshot

$(PYSTAMP): $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	touch $@

# Front-end assets come from npm (package-lock.json pins them) and are served locally.
$(NODESTAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(HTMX): $(NODESTAMP)
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

$(PANZOOM): $(NODESTAMP)
	mkdir -p $(dir $@)
	cp node_modules/@panzoom/panzoom/dist/panzoom.min.js $@

setup: $(PYSTAMP) $(HTMX) $(PANZOOM)

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	# The background worker (e-mails, reminders) runs beside the server and stops with it.
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT; \
	  $(PY) manage.py consultations_remind --schedule; $(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: setup lint
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/layout_bench.py

.PHONY: bench-map
# The map page of the largest shared network, layout cached (figures in docs/map-page-benchmark.md).
bench-map: setup
	$(PY) benchmarks/map_page_bench.py --write docs/map-page-benchmark.md

# After changing UI strings: update the catalogues, translate, then compile (needs gettext).
# The compiled .mo files are committed so that machines without gettext work too.
messages: setup
	$(PY) manage.py makemessages --no-location --no-obsolete -l fi -l sv -l en -i ".venv/*" -i "node_modules/*" -i "metromap/*" -i "benchmarks/*"
	$(PY) manage.py compilemessages -l fi -l sv -l en -i .venv -i node_modules

# The README screenshot; needs the demo running (`make run` in another terminal).
screenshot: setup
	$(PY) tools/screenshot.py docs/img/network.png

# Regenerate the hashed locks after changing pyproject.toml (needs pip-tools, in the dev lock).
lock: setup
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --generate-hashes --allow-unsafe -o requirements/base.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --generate-hashes --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml
