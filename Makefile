# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Python keeps the compiled modules, in var/pycache rather than beside the sources, also where
# the environment says not to write them (PYTHONDONTWRITEBYTECODE): otherwise every process of
# `make test` (the two test processes, each manage.py, the servers some tests start) compiles
# the portal's modules again and pytest rewrites every test module anew, seconds each.
export PYTHONDONTWRITEBYTECODE :=
export PYTHONPYCACHEPREFIX ?= $(CURDIR)/var/pycache

.PHONY: install lock run test test-fast lint checks imports django-checks static

# The pinned versions and their hashes (requirements.lock, made by `make lock`), then the
# project itself without resolving anything again.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# After a change of the dependencies in pyproject.toml: the lock file, with every hash.
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--output-file requirements.lock pyproject.toml

# Development server and one queue worker (Procfile, run by honcho; Ctrl-C or SIGTERM stops
# both) with the demo data, on the embedded database unless DATABASE_URL is set.
run: export DEBUG ?= true
run: export DEMO ?= true
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(VENV)/bin/honcho start

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Lint, the import contracts (pyproject.toml), Django's checks, the collected static files
# (the tests run them two at a time: `make -j2 checks`).
STATIC_ROOT ?= staticfiles
MANIFEST := $(STATIC_ROOT)/staticfiles.json
CHECKS := checks imports django-checks static $(MANIFEST)
$(CHECKS): export SECRET_KEY ?= test-only-secret-key
$(CHECKS): export ALLOWED_HOSTS ?= 127.0.0.1,localhost
checks: lint imports django-checks static

imports: $(STAMP)
	$(VENV)/bin/lint-imports

# makemigrations runs every system check (`manage.py check`) before it looks at the models.
django-checks: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Collected again only when the portal's static files, the settings or the installed packages
# (the admin's files) changed: post-processing all of them takes seconds.
static: $(MANIFEST)
$(MANIFEST): $(STAMP) biblioteksportal/settings.py $(shell find static */static -type f)
	$(PY) manage.py collectstatic --noinput --verbosity 0
	touch $@

# The test databases' template is migrated beside the checks (tests/template.py). Tests run in
# two processes (pytest-xdist); the browser suite in a run of its own (Playwright marks its
# event loop running in the test process, where the queue's worker runs its own).
CHECKS_AND_TEMPLATE = $(PY) -m tests.template & template=$$!; \
	$(MAKE) --no-print-directory -j2 --output-sync=target checks && wait $$template
PYTEST := $(PY) -m pytest --durations=15
test: export SECRET_KEY ?= test-only-secret-key
test: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
test: $(STAMP)
	$(CHECKS_AND_TEMPLATE)
	$(PYTEST) -n 2 -m "not browser"
	$(PYTEST) -n 2 -m browser

# The same without the browser suite and the two-instance script (about two minutes).
test-fast: export SECRET_KEY ?= test-only-secret-key
test-fast: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
test-fast: $(STAMP)
	$(CHECKS_AND_TEMPLATE)
	$(PYTEST) -n 2 -m "not browser and not two_instances"
