FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# pg_dump and pg_restore for `manage.py backup_database` / `restore_database`: Debian 12's
# client is PostgreSQL 15, the server's version in docker-compose.yml.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml requirements.lock README.md ./
COPY archive ./archive
COPY meetings ./meetings
# Installs the pinned dependencies; the code itself runs from /app.
RUN pip install -c requirements.lock . && pip uninstall -y parley

COPY . .
# collectstatic needs settings that pass the production checks; these values are build-only.
RUN DEBUG=0 SECRET_KEY=build-only-secret-key-not-used-at-runtime-000000 ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 parley && mkdir -p /data/index /data/cache /backups \
    && chown -R parley /data /app /backups
USER parley
EXPOSE 8000
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--no-control-socket"]
