"""Per-client limits on the API, counted by meetings/ratelimit.py as the site's search is."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from ..ratelimit import seconds_to_wait


class ApiThrottle(BaseThrottle):
    """`settings.API_RATE` per client over the whole API (None: no limit)."""

    group = "api"
    rate_setting = "API_RATE"

    def allow_request(self, request, view) -> bool:
        rate = getattr(settings, self.rate_setting)
        self.seconds = seconds_to_wait(request._request, group=self.group, rate=rate)
        return not self.seconds

    def wait(self) -> int:
        return self.seconds


class ApiSearchThrottle(ApiThrottle):
    """Searches through the API: `settings.API_SEARCH_RATE` per client."""

    group = "api-search"
    rate_setting = "API_SEARCH_RATE"
