# Two commands matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

# The newest CPython 3.12+ that pyenv knows, else python3.13/python3.12 on the PATH.
PYTHON_BOOT := $(shell \
	for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$$' | sort -V -r); do \
		p="$$(pyenv root)/versions/$$v/bin/python3"; [ -x "$$p" ] && { echo "$$p"; exit 0; }; \
	done; \
	for c in python3.14 python3.13 python3.12 python3; do \
		command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; exit 0; }; \
	done)

.PHONY: venv install system-deps migrate seed run test test-suite test-postgres test-scale \
	lint format superuser bench loadtest screenshots clean

$(PY):
	@test -n "$(PYTHON_BOOT)" || { echo "No Python 3.12+ found (pyenv or python3.12/3.13 on PATH)"; exit 1; }
	$(PYTHON_BOOT) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and benches drive: Chromium (browser tests), a JRE (the Nu HTML
# Checker), wrk (load), poppler-utils (PDF pictures; pdftotext checks the PDF's layout), and
# what the PDF itself needs: libharfbuzz-subset0 (WeasyPrint subsets fonts with it; without
# it WeasyPrint warns on every PDF and falls back to fontTools) and the Liberation fonts the
# print stylesheet names (page counts are measured with them); redis-server for test-scale.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	dpkg-query -W -f='$${db:Status-Status}' libharfbuzz-subset0 2>/dev/null | grep -qx installed \
		|| missing="$$missing libharfbuzz-subset0"; \
	fc-list -q "Liberation Sans" 2>/dev/null || missing="$$missing fonts-liberation"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_policy

run: seed
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: system-deps lint test-suite

# The suite alone (what test-postgres runs a second time against PostgreSQL).
test-suite: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest \
		--cov=policydata.rules --cov-branch --cov-report=term-missing:skip-covered \
		--cov-fail-under=100

test-postgres: system-deps install
	scripts/with-postgres $(MAKE) --no-print-directory test-suite

# Two gunicorn instances on one throwaway PostgreSQL and one Redis, checked over HTTP:
# shared rate limits, shared PDF cache, drafts and publishing across instances, Redis down.
test-scale: system-deps install
	scripts/with-postgres $(PY) scripts/test_scale.py

superuser: seed
	$(PY) manage.py createsuperuser

bench: system-deps seed
	$(PY) bench/run.py

# Two gunicorn instances on one throwaway PostgreSQL and one Redis, under wrk (bench/loadtest.py).
loadtest: system-deps install
	scripts/with-postgres $(PY) bench/loadtest.py

screenshots: system-deps install
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
