# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYSTAMP := $(VENV)/.installed
LOCK := requirements/dev.lock

.PHONY: setup run test lint format bench lock

$(PYSTAMP): $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	touch $@

setup: $(PYSTAMP)

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

# Regenerate the hashed locks after changing pyproject.toml (needs pip-tools, in the dev lock).
lock: setup
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --generate-hashes --allow-unsafe -o requirements/base.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --generate-hashes --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml
