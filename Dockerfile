FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY archive ./archive
COPY meetings ./meetings
# Installs the pinned dependencies; the code itself runs from /app.
RUN pip install -c requirements.lock . && pip uninstall -y parley

COPY . .
# collectstatic needs settings that pass the production checks; these values are build-only.
RUN DEBUG=0 SECRET_KEY=build-only-secret-key-not-used-at-runtime-000000 ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 parley && mkdir -p /data/index && chown -R parley /data /app
USER parley
EXPOSE 8000
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
