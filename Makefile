# ShopNest Helpdesk — everyday commands (see README.md).
SHELL := /bin/bash
UV ?= uv
PYTEST_ARGS ?=

.PHONY: install run test unit lint bench

# Everything on one machine: embedded PostgreSQL and Redis under .data/ unless DATABASE_URL /
# REDIS_URL are set; migrations; a demo admin agent; gunicorn, Celery worker and beat.
run: install
	$(UV) run python -m shopnest.devstack

install:
	@command -v $(UV) >/dev/null || pip install --quiet uv
	$(UV) sync --frozen --quiet

# The whole suite: unit (no database), integration and end-to-end (real PostgreSQL, Redis,
# Celery worker). pytest's exit code 5 (nothing collected) counts as a failure.
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shopnest
test: export REDIS_URL ?= redis://127.0.0.1:6379/0
test: install
	@$(UV) run pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected: failing"; exit 1; fi; exit $$rc

unit: install
	$(UV) run pytest tests/unit -q

lint: install
	$(UV) run ruff check .

bench: install
	$(UV) run python bench/commands_bench.py
