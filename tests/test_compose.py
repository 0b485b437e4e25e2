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
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()
APP_SERVICES = ["web", "worker", "backup"]


def resolved_env(service):
    """The service's environment with ${VAR:-default} and ${VAR:?msg} filled in."""
    env = {}
    for key, value in COMPOSE["services"][service]["environment"].items():
        if key == "<<":  # yaml.safe_load has merged the anchor already
            continue
        value = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", str(value))
        env[key] = re.sub(r"\$\{(\w+):\?[^}]*\}", "provided-by-operator-" + "x" * 40, value)
    return env


def test_services_are_proxy_db_web_one_worker_and_backup():
    assert set(COMPOSE["services"]) == {"proxy", "db", "web", "worker", "backup"}
    assert COMPOSE["services"]["backup"]["profiles"] == ["backup"]  # not started by `up`
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
    assert env["BEHIND_PROXY"] == "1"
    database = dj_database_url.parse(env["DATABASE_URL"])
    db_env = COMPOSE["services"]["db"]["environment"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db" and database["NAME"] == db_env["POSTGRES_DB"]
    assert database["USER"] == db_env["POSTGRES_USER"]


@pytest.mark.parametrize("service", APP_SERVICES)
@pytest.mark.parametrize("setting", ["SEARCH_INDEX_PATH", "CACHE_PATH"])
def test_index_and_cache_live_on_shared_named_volumes(service, setting):
    path = resolved_env(service)[setting]
    mounts = dict(v.split(":")[::-1] for v in COMPOSE["services"][service]["volumes"])
    assert mounts[path] in COMPOSE["volumes"]


def test_the_backup_service_writes_to_a_named_volume():
    env = resolved_env("backup")
    mounts = dict(v.split(":")[::-1] for v in COMPOSE["services"]["backup"]["volumes"])
    assert mounts[env["BACKUP_DIR"]] in COMPOSE["volumes"]
    assert int(env["BACKUP_KEEP"]) > 0
    assert COMPOSE["services"]["backup"]["command"] == "python manage.py backup_database"


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in COMPOSE["services"].items() if "ports" in service}
    assert published == {"proxy"}
    assert {"80:80", "443:443"} <= set(COMPOSE["services"]["proxy"]["ports"])


def test_gunicorn_is_reached_only_through_the_proxy_network():
    services = COMPOSE["services"]
    assert services["web"]["expose"] == ["8000"]
    assert set(services["proxy"]["networks"]) == {"edge"}
    on_edge = {name for name, service in services.items() if "edge" in service.get("networks", [])}
    assert on_edge == {"proxy", "web"}
    assert COMPOSE["networks"]["internal"]["internal"] is True
    assert services["db"]["networks"] == ["internal"]


def test_the_proxy_runs_the_tested_caddyfile_from_the_official_image():
    proxy = COMPOSE["services"]["proxy"]
    assert re.fullmatch(r"caddy:2\.\d+", proxy["image"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    for key in proxy["environment"]:
        assert "{$" + key in CADDYFILE, f"{key} is not read by deploy/Caddyfile"
    assert proxy["environment"]["UPSTREAM"] == "web:8000"
    assert "`SITE_ADDRESS`" in README


def test_dockerfile_serves_with_gunicorn_on_the_port_the_proxy_reaches():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "gunicorn" in dockerfile and "EXPOSE 8000" in dockerfile
    assert "postgresql-client" in dockerfile  # pg_dump and pg_restore for the backups
    assert "--bind 0.0.0.0:8000" in COMPOSE["services"]["web"]["command"]
