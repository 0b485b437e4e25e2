"""Website chrome and interface noise: lines that are part of the page, not the transcript."""

import re

# Whole lines (case-folded, trailing colon dropped) that are page furniture wherever they are.
NOISE_LINES = frozenset(
    w.strip()
    for w in """
    additional|see also|advanced settings|view settings|font size|site colours|site colors|
    settings|images|print|print version|text version|share|copy link|send to a friend|
    back to top|to top|read more|show more|hide|menu|search|version for the visually impaired|
    images on|images off|line spacing|subscribe|share this|email this|send by email|
    copy to clipboard|link copied|close|open|bookmark|download|download video|watch video|
    listen|play video|next|previous|share on twitter|share on facebook|tweet|top of page
    """.replace("\n", "").split("|")
) - {""}

# Lines at the top of a page before the title, besides NOISE_LINES.
_TOP_CHROME = frozenset(
    w.strip()
    for w in """
    official website of the president of russia|president of russia|official web portal|
    президент россии|версия для слабовидящих|настройки|en.kremlin.ru|kremlin.ru|events|
    news|transcripts|home|main page|
    english|русский|français|español|deutsch|skip to main content|skip to content|
    the white house|u.s. department of state|united nations|statements and releases|
    briefing room|speeches & remarks|speeches and remarks
    """.replace("\n", "").split("|")
) - {""}

_CHROME_PATTERNS = re.compile(
    r"^(?:font size\b.*|site colou?rs?\b.*|select font\b.*|character spacing\b.*"
    r"|line spacing\b.*|images\s*(?:on|off)?\b.*|(?:view|advanced) settings\b.*)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^(?:[^/.!?:;]{1,40}\s*/\s*)+[^/.!?:;]{0,40}$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

# Lines after the last turn that start the page's footer: everything from them on is dropped.
_TAIL_START = re.compile(
    r"^(?:see also|additional|related(?: news| materials| content)?|publication status\b.*"
    r"|published in sections?\b.*|publication date\b.*|direct link\b.*|text version"
    r"|(?:persons?|geography|topics?|tags?|keywords)(?::.*)?"
    r"|print version|share|©.*|copyright\b.*|all content on this site\b.*|more news"
    r"|latest news|most read)$",
    re.IGNORECASE,
)


def _folded(text: str) -> str:
    return text.casefold().rstrip(" :").strip()


def is_noise(text: str) -> bool:
    """Interface words such as `See also` or `Advanced settings`, on a line of their own."""
    return _folded(text) in NOISE_LINES or bool(_CHROME_PATTERNS.match(text))


def is_top_chrome(text: str) -> bool:
    """Chrome that may come before the title: site names, breadcrumbs, view settings."""
    folded = _folded(text)
    return (
        folded in NOISE_LINES
        or folded in _TOP_CHROME
        or bool(_CHROME_PATTERNS.match(text))
        or bool(_BREADCRUMB.match(text))
        or bool(_URL.match(text))
    )


def is_tail_start(text: str) -> bool:
    """A line that begins the footer of a page: `See also`, `Publication status`, ..."""
    return bool(_TAIL_START.match(text)) or bool(_URL.match(text))
