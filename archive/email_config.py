"""Django's e-mail settings from the environment: `EMAIL_URL`, or the usual `EMAIL_*`.

    EMAIL_URL=smtp://user:password@mail.example.org:587?tls=1   (STARTTLS)
    EMAIL_URL=smtps://user:password@mail.example.org:465         (TLS from the start)
    EMAIL_URL=console://                                          (print mail; `make run`)

Without EMAIL_URL: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, EMAIL_USE_SSL as Django names them; with neither, mail is printed when DEBUG
is on and handed to an SMTP server on localhost:25 otherwise.
"""

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_TRUE = {"1", "true", "yes", "on"}


def email_settings(url: str, environ: Mapping[str, str], *, debug: bool) -> dict:
    """The EMAIL_* settings to define, as a dict: from `url` (EMAIL_URL) or `environ`."""
    url = (url or "").strip()
    if url:
        return _from_url(url)
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        backend = _BACKENDS["console" if debug else "smtp"]
        return {"EMAIL_BACKEND": backend, "EMAIL_HOST": "localhost", "EMAIL_PORT": 25}
    try:
        port = int(environ.get("EMAIL_PORT", "") or 25)
    except ValueError:
        raise ImproperlyConfigured("EMAIL_PORT is not a number.") from None
    return {
        "EMAIL_BACKEND": _BACKENDS["smtp"],
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "").strip().lower() in _TRUE,
        "EMAIL_USE_SSL": environ.get("EMAIL_USE_SSL", "").strip().lower() in _TRUE,
    }


def _from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in _BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL: {parts.scheme!r} is not one of {', '.join(sorted(_BACKENDS))}."
        )
    options = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps" or options.get("ssl") in _TRUE
    try:
        port = parts.port or (465 if ssl else 25)
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    return {
        "EMAIL_BACKEND": _BACKENDS[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": options.get("tls") in _TRUE,
        "EMAIL_USE_SSL": ssl,
    }
