"""The server-error page, and the 503 shown instead when PostgreSQL or the index cannot be read.

Django calls `server_error` (handler500) for any exception no view handled, wherever it
was raised, with the exception still being handled. A database that is down or restarting
is not a bug: visitors get a 503 with Retry-After, the log gets one line per request
instead of a traceback, and the next request after the database is back succeeds (Django
checks a kept connection before using it).
"""

import json
import logging
import sys
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from meetings.search.contract import IndexUnavailable

logger = logging.getLogger("parley.unavailable")

RETRY_AFTER_SECONDS = 30
# What makes a page temporarily impossible rather than broken.
UNAVAILABLE = (OperationalError, InterfaceError, IndexUnavailable)


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    api = request.path.startswith("/api/")  # its clients read problem details, not pages
    if not isinstance(error, UNAVAILABLE):
        if api:
            return _problem(500, "The API failed to answer; the error is logged.")
        return defaults.server_error(request)
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    index = isinstance(error, IndexUnavailable)
    what = "Search index" if index else "Database"
    logger.error("%s unavailable, 503 for %s %s: %s", what, request.method, request.path, reason)
    if api:
        response = _problem(
            503, f"The archive's {what.lower()} is briefly unavailable; retry soon."
        )
    else:
        page = loader.get_template("503.html").render({"index": index})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # Django would log it again, with the traceback
    return response


def _problem(status: int, detail: str) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
