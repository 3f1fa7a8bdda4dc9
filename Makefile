# Waypoint's tasks. `make run` to use it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# The first Python that is 3.12 or newer. We never download one.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DATA := var
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` is for one person on their own computer: debug off, plain HTTP on loopback only.
LOCAL_ENV := WAYPOINT_DATA_DIR=$(abspath $(DATA)) SECRET_KEY_FILE=$(abspath $(DATA))/secret_key \
	HTTPS=false DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost
TEST_ENV := SECRET_KEY=make-test-only HTTPS=false DEBUG=false WAYPOINT_DATA_DIR=$$(mktemp -d)

.PHONY: run dev serve serve-setup setup manage test browser lint fmt bench bench-compare clean icons screenshots

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Waypoint needs Python 3.12 or newer (python3.12 or python3.13)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

$(DATA)/secret_key:
	@umask 077 && mkdir -p $(DATA)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Created $@: keep it private, and back it up with $(DATA)/keys (supporters' link codes and invitations need it)."

setup: $(VENV)/.installed $(DATA)/secret_key
	@$(LOCAL_ENV) $(MANAGE) setup
	@$(LOCAL_ENV) $(MANAGE) collectstatic --noinput --verbosity 0

# Beside the server, `manage.py housekeeping` empties expired trash and sessions hourly (pages never
# write on a GET); it stops with the server, and by itself if this shell goes away.
# The address printed says localhost, not 127.0.0.1: browsers refuse passkeys at an IP address.
# --timeout 120: exporting a journal of tens of thousands of entries outlasts gunicorn's default 30 s.
run: setup
	@echo "Waypoint is running at http://localhost:$(PORT)/  (Ctrl+C to stop)"
	@$(LOCAL_ENV) bash -c '$(MANAGE) housekeeping --every 3600 >/dev/null & keeper=$$!; \
		trap "kill $$keeper 2>/dev/null" EXIT; \
		$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --timeout 120 --log-level warning'

# Any manage.py command with the settings `make run` uses: make manage ARGS="createsuperuser"
manage: $(VENV)/.installed $(DATA)/secret_key
	@test -n "$(ARGS)" || { echo 'Say which command, e.g. make manage ARGS="createsuperuser"'; exit 2; }
	@$(LOCAL_ENV) $(MANAGE) $(ARGS)

dev: $(VENV)/.installed-dev
	@umask 077 && mkdir -p $(DATA)
	@WAYPOINT_DATA_DIR=$(abspath $(DATA)) DEBUG=true $(MANAGE) setup
	@WAYPOINT_DATA_DIR=$(abspath $(DATA)) DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

# Production: behind HTTPS (see docs/deployment.md); configuration comes from the environment.
serve-setup: $(VENV)/.installed
	$(MANAGE) setup
	$(MANAGE) collectstatic --noinput --verbosity 0

serve: serve-setup
	$(BIN)/gunicorn config.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-3} --timeout 120

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The browser tests drive Debian's Chromium; nothing downloads a browser. As root on Debian,
# install it the way .ci/run does; anywhere else, stop at once with the one command to run.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Debian's Chromium. Install it, then run make test again:"; \
			echo "    sudo apt-get install chromium"; \
			exit 1; \
		fi; \
	fi

test: $(VENV)/.installed-dev browser lint
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/mypy .
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m bench

# The HTTP table for an older commit and for this tree, side by side, in one run (issue #16's before
# and after). BEFORE defaults to main just before #16's first merge; see docs/performance.md.
BEFORE ?= $(or $(BENCH_BEFORE),b5b779b)
bench-compare: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m bench.compare $(BEFORE)

# The home-screen icons (committed): a plain notebook, drawn with the standard library.
icons: | $(BIN)/python
	$(BIN)/python scripts/make_icons.py

# Phone-size pictures of the main pages, light and dark, for the README (committed). Runs a
# throwaway Waypoint on a free loopback port with a made-up person; needs Debian's chromium.
screenshots: $(VENV)/.installed-dev
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) $(DATA)/static
