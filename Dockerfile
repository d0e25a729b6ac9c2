# ShopNest Helpdesk image: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" PROMETHEUS_MULTIPROC_DIR=/var/lib/shopnest/metrics
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
# Only the service itself: no dev tools, no embedded servers (those are for `make run`).
RUN uv sync --frozen --no-default-groups --no-install-project
COPY . .
# The processes of one container count into files here (docker compose mounts a volume shared
# by web and worker over it): docs/operations.md, Metrics.
RUN mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "python:config.gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4"]
