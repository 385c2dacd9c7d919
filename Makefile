# kneecoach: `make run` serves the app, `make test` runs every check. Both set up from nothing.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
export KNEECOACH_DATA_DIR ?= $(CURDIR)/var
# PostgreSQL for the second, database-only test pass; unreachable -> skipped with the reason.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# Each check prints the time it starts, so a slow CI log shows where the time went.
STAMP = @echo "== $$(date -u +%H:%M:%S) $@"

.PHONY: run serve chromium pango messages cli-demo test venv install install-dev install-camera migrate demo lint typecheck pytest pytest-postgres bench bench-cli clean

$(VENV)/.created:
	@python="$$(scripts/find-python)" && echo "== $$(date -u +%H:%M:%S) creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
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

install: $(VENV)/.installed pango
install-dev: $(VENV)/.installed-dev

migrate: install
	$(VENV)/bin/kneecoach migrate

demo: migrate
	$(VENV)/bin/kneecoach demo

# The terminal version of the demo: today's session of the demo person.
cli-demo: demo
	$(VENV)/bin/kneecoach today --user demo

# The web app on http://$(HOST):$(PORT)/ with the demo person, SQLite, debug on (local use only).
run: export KNEECOACH_DEBUG = 1
run: demo
	@echo "kneecoach: http://$(HOST):$(PORT)/  (log in as demo / kneecoach-demo; Ctrl-C stops)"
	$(PY) -m kneecoach.web.serve --host $(HOST) --port $(PORT)

# The web app under gunicorn with the environment's settings (KNEECOACH_SECRET_KEY etc.).
serve: migrate
	$(PY) -m kneecoach.web.serve --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests: installed when missing and we are root; otherwise the
# browser tests skip with the reason.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || echo "chromium could not be installed; browser tests will skip"; \
	else echo "no /usr/bin/chromium and not root: browser tests will skip"; fi

# pango for WeasyPrint (the PDF handouts): installed when missing and we are root; otherwise say so
# (everything else works without it).
pango:
	@if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 >/dev/null \
	  || echo "pango could not be installed; the PDF handouts will not work"; \
	else echo "no pango (libpangoft2-1.0-0): install it for the PDF handouts"; fi

# Re-extract and compile the Norwegian catalogue (needs gettext); the .mo is committed so a fresh
# clone runs without gettext.
messages: install
	cd src/kneecoach/web && KNEECOACH_DEBUG=1 DJANGO_SETTINGS_MODULE=kneecoach.web.settings \
	  $(CURDIR)/$(VENV)/bin/django-admin makemessages -l nb --no-obsolete
	cd src/kneecoach/web && KNEECOACH_DEBUG=1 DJANGO_SETTINGS_MODULE=kneecoach.web.settings \
	  $(CURDIR)/$(VENV)/bin/django-admin compilemessages -l nb

lint: install-dev
	$(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports

# Strict mypy over src and tests (the files in pyproject's [tool.mypy]).
typecheck: install-dev $(VENV)/.installed-camera  # mypy reads numpy's types for motion/
	$(STAMP)
	$(VENV)/bin/mypy src tests

pytest: install-dev $(VENV)/.installed-camera chromium pango
	$(STAMP)
	PYTHONUNBUFFERED=1 $(VENV)/bin/pytest

# The database tests again on PostgreSQL (tests/conftest.py skips, printing why, if unreachable).
pytest-postgres: install-dev
	$(STAMP)
	PYTHONUNBUFFERED=1 KNEECOACH_TEST_DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -m django_db

test: lint typecheck pytest pytest-postgres
	$(STAMP) done

bench: install-dev
	$(PY) bench/engine.py
	$(PY) bench/request_cpu.py today page log
	$(PY) bench/web.py
	$(PY) bench/cli.py

bench-cli: install
	$(PY) bench/cli.py

clean:
	rm -rf $(VENV) var test-output .pytest_cache .mypy_cache .ruff_cache
