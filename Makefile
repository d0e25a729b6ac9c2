# ShopNest Helpdesk — everyday commands (see README.md).
SHELL := /bin/bash
UV ?= uv
PYTEST_ARGS ?=
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shopnest
export REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install test unit lint migrate worker beat web bench

install:
	@command -v $(UV) >/dev/null || pip install --quiet uv
	$(UV) sync --frozen --quiet

# The whole suite: unit (no database), integration and end-to-end (real PostgreSQL, Redis,
# Celery worker). pytest's exit code 5 (nothing collected) counts as a failure.
test: install
	@$(UV) run pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected: failing"; exit 1; fi; exit $$rc

unit: install
	$(UV) run pytest tests/unit -q

lint: install
	$(UV) run ruff check .

migrate: install
	$(UV) run python manage.py migrate --noinput

web: migrate
	$(UV) run gunicorn config.wsgi --bind 127.0.0.1:$${PORT:-8000} --workers 2

worker: install
	$(UV) run celery -A config worker --loglevel INFO --concurrency 2

beat: install
	$(UV) run celery -A config beat --loglevel INFO --schedule .data/celerybeat-schedule

bench: install
	$(UV) run python bench/commands_bench.py
