"""docker-compose.yml agrees with the settings (Docker itself does not run on CI machines)."""

import re
from pathlib import Path

import dj_database_url
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (ROOT / "archive" / "settings.py").read_text()
README = (ROOT / "README.md").read_text()
APP_SERVICES = ["web", "worker"]


def resolved_env(service):
    """The service's environment with ${VAR:-default} and ${VAR:?msg} filled in."""
    env = {}
    for key, value in COMPOSE["services"][service]["environment"].items():
        value = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", str(value))
        env[key] = re.sub(r"\$\{(\w+):\?[^}]*\}", "provided-by-operator-" + "x" * 40, value)
    return env


def test_services_are_db_web_and_one_worker():
    assert set(COMPOSE["services"]) == {"db", "web", "worker"}
    assert "gunicorn archive.wsgi:application" in COMPOSE["services"]["web"]["command"]
    assert COMPOSE["services"]["worker"]["command"] == "python manage.py db_worker"
    assert "replicas" not in str(COMPOSE["services"]["worker"])  # Whoosh has one writer


def test_database_has_a_healthcheck_and_a_named_volume():
    db = COMPOSE["services"]["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, target = db["volumes"][0].split(":")
    assert volume in COMPOSE["volumes"] and target == "/var/lib/postgresql/data"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_waits_for_a_healthy_database(service):
    assert COMPOSE["services"][service]["depends_on"]["db"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_environment_matches_the_settings(service):
    env = resolved_env(service)
    for key in env:
        assert f'"{key}"' in SETTINGS_SOURCE, f"{key} is not read by archive/settings.py"
        assert f"`{key}`" in README, f"{key} is not documented in README.md"
    assert env["DEBUG"] == "0"
    assert len(env["SECRET_KEY"]) >= 32 and env["ALLOWED_HOSTS"]
    assert env["TASKS_BACKEND"] == "database"
    database = dj_database_url.parse(env["DATABASE_URL"])
    db_env = COMPOSE["services"]["db"]["environment"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db" and database["NAME"] == db_env["POSTGRES_DB"]
    assert database["USER"] == db_env["POSTGRES_USER"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_search_index_lives_on_a_shared_named_volume(service):
    index_path = resolved_env(service)["SEARCH_INDEX_PATH"]
    mounts = dict(v.split(":")[::-1] for v in COMPOSE["services"][service]["volumes"])
    assert mounts[index_path] in COMPOSE["volumes"]


def test_dockerfile_serves_with_gunicorn_on_the_published_port():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "gunicorn" in dockerfile and "EXPOSE 8000" in dockerfile
    assert COMPOSE["services"]["web"]["ports"] == ["8000:8000"]
