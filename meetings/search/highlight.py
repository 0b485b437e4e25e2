"""Safe highlighting: every piece of text is escaped first, then matched words get `<mark>`.

Words match the way the index matches them: by Porter stem (so `ceasefires` marks
`ceasefire`), or by prefix for `prefix*` terms.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.lang.porter import stem

from .query import Term

SNIPPET_LENGTH = 320
# How much text to show before the first match.
SNIPPET_LEAD = 90

# The engine's own tokenizer: words, with inner dots kept (`U.S`).
_TOKEN_RE = re.compile(r"\w+(?:\.?\w+)*")


class _Matcher:
    def __init__(self, terms: list[Term]):
        self.stems = set()
        self.prefixes = []
        for term in terms:
            if term.prefix:
                self.prefixes.append(term.words[0])
            else:
                self.stems.update(stem(word) for word in term.words)
        self.prefixes = tuple(self.prefixes)

    def __bool__(self):
        return bool(self.stems or self.prefixes)

    def __call__(self, token: str) -> bool:
        token = token.lower()
        if stem(token) in self.stems:
            return True
        return bool(self.prefixes) and token.startswith(self.prefixes)


def _render(text: str, start: int, end: int, matcher: _Matcher) -> str:
    out, position = [], start
    for match in _TOKEN_RE.finditer(text, start, end):
        if matcher and matcher(match.group()):
            out.append(escape(text[position:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: list[Term]) -> SafeString:
    """The whole text, escaped, with matched words marked."""
    return mark_safe(_render(text or "", 0, len(text or ""), _Matcher(terms)))  # noqa: S308


def snippet(text: str, terms: list[Term], length: int = SNIPPET_LENGTH) -> SafeString:
    """An escaped excerpt around the first matched word, with matched words marked."""
    text = " ".join((text or "").split())
    matcher = _Matcher(terms)
    first = None
    if matcher:
        first = next((m for m in _TOKEN_RE.finditer(text) if matcher(m.group())), None)
    start = 0
    if first is not None and first.start() > SNIPPET_LEAD:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LEAD) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    html = _render(text, start, end, matcher)
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 - every piece of text went through escape()
