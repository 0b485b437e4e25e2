"""Parley's template tags and filters: `{% load parley %}`.

Wording the pages share (spans of years, language names, source addresses) and which
section of the site a page belongs to, for the main navigation's `aria-current`.
"""

from django import template
from django.urls import ResolverMatch
from django.utils.html import format_html

from ..languages import language_name as _language_name

register = template.Library()

# The first word of a `meetings:` URL name → the main navigation's section.
_SECTIONS = {"meeting": "meetings", "leader": "leaders", "country": "countries", "about": "about"}


@register.filter
def nav_section(match: ResolverMatch | None) -> str:
    """`request.resolver_match` → `meetings`, `leaders`, `countries`, `about`, `search` or ``."""
    if match is None:
        return ""
    if match.namespace == "search":
        return "search"
    if match.namespace != "meetings" or not match.url_name:
        return ""
    return _SECTIONS.get(match.url_name.split("_", 1)[0], "")


@register.simple_tag
def year_span(first: int | None, last: int | None) -> str:
    """`2019–2022`, or `2022` alone when the span is one year."""
    if first is None or last is None or first == last:
        return str(first if first is not None else last or "")
    return f"{first}–{last}"


@register.simple_tag
def during_years(first: int | None, last: int | None) -> str:
    """`from 2019 to 2022`, or `in 2022` when the span is one year (never `from 2022 to 2022`)."""
    if first is None or last is None or first == last:
        year = first if first is not None else last
        return f"in {year}" if year is not None else ""
    return f"from {first} to {last}"


@register.filter
def language_name(tag: str) -> str:
    """A BCP 47 tag's name for readers: `ru` → `Russian`."""
    return _language_name(tag) if tag else ""


@register.simple_tag
def lang_attribute(tag: str, page_language: str = "en") -> str:
    """` lang="ru"` on an element whose text is not in the page's language; else nothing."""
    if not tag or tag == page_language:
        return ""
    return format_html(' lang="{}"', tag)


@register.filter
def web_address(url: str) -> str:
    """A URL as people write it: `http://en.kremlin.ru/events/1` → `en.kremlin.ru/events/1`."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/") if url.count("/") == 1 else url
