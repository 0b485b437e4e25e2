"""A cached name key: the parser compares the same few names thousands of times."""

import functools

from meetings.text import name_key as _name_key


@functools.lru_cache(maxsize=8192)
def name_key(value: str) -> str:
    """`meetings.text.name_key`, remembered."""
    return _name_key(value)
