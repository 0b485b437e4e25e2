"""Admin login throttling (django-axes): who a client is, and when a login is refused.

A client (an address) that fails `AXES_FAILURE_LIMIT` times, whichever accounts it tried,
is refused for `AXES_COOLOFF_TIME`; so is an account that fails
`LOGIN_ACCOUNT_FAILURE_LIMIT` times from any number of clients, which stops a guesser who
spreads over many addresses. Tries made while refused are not recorded
(`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False`), so one guesser stops counting
against the account at its own limit and cannot lock an editor out from elsewhere.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ClientAndAccountHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for an account's failures."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # One count per entry of AXES_LOCKOUT_PARAMETERS: ["ip_address", "username"].
        by_client, by_account = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_account >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            return max(by_client, settings.AXES_FAILURE_LIMIT)
        return by_client


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page a refused login gets (429): why, for how long, and what to do."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "minutes": max(1, round(seconds / 60)),
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
