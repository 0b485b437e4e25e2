"""Mail settings from the environment: EMAIL_URL, the EMAIL_* variables, or the default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.email_config import email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def test_an_email_url_gives_every_setting():
    found = email_settings("smtp://ann%40x.org:p%3Ass@mail.x.org:587?tls=1", {}, debug=False)
    assert found == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.x.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "ann@x.org",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
    smtps = email_settings("smtps://mail.x.org", {}, debug=False)
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"]) == (465, True)
    assert email_settings("console://", {}, debug=False)["EMAIL_BACKEND"] == CONSOLE


def test_the_usual_variables_work_without_a_url():
    found = email_settings(
        "", {"EMAIL_HOST": "relay", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "1"}, debug=False
    )
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (
        "relay",
        2525,
        True,
    )


def test_development_prints_mail_and_production_uses_local_smtp():
    assert email_settings("", {}, debug=True)["EMAIL_BACKEND"] == CONSOLE
    assert email_settings("", {}, debug=False)["EMAIL_BACKEND"] == SMTP


def test_a_wrong_url_is_refused_with_the_reason():
    with pytest.raises(ImproperlyConfigured, match="'http' is not one of"):
        email_settings("http://x", {}, debug=False)
