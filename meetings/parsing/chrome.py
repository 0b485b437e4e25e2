"""Website chrome and interface noise: lines that are part of the page, not the transcript."""

import re

from . import russian

# Whole lines (case-folded, trailing colon dropped) that are page furniture wherever they are.
NOISE_LINES = frozenset(
    w.strip()
    for w in """
    additional|see also|advanced settings|view settings|font size|site colours|site colors|
    settings|images|print|print version|text version|share|copy link|send to a friend|
    back to top|to top|read more|show more|hide|menu|search|version for the visually impaired|
    images on|images off|line spacing|subscribe|share this|email this|send by email|
    copy to clipboard|link copied|close|open|bookmark|download|download video|watch video|
    listen|play video|next|previous|share on twitter|share on facebook|tweet|top of page|
    send by e-mail|e-mail|permanent link|short link|print this page|share this page|
    subscribe to news|advertisement|advertising|ad|sponsored|scroll to continue|
    continue reading|story continues below|article continues below advertisement|
    twitter|facebook|linkedin|whatsapp|telegram|vk|vkontakte|reddit|pinterest|weibo|wechat|
    x (twitter)|print friendly|print-friendly|printer-friendly version|pdf version|
    back to news|back to list|back to the list|return to top|return to list|go to top|
    like this:|like loading...|rate this|listen to this article|japanese|日本語|back to index|
    back to top of page|related information|download pdf|pdf
    """.replace("\n", "").split("|")
) - {""}

# Lines at the top of a page before the title, besides NOISE_LINES.
_TOP_CHROME = frozenset(
    w.strip()
    for w in """
    official website of the president of russia|president of russia|official web portal|
    президент россии|версия для слабовидящих|настройки|en.kremlin.ru|kremlin.ru|events|
    news|transcripts|home|main page|trips|letters|press statements|speeches|documents|
    multimedia|photos|videos|audio|commissions and councils|
    presidential executive office|acts|instructions|
    statements and releases|press releases|remarks|
    english|русский|français|español|deutsch|skip to main content|skip to content|
    the white house|u.s. department of state|united nations|statements and releases|
    briefing room|speeches & remarks|speeches and remarks
    """.replace("\n", "").split("|")
) - {""}

_CHROME_PATTERNS = re.compile(
    r"^(?:\d{1,3} of \d{1,3}|font size\b.*|site colou?rs?\b.*|select font\b.*|character spacing\b.*"
    r"|line spacing\b.*|images\s*(?:on|off)?\b.*|(?:view|advanced) settings\b.*"
    r"|printed (?:on|from)\b.*|print(?:ed)? date\b.*)$",
    re.IGNORECASE,
)
# `S/PV.9027`, `A/77/PV.12`: a UN document symbol; `Seventy-seventh year`: the session.
_UN_SYMBOL = re.compile(
    r"^(?:United Nations\s+)?(?:[A-Z]{1,4}/)+(?:\d+/)*(?:PV|SR|RES|INF)?\.?[\d.A-Z/]*\d[\d.A-Z/]*$"
)
_UN_SESSION = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)? (?:year|session)$")
_UN_RUNNING = re.compile(
    r"^(?:\d{2}/\d{2}/\d{4}\s+.{0,200}?\s*)?[SAE]/(?:\d+/)*PV\.\d+(?:\s.{0,200})?$"
)
_UN_PAGE = re.compile(
    r"^\d{2}-\d{5}(?:\s*\(E\))?(?:\s+\d{1,3}/\d{1,3})?$|^\d{1,3}/\d{1,3}\s+\d{2}-\d{5}$"
)
_COOKIES = re.compile(r"\bcookies?\b|^navigation menu$|^menu$|^gov\.uk$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^(?:[^/.!?:;]{1,40}\s*/\s*)+[^/.!?:;]{0,40}$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

# Lines after the last turn that start the page's footer: everything from them on is dropped.
_TAIL_START = re.compile(
    r"^(?:see also|additional"
    r"|related(?: news| materials| content| links| documents| articles| stories| videos)?"
    r"|other news|for information media\b.*|suggest to a friend|publication status\b.*"
    r"|prn:?\s*\d{4}/\d+.*|media note\b.*"
    r"|published in sections?\b.*|publication date\b.*|direct link\b.*|text version"
    r"|(?:persons?|geography|topics?|tags?|keywords)(?::.*)?"
    r"|print version|share|©.*|copyright\b.*|all content on this site\b.*|more news"
    r"|latest news|most read|is this page useful\??|report a problem with this page"
    r"|explore the topic|related content|published \d.*|last updated\b.*"
    r"|share this(?: article| story| post)?|back to news|back to (?:the )?list|--"
    r"|source\s*:\s*(?:https?://|www\.).*|original(?: text| source)?\s*:\s*(?:https?://|www\.).*"
    r"|leave a (?:comment|reply)|\d+ comments?|comments|you may also like|read also"
    r"|more on this topic|read more\b.*|previous (?:post|article)\b.*|next (?:post|article)\b.*"
    r"|this entry was posted\b.*|filed under\b.*|posted in\b.*|categories?:.*"
    r"|\((?:concluded|ends?|end of (?:the )?transcript)\.?\)|concluded\.?|-\s*ends?\s*-):?$",
    re.IGNORECASE,
)
# Case matters here: `END` and `###` close US releases; `End.` could be speech.
_TAIL_MARK = re.compile(r"^(?:END|ENDS|\(END\)|#{3,}|- ?END ?-)(?:\s.*)?$")


# `From: ...`, `Subject: ...`, `Date: Wed, 13 Jun 2018 09:12:44 +0200`: a mail's headers
# above a transcript sent to a mailing list.
_MAIL_HEADER = re.compile(
    r"^(?:from|to|cc|subject|date|sent|reply-to|message-id|newsgroups|organization|"
    r"x-[\w-]+|mime-version|content-type|in-reply-to|references)\s*:\s",
    re.IGNORECASE,
)


def is_mail_header(text: str) -> bool:
    """A header line of an e-mail (`Subject: ...`) at the top of a mailed transcript."""
    return bool(_MAIL_HEADER.match(text))


def _folded(text: str) -> str:
    return text.casefold().rstrip(" :").strip()


# `Photo: The President in his office. Photograph: Daily Ledger`: a picture's caption.
_CAPTION = re.compile(
    r"^(?:photo|photograph|image|picture|caption|pictured)\s*:.{0,200}"
    r"(?:photo(?:graph)?\s*(?::|by)|credit\s*:|©|/\s*(?:afp|reuters|ap|getty))",
    re.IGNORECASE,
)


def is_noise(text: str) -> bool:
    """Interface words such as `See also` or `Advanced settings`, on a line of their own."""
    if _CAPTION.match(text):
        return True
    if len(text) > 80:
        return False  # interface words are short; most lines are speech
    folded = _folded(text)
    return (
        folded in NOISE_LINES or folded in russian.NOISE_LINES or bool(_CHROME_PATTERNS.match(text))
    )


# `Page 2 of 3`, `- 2 -`, `2`, `2 | Page`, or a running head ending in `Page 2 of 3`.
_PDF_PAGE = re.compile(
    r"^(?:(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*\|\s*page"
    r"|.{0,150}\S\s+page\s+\d{1,3}\s+of\s+\d{1,3})$",
    re.IGNORECASE,
)


def is_page_furniture(text: str) -> bool:
    """A running head, a running foot or a page number, printed on every page of a PDF.

    It can fall in the middle of a paragraph, so it is dropped rather than blanked.
    """
    un_like = text[:1].isdigit() or text[:2] in ("S/", "A/", "E/")
    if un_like and (_UN_RUNNING.match(text) or _UN_PAGE.match(text)):
        return True
    return len(text) <= 200 and bool(_PDF_PAGE.match(text))


def is_top_chrome(text: str) -> bool:
    """Chrome that may come before the title: site names, breadcrumbs, view settings."""
    folded = _folded(text)
    return (
        folded in NOISE_LINES
        or (len(text) <= 200 and bool(_COOKIES.search(text)))
        or folded in _TOP_CHROME
        or folded in russian.TOP_CHROME
        or bool(_CHROME_PATTERNS.match(text))
        or bool(_BREADCRUMB.match(text))
        or bool(_URL.match(text))
        or bool(_UN_SYMBOL.match(text))
        or bool(_UN_SESSION.match(text))
    )


def is_tail_start(text: str) -> bool:
    """A line that begins the footer of a page: `See also`, `Publication status`, ..."""
    return bool(
        _TAIL_START.match(text)
        or _URL.match(text)
        or _TAIL_MARK.match(text)
        or russian.TAIL_START.match(text)
    )
