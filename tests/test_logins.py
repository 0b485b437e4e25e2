"""The editors' door: throttled logins, a configurable admin path, checked passwords."""

import datetime
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGIN = "/admin/login/"
PASSWORD = "a-long-editor-password"
GUESSER, EDITORS_DESK = "198.51.100.7", "203.0.113.20"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """Dozens of logins: the production hasher would spend most of a second on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password, address, username="editor"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_fifty_wrong_passwords_lock_the_guesser_out_but_not_the_editor(
    client, editor, django_user_model, settings
):
    answers = [log_in(client, f"guess-{n}", GUESSER).status_code for n in range(50)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the login form, with its error
    assert set(answers[limit - 1 :]) == {429}

    refused = log_in(client, PASSWORD, GUESSER)  # even the right password, from there
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 15 * 60
    assert "failed too many times" in refused.content.decode()
    assert "refused for 15 minutes" in refused.content.decode()

    # The refused tries were not counted against the account: from the editor's own
    # desk, the right password still works.
    assert is_logged_in(log_in(client, PASSWORD, EDITORS_DESK))


def test_an_account_guessed_at_from_many_addresses_is_locked_for_everyone(client, editor):
    for n in range(20):  # LOGIN_ACCOUNT_FAILURE_LIMIT, spread over four addresses
        assert log_in(client, f"guess-{n}", f"192.0.2.{n % 4}").status_code in (200, 429)
    refused = log_in(client, PASSWORD, EDITORS_DESK)
    assert refused.status_code == 429
    # Another account, from the same desk, is not affected.
    assert log_in(client, "wrong", EDITORS_DESK, username="someone-else").status_code == 200


def test_after_the_cool_off_the_right_password_works_again(client, editor):
    for n in range(6):
        log_in(client, f"guess-{n}", GUESSER)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert is_logged_in(log_in(client, PASSWORD, GUESSER))


def test_a_login_with_a_wrong_password_shows_the_form_again(client, editor):
    response = log_in(client, "nope", GUESSER)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def admin_index_for(admin_path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ADMIN_PATH": admin_path, "DEBUG": "1"}
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("admin_path", "url"), [("editors-7f3a/", "/editors-7f3a/"), ("/desk", "/desk/")]
)
def test_the_admin_lives_at_admin_path(admin_path, url):
    result = admin_index_for(admin_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == url


@pytest.mark.parametrize("admin_path", ["search/", "/", "leaders/editors/"])
def test_an_admin_path_over_public_pages_is_refused(admin_path):
    result = admin_index_for(admin_path)
    assert result.returncode != 0
    assert "ADMIN_PATH" in result.stderr and "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("password", "reason"),
    [("admin", "too short"), ("password123", "too common"), ("chief-editor", "too similar")],
)
def test_createsuperuser_without_a_prompt_checks_the_password(
    monkeypatch, django_user_model, password, reason
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError, match=reason):
        call_command(
            "createsuperuser",
            "--noinput",
            "--username",
            "chief-editor",
            "--email",
            "chief@example.org",
            verbosity=0,
        )
    assert not django_user_model.objects.exists()


def test_createsuperuser_without_a_prompt_accepts_a_good_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct horse battery staple")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief")
    call_command("createsuperuser", "--noinput", "--email", "chief@example.org", verbosity=0)
    chief = django_user_model.objects.get(username="chief")
    assert chief.is_superuser and chief.check_password("correct horse battery staple")
