"""Errors as problem details (RFC 9457): `{"type", "title", "status", "detail"}`.

A parameter the API cannot use answers 400 with `errors` naming each one; a statement
removed in a correction answers 410 Gone, saying when.
"""

from http import HTTPStatus

from django.utils.cache import add_never_cache_headers
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This resource was removed."
    default_code = "gone"

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.extra = extra


def problem_handler(exc, context):
    """DRF's handler, with its answer reshaped as a problem."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500
    code = response.status_code
    body = {"type": "about:blank", "title": HTTPStatus(code).phrase, "status": code}
    detail = getattr(exc, "detail", None)
    if isinstance(detail, dict | list):
        body["detail"] = "Some parameters could not be used; see errors."
        body["errors"] = detail
    else:
        body["detail"] = str(detail) if detail else HTTPStatus(code).description
    body.update(getattr(exc, "extra", {}))
    response.data = body
    response.content_type = PROBLEM_TYPE
    if code == status.HTTP_429_TOO_MANY_REQUESTS:
        add_never_cache_headers(response)  # a cache must not keep refusing after the wait
    return response


def not_found_detail(what: str) -> NotFound:
    return NotFound(f"No {what} here.")
