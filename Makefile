# kneecoach: `make run` serves the app, `make test` runs every check. Both set up from nothing.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
export KNEECOACH_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test venv install install-dev install-camera migrate demo lint typecheck pytest pytest-postgres bench clean

$(VENV)/.created:
	@python="$$(scripts/find-python)" && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	@$(PIP) install --upgrade pip
	@touch $@

venv: $(VENV)/.created

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[dev]'
	@touch $@

# The camera extra, then mediapipe without its declared dependencies (jax, opencv-contrib).
$(VENV)/.installed-camera: $(VENV)/.installed-dev pyproject.toml
	$(PIP) install -e '.[dev,camera]'
	$(PIP) install --no-deps mediapipe==0.10.14
	@touch $@

install-camera: $(VENV)/.installed-camera

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(VENV)/bin/kneecoach migrate

demo: migrate
	$(VENV)/bin/kneecoach demo

run: demo
	$(VENV)/bin/kneecoach today --user demo

lint: install-dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/lint-imports

typecheck: install-dev
	$(VENV)/bin/mypy

pytest: install-dev $(VENV)/.installed-camera
	$(VENV)/bin/pytest

test: lint typecheck pytest

bench: install-dev
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) var test-output .pytest_cache .mypy_cache .ruff_cache
