# The two set-up commands are `make run` and `make test`; everything else is a convenience.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint format messages worker beat bench bench-eligibility bench-batch bench-scale-db bench-scale bench-lookup check-deploy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install  ## the portal on the embedded default: SQLite, Celery in-process, demo data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install  ## the whole suite against the machine's PostgreSQL and Redis
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install  ## refresh the English catalogue from the zh-hans sources and compile it (needs gettext)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages -l en -l zh_Hans --ignore=.venv

worker: install  ## a Celery worker against REDIS_URL
	$(VENV)/bin/celery -A hukou_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A hukou_portal beat --loglevel=INFO

bench: bench-eligibility bench-batch

bench-eligibility: install
	$(PY) bench/eligibility.py

bench-batch: install  ## PostgreSQL and Redis; on a copy of hukou_bench_scale (bench/scale_db.py) when built, else on its own hukou_bench
	$(PY) bench/batch.py

bench-scale-db: install  ## the 1M-case database hukou_bench_scale (about 10 minutes), unless it is there and complete
	$(PY) bench/scale_db.py

bench-scale: bench-scale-db  ## the queue pages at 1M cases under gunicorn (2 workers): p95 and queries per page
	$(PY) bench/scale.py

bench-lookup: bench-scale-db  ## the public status lookup and the eligibility API against a bare view, 8 clients
	$(PY) bench/lookup.py
