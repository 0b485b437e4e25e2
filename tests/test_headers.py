"""Response headers: security policy, HSTS, caching and conditional GET on public pages only."""

import os
import secrets
import subprocess
import sys

import pytest
from django.utils.http import http_date

from tests.test_compose import resolved_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMARKAND = "/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_pages_carry_a_strict_content_security_policy(client, samarkand):
    policy = directives(client.get(SAMARKAND))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert not any("unsafe" in value for value in policy.values())


def test_pages_deny_powerful_browser_features(client, samarkand):
    permissions = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_hsts_is_sent_over_https_only(client, samarkand):
    assert client.get("/", secure=True).headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_a_forwarded_proto_header_is_ignored_without_a_proxy(client, samarkand, settings):
    assert settings.BEHIND_PROXY is False
    forged = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in forged.headers
    assert forged.wsgi_request.is_secure() is False


def test_behind_the_proxy_its_forwarded_proto_and_client_address_count(rf, settings):
    from meetings.ratelimit import client_ip

    settings.BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_REAL_IP="203.0.113.9")
    assert request.is_secure() and client_ip(request) == "203.0.113.9"
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/meetings/",
        "/meetings/2022/09/",
        SAMARKAND,
        "/leaders/",
        "/leaders/vladimir-putin/",
        "/countries/az/",
        "/sitemap.xml",
    ],
)
def test_an_archive_page_answers_a_conditional_get_with_304_and_no_query(
    client, samarkand, path, django_assert_num_queries
):
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_an_edit_changes_the_validators_and_the_page_comes_back(client, samarkand):
    first = client.get(SAMARKAND)
    samarkand.title = "Meeting with President of Azerbaijan Ilham Aliyev in Samarkand"
    samarkand.save()
    again = client.get(
        samarkand.get_absolute_url(),
        HTTP_IF_NONE_MATCH=first.headers["ETag"],
        HTTP_IF_MODIFIED_SINCE=http_date(0),
    )
    assert again.status_code == 200
    assert "in Samarkand" in again.content.decode()


def test_an_edit_to_a_person_changes_the_meeting_pages_validators(client, samarkand):
    """The meeting page shows its people's names: its own updated_at would not do."""
    first = client.get(SAMARKAND)
    aliyev = samarkand.participations.get(order=1).person
    aliyev.name = "Ilham Heydar oglu Aliyev"
    aliyev.save()
    again = client.get(SAMARKAND, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 200 and "Ilham Heydar oglu Aliyev" in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_again_when_the_edit_commits(samarkand):
    """A page read between the save and the commit shows the old data: it must not match."""
    from django.db import transaction

    from meetings import overview

    with transaction.atomic():
        samarkand.save()
        during = overview.version()
    assert overview.version() != during


def test_search_pages_get_an_etag_of_their_content(client, second_transcript):
    first = client.get("/search/", {"q": "ceasefire"})
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/search/", {"q": "ceasefire"}, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304
    other = client.get("/search/", {"q": "grain"}, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert other.status_code == 200 and "grain" in other.content.decode()


def test_admin_pages_are_never_cached_nor_validated(staff_client, samarkand):
    for path in ("/admin/", f"/admin/meetings/meeting/{samarkand.pk}/change/"):
        response = staff_client.get(path)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert "ETag" not in response.headers and "Last-Modified" not in response.headers


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    # Only what a deployment has: not the test run's own variables.
    env = {"PATH": os.environ["PATH"], **resolved_env("web")}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_ROOT=str(tmp_path / "static"),
        SEARCH_INDEX_PATH=str(tmp_path / "index"),
        CACHE_PATH=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
