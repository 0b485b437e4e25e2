"""Transcript files uploaded to the admin's import page, kept from its preview to its save.

A browser never sends a chosen file twice: after the preview, the editor would have to
choose it again before saving. So the first request that brings a file keeps what was
read from it in Django's cache (files on disk, shared by the web workers) under a random
token, which the page carries in a hidden field. A token is good only for the editor who
uploaded the file, and for `KEEP_SECONDS`.
"""

import secrets
from dataclasses import dataclass

from django.core.cache import cache

KEEP_SECONDS = 24 * 3600
_TOKEN_BYTES = 24


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str
    size: int  # bytes, as uploaded
    text: str  # what the parser reads
    raw: str  # what the archive stores, e.g. the HTML page


def _key(token: str, user_id: int | None) -> str:
    return f"import-upload:{user_id}:{token}"


def upload_keep(*, user_id: int | None, name: str, size: int, text: str, raw: str) -> KeptUpload:
    """Keep a decoded upload for its editor; returns it with its new token."""
    kept = KeptUpload(secrets.token_urlsafe(_TOKEN_BYTES), name, size, text, raw)
    cache.set(_key(kept.token, user_id), kept, KEEP_SECONDS)
    return kept


def upload_kept(token: str, *, user_id: int | None) -> KeptUpload | None:
    """The upload kept under `token` for this editor, or None (unknown, expired, another's)."""
    if not token or len(token) > 64 or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return cache.get(_key(token, user_id))
