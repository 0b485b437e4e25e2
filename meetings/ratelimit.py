"""Per-client request limits: a view decorator that answers 429 with Retry-After.

    @rate_limited("search", rate_setting="SEARCH_RATE")
    def search(request): ...

A rate is a setting such as `SEARCH_RATE = "60/m"` (requests per `s`, `m`, `h`, `d`, or per
several of them: `"300/5m"`; archive/settings.py reads them with `env_rate`), looked up at
each request; `None` turns the limit off. The search
page uses it now; the JSON API and e-mail alert subscriptions are meant to use it too, each
with a group and a rate setting of its own (and their own `respond`, e.g. a JSON body).

Counting is django-ratelimit's (`get_usage`): a fixed window per client and group, whose
edges are staggered per client, with its count in Django's cache. Parley's cache is files
shared by the web workers of one machine (`RATELIMIT_USE_CACHE` may name a memcached or
Redis cache for several machines). The file cache's increment is not atomic, so a burst of
simultaneous requests from one client may be counted a few short; never too many. When the
cache fails, requests pass (`RATELIMIT_FAIL_OPEN`): readers are never refused for our fault.

The client is its address (`client_address`), IPv6 addresses by their /64 network, which
one household or host usually holds whole.
"""

import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

IPV6_PREFIX = 64

Responder = Callable[[HttpRequest, int], HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: X-Real-IP from our own proxy (BEHIND_PROXY), else the peer.

    deploy/Caddyfile sets X-Real-IP itself, overwriting whatever the client sent; without
    BEHIND_PROXY the header is ignored, since anyone could send one.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.headers.get("x-real-ip", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def client_address(request: HttpRequest) -> str:
    """The client a limit counts: its address, or its /64 network for IPv6."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def seconds_to_wait(request: HttpRequest, *, group: str, rate: str | None) -> int:
    """Count this request against `group`; 0 if it may go ahead, else seconds to wait."""
    if rate is None:
        return 0
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, req: client_address(req),
        rate=rate,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The readable 429 page: what happened and when to try again."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)  # a cache must not keep refusing after the wait
    return response


def rate_limited(group: str, *, rate_setting: str, respond: Responder = too_many_requests):
    """Limit a view to the rate in `settings.<rate_setting>` per client, shared by `group`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = seconds_to_wait(request, group=group, rate=getattr(settings, rate_setting))
            if wait:
                return respond(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
