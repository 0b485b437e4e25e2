"""Conditional GET on the public pages: Cache-Control, validators, and 304 answers.

Pages drawn from the database change only when the archive does, so their ETag and
Last-Modified are the archive's version and last change (`overview.version`,
`overview.changed_at`), read from the cache before the view runs: a 304 costs no query.
That holds for a meeting page too, which also shows its neighbours, related meetings and
its people's names, so its own `updated_at` would miss changes. Search results change when
the index worker catches up, after the commit, so search pages get an ETag of their
content instead. Admin pages get neither: Django marks them never_cache.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, conditional_page

from . import overview


def _archive_etag(request, *args, **kwargs) -> str:
    return f'"{overview.version()}"'


def _archive_last_modified(request, *args, **kwargs) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(overview.changed_at(), tz=datetime.UTC)


def _public(view: Callable) -> Callable:
    return cache_control(public=True, max_age=settings.PUBLIC_CACHE_SECONDS)(view)


def archive_page(view: Callable) -> Callable:
    """A page drawn from the database alone: validators from the archive's last change."""
    return _public(
        condition(etag_func=_archive_etag, last_modified_func=_archive_last_modified)(view)
    )


def content_page(view: Callable) -> Callable:
    """A page that may change without the database (search): an ETag of its content."""
    return _public(conditional_page(view))
